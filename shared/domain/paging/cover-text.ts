// What cover-request messages say (docs/api.md, "Cover requests"): who asks or took it, which service and
// when by the clinic's clock, and the link to act on. Rota facts only: no request, no caller.
import { EMAIL_SUBJECT_MAX, oneLine, SMS_SEGMENT, smsName } from './page-text.js';
import { localWhen } from './shift-notice-text.js';

export type CoverMessageKind =
  /** To each offered colleague: the link takes it. */
  | 'offer'
  /** To the requester: a colleague took it. */
  | 'covered'
  /** To the requester: a colleague took it, an admin must approve. */
  | 'accepted_pending'
  /** To the admins (the clinic's fallback contacts): approve or reject in the console. */
  | 'approval_needed'
  /** To the taker an admin approved. */
  | 'approved'
  /** To the taker an admin rejected. */
  | 'rejected'
  /** To the admins and the requester: nobody took it in time. */
  | 'expired';

export interface CoverMessageContent {
  kind: CoverMessageKind;
  serviceName: string;
  serviceId: string;
  requesterName: string;
  /** The colleague who took it (all but `offer` and `expired`). */
  takerName?: string;
  timeZone: string;
  now: number;
  start: number;
  end: number;
  /** The offer's link, or the console for admins. */
  url?: string;
}

type Names = { service: string; requester: string; taker: string };

const SMS: Record<CoverMessageKind, (n: Names, window: string, url: string) => string> = {
  offer: (n, w, url) => `crisis-router: ${n.requester} asks for cover of ${n.service}, ${w}. Take it: ${url}`,
  covered: (n, w) =>
    `crisis-router: ${n.taker} took your cover of ${n.service}, ${w}. They are on call then.`,
  accepted_pending: (n, w) =>
    `crisis-router: ${n.taker} will take your cover of ${n.service}, ${w}, once an admin approves.`,
  approval_needed: (n, w, url) =>
    `crisis-router: ${n.taker} would cover ${n.requester} on ${n.service}, ${w}. Approve: ${url}`,
  approved: (n, w) =>
    `crisis-router: your cover of ${n.service} for ${n.requester}, ${w}, was approved. You are on call then.`,
  rejected: (n, w) =>
    `crisis-router: your cover of ${n.service}, ${w}, was not approved. ${n.requester} stays on call.`,
  expired: (n, w, url) =>
    `crisis-router: nobody took ${n.requester}'s cover of ${n.service}, ${w}. ${n.requester} stays on call.${url ? ` ${url}` : ''}`,
};

const SUBJECT: Record<CoverMessageKind, (n: Names) => string> = {
  offer: (n) => `${n.requester} asks for cover of ${n.service}`,
  covered: (n) => `${n.taker} took your cover of ${n.service}`,
  accepted_pending: (n) => `${n.taker} offered to cover ${n.service}: awaiting approval`,
  approval_needed: (n) => `Cover of ${n.service} awaits your approval`,
  approved: (n) => `Your cover of ${n.service} was approved`,
  rejected: (n) => `Your cover of ${n.service} was not approved`,
  expired: (n) => `Nobody took the cover of ${n.service}`,
};

const BODY_END: Record<CoverMessageKind, string> = {
  offer:
    'The first colleague to take it is put on call for that time. The link is yours alone: do not forward it.',
  covered: 'The rota shows them on call for that time; you are not paged then.',
  accepted_pending: 'Until an admin approves, you are still on call.',
  approval_needed: 'Approve or reject it in the admin console; until then the requester stays on call.',
  approved: 'The rota shows you on call for that time: pages reach you then.',
  rejected: 'Nothing changed on the rota.',
  expired:
    'The requester is still on call for that time: add cover (an override) in the admin console if needed.',
};

const shorten = (name: string) => `${name.slice(0, name.length - 2).trimEnd()}.`;

/** SMS (one GSM-7 segment: the longest name gives way first, never the link), email subject and body, push. */
export function coverMessageText(c: CoverMessageContent): { sms: string; subject: string; body: string } {
  const window = `${localWhen(c.timeZone, c.now, c.start)} to ${localWhen(c.timeZone, c.now, c.end)}`;
  const url = c.url ?? '';
  const sms: Names = {
    service: smsName(c.serviceName, c.serviceId),
    requester: smsName(c.requesterName),
    taker: smsName(c.takerName ?? ''),
  };
  const used = (Object.keys(sms) as (keyof Names)[]).filter((k) => k !== 'taker' || c.takerName);
  for (;;) {
    const text = SMS[c.kind](sms, window, url);
    const longest = used.reduce((a, b) => (sms[a].length >= sms[b].length ? a : b));
    if (text.length <= SMS_SEGMENT || sms[longest].length <= 6) break;
    sms[longest] = shorten(sms[longest]);
  }
  const full: Names = {
    service: oneLine(c.serviceName),
    requester: oneLine(c.requesterName),
    taker: oneLine(c.takerName ?? ''),
  };
  const subject = SUBJECT[c.kind](full);
  return {
    sms: SMS[c.kind](sms, window, url).slice(0, SMS_SEGMENT),
    subject: [...subject].length <= EMAIL_SUBJECT_MAX ? subject : 'crisis-router: a cover request',
    body: [
      SMS[c.kind](full, window, url).replace(/^crisis-router: /, ''),
      '',
      `Times are in ${c.timeZone}.`,
      BODY_END[c.kind],
      'No request or caller is involved.',
    ].join('\n'),
  };
}
