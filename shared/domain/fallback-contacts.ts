// A clinic's fallback contacts: the last resort of every unanswered request. Their number in the clinic
// settings is paged without a code: a last resort that pages nobody would silence every unanswered request,
// and the admin who typed it answers for it (a test page checks it). Any further method (email, voice,
// push, another number) is paged only once verified, as for a clinician.
import { planFor, type ContactMethod, type PlannedChannel } from './contacts.js';
import type { Clinic, FallbackContact } from './model.js';

/** The id of the method that stands for the number in the clinic settings: changed there, never removed. */
export const SETTINGS_SMS_ID = 'settings-sms';

/** FNV-1a: a stable, short id from a name, for records stored before fallback ids. */
function nameHash(name: string): string {
  let hash = 0x811c9dc5;
  for (const ch of name.normalize('NFC').toLowerCase()) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function fallbackIdOf(contact: Pick<FallbackContact, 'fallbackId' | 'name'>): string {
  return contact.fallbackId ?? `fb-${nameHash(contact.name)}`;
}

export function findFallback(clinic: Clinic, fallbackId: string): FallbackContact | undefined {
  return clinic.fallback.find((f) => fallbackIdOf(f) === fallbackId);
}

/** The number from the settings as a method, then the methods added since. */
export function fallbackMethods(contact: FallbackContact, settingsSince: number): ContactMethod[] {
  const settings: ContactMethod = {
    contactId: SETTINGS_SMS_ID,
    type: 'sms',
    value: contact.phone,
    verified: true,
    verifiedBy: 'clinic-settings',
    addedAt: settingsSince,
    ...(contact.phoneResult && { lastResult: contact.phoneResult }),
  };
  return [settings, ...(contact.contacts ?? [])];
}

/**
 * How a page reaches a fallback contact: the settings number, and the first verified method of each other
 * channel, all at once (no rules of their own, and no waiting: this is the last resort).
 */
export function fallbackPlan(contact: FallbackContact): PlannedChannel[] {
  return planFor(fallbackMethods(contact, 0)).map((p) => ({ ...p, afterSeconds: 0 }));
}

/**
 * The fallback list as the settings now give it, each entry keeping the id and the methods it had: matched by
 * the id the caller sent, else by name (so a PUT that only lists names keeps everyone's methods). Also what
 * was dropped, whose email subscriptions must end.
 */
export function mergeFallback(
  before: readonly FallbackContact[],
  given: readonly { fallbackId?: string | undefined; name: string; phone: string }[],
): { fallback: FallbackContact[]; dropped: FallbackContact[] } {
  const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const used = new Set<FallbackContact>();
  const taken = new Set<string>();
  const fallback = given.map((entry): FallbackContact => {
    const match = before.find(
      (f) =>
        !used.has(f) &&
        (entry.fallbackId !== undefined
          ? fallbackIdOf(f) === entry.fallbackId
          : sameName(f.name, entry.name)),
    );
    if (match) used.add(match);
    let fallbackId = entry.fallbackId ?? (match ? fallbackIdOf(match) : fallbackIdOf({ name: entry.name }));
    // A new name whose hash an earlier entry already holds (vanishingly rare) still needs its own id.
    for (let n = 2; taken.has(fallbackId); n++) fallbackId = `${fallbackIdOf({ name: entry.name })}-${n}`;
    taken.add(fallbackId);
    return {
      fallbackId,
      name: entry.name,
      phone: entry.phone,
      ...(match?.contacts?.length && { contacts: match.contacts }),
    };
  });
  return { fallback, dropped: before.filter((f) => !used.has(f)) };
}
