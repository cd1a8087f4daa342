// Identifying recipients without their phone numbers, and choosing the channels a page can still use.
import type { ContactChannel } from '../model.js';
import type { BrokenContact, Recipient, Route, Who } from './request.js';

/** Stable identity of a person within one request: clinicians by id, fallback contacts by name. */
export function whoKey(who: Who): string {
  return who.clinicianId !== undefined ? `c:${who.clinicianId}` : `f:${who.name}`;
}

export function sameWho(a: Who, b: Who): boolean {
  return whoKey(a) === whoKey(b);
}

/** Copies only id and name: the timeline must never carry a phone number or an email address. */
export function whoOf(r: Recipient | Who): Who {
  const clinicianId = 'kind' in r ? (r.kind === 'clinician' ? r.clinicianId : undefined) : r.clinicianId;
  return clinicianId !== undefined ? { clinicianId, name: r.name } : { name: r.name };
}

/** Channel first: channels have no ':' so the key is unambiguous whatever the name holds. */
export function channelKey(channel: ContactChannel, who: Who): string {
  return `${channel}:${whoKey(who)}`;
}

/**
 * A fallback contact's settings number is always tried (the last resort is never silenced); their other
 * methods, like a clinician's, unless found broken.
 */
export function usableChannels(r: Recipient, broken: readonly BrokenContact[]): ContactChannel[] {
  const clinicianId = r.kind === 'clinician' ? r.clinicianId : undefined;
  const isBroken = (channel: ContactChannel) =>
    clinicianId !== undefined && broken.some((b) => b.clinicianId === clinicianId && b.channel === channel);
  const channels: ContactChannel[] = [];
  if (r.kind === 'fallback') channels.push('sms');
  else if (r.phone !== undefined && !r.smsBroken && !isBroken('sms')) channels.push('sms');
  if (r.email !== undefined && !isBroken('email')) channels.push('email');
  if (r.voice !== undefined && !isBroken('voice')) channels.push('voice');
  if (r.push !== undefined && !isBroken('push')) channels.push('push');
  return channels;
}

export function distinctRecipients(recipients: readonly Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = whoKey(whoOf(r));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every clinician named anywhere in the route, in level order. */
export function routeClinicians(route: Route): Recipient[] {
  return distinctRecipients(route.levels.flatMap((l) => l.recipients.filter((r) => r.kind === 'clinician')));
}

/** The full recipient (with the phone the pager needs) behind a Who, looked up in the frozen route. */
export function findRecipient(route: Route, who: Who): Recipient | undefined {
  const key = whoKey(who);
  const all = [...route.levels.flatMap((l) => l.recipients), ...route.fallbackContacts];
  return all.find((r) => whoKey(whoOf(r)) === key);
}
