import { toGsm7 } from './gsm7.js';

export const SMS_SEGMENT = 160;
const MIN_NAME = 6;

export interface PageContent {
  urgency: 'emergency' | 'urgent';
  /** Short reference of the request, e.g. R7KQ. */
  reference: string;
  serviceName: string;
  clinicName: string;
  /** What the SMS says when a name has nothing GSM-7 can show (e.g. all in Thai): never "(, )". */
  serviceId?: string;
  clinicId?: string;
  /** Numeric reply code for this page. */
  code: string;
  ackUrl: string;
}

type Template = (p: PageContent, service: string, clinic: string) => string;

// The documented wording first (docs/api.md, "Pages and privacy"); a compact one when a long link leaves too
// little room for it.
const TEMPLATES: Template[] = [
  (p, s, c) =>
    `${p.urgency === 'emergency' ? 'EMERGENCY' : 'URGENT'} crisis request ${p.reference} (${s}, ${c}). Reply ${p.code} to accept, ${p.code}N to decline, or open ${p.ackUrl}`,
  (p, s, c) =>
    `${p.urgency === 'emergency' ? 'EMERGENCY' : 'URGENT'} ${p.reference} ${s}/${c}. Reply ${p.code} yes, ${p.code}N no, or ${p.ackUrl}`,
];

/**
 * A name as GSM-7 can show it ("Łódź" → "Lodz"); one with no letter or digit left (a name in a script
 * GSM-7 lacks) is its id instead, so the text never reads "(, )".
 */
export function smsName(name: string, id = ''): string {
  const gsm = toGsm7(name);
  return /[\p{L}\p{N}]/u.test(gsm) ? gsm : toGsm7(id);
}

function shorten(name: string, length: number): string {
  return name.length <= length ? name : `${name.slice(0, Math.max(0, length - 1)).trimEnd()}.`;
}

/**
 * The SMS page: no patient detail, one GSM-7 segment. Names are shortened (longest first) to make room;
 * the code and the link are never cut, because they are what the clinician acts on.
 */
export function smsPageText(content: PageContent): string {
  const service = smsName(content.serviceName, content.serviceId);
  const clinic = smsName(content.clinicName, content.clinicId);
  for (const minimum of [MIN_NAME, 0]) {
    for (const template of TEMPLATES) {
      let s = service;
      let c = clinic;
      let text = template(content, s, c);
      while (text.length > SMS_SEGMENT && (s.length > minimum || c.length > minimum)) {
        if (s.length >= c.length) s = shorten(s, s.length - 1);
        else c = shorten(c, c.length - 1);
        text = template(content, s, c);
      }
      if (text.length <= SMS_SEGMENT) return text;
    }
  }
  throw new Error('the acknowledgement link is too long for one SMS segment: use a shorter PUBLIC_BASE_URL');
}

/** SNS: "Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long." */
export const EMAIL_SUBJECT_MAX = 99;

/** Names as one line of text: SNS rejects a subject with control characters, and a mail client folds them. */
export function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const length = (text: string) => [...text].length;

/** Cut to `to` characters (code points, so an emoji is never split), ending in "." when cut. */
function shortenChars(name: string, to: number): string {
  const chars = [...name];
  if (chars.length <= to) return name;
  const kept = chars.slice(0, Math.max(0, to - 1)).join('');
  return `${kept.trimEnd()}.`;
}

/**
 * The email page: still no patient detail. Like the SMS, it always says the urgency, the reference, the
 * service, the clinic and the link, in the body too (a mail client may show the body alone, e.g. in a
 * notification or a forward). The subject is kept under SNS's limit by shortening the names, never the
 * urgency or the reference.
 */
export function emailPage(content: PageContent): { subject: string; body: string } {
  const level = content.urgency === 'emergency' ? 'EMERGENCY' : 'URGENT';
  const service = oneLine(content.serviceName);
  const clinic = oneLine(content.clinicName);
  const subjectOf = (s: string, c: string) => `${level} crisis request ${content.reference} (${s}, ${c})`;
  let s = service;
  let c = clinic;
  while (length(subjectOf(s, c)) > EMAIL_SUBJECT_MAX && (length(s) > 1 || length(c) > 1)) {
    if (length(s) >= length(c)) s = shortenChars(s, length(s) - 1);
    else c = shortenChars(c, length(c) - 1);
  }
  return {
    subject: subjectOf(s, c),
    body: [
      `${level} crisis request ${content.reference}: ${service} at ${clinic} needs an on-call clinician.`,
      '',
      `Accept or decline: ${content.ackUrl}`,
      ...(content.code
        ? [`Or reply to the SMS with ${content.code} to accept, ${content.code}N to decline.`]
        : []),
      '',
      'The caller details are shown only after you accept.',
    ].join('\n'),
  };
}

/** What a notice says: never patient detail, only the request's reference, service and clinic. */
export interface NoticeContent {
  kind: 'contact_reminder' | 'resolve_reminder' | 'passed_on' | 'still_open';
  reference: string;
  serviceName: string;
  clinicName: string;
  serviceId?: string;
  clinicId?: string;
  /** The acceptor's case link, on reminders. */
  caseUrl?: string;
  /** On 'still_open': who called back, and how long ago they accepted. */
  acceptorName?: string;
  openMinutes?: number;
}

const duration = (minutes: number) =>
  minutes >= 120 ? `${Math.floor(minutes / 60)} h` : `${Math.max(1, Math.round(minutes))} min`;

/** The notice as SMS (GSM-7) and as email; the link, when there is one, is never cut. */
export function noticeText(n: NoticeContent): { sms: string; subject: string; body: string } {
  const link = n.caseUrl ?? '';
  const texts = (what: string): [string, string] => {
    switch (n.kind) {
      case 'contact_reminder':
        return [
          `Reminder: you accepted ${what} and no call back is recorded yet. Caller details: ${link}`,
          `Reminder: call back ${n.reference}`,
        ];
      case 'resolve_reminder':
        return [
          `Reminder: ${what} is still open. Resolve it when you are done: ${link}`,
          `Reminder: resolve ${n.reference}`,
        ];
      case 'passed_on':
        return [
          `${what} was passed on: no call back was recorded in time, so the next clinician is being paged. No action needed.`,
          `${n.reference} was passed on`,
        ];
      case 'still_open':
        return [
          `${what}: ${n.acceptorName ?? 'the clinician'} called the caller back but it is still open after ${duration(n.openMinutes ?? 0)}. Please check with them.`,
          `${n.reference} is still open`,
        ];
    }
  };
  const [body, subject] = texts(`${n.reference} (${oneLine(n.serviceName)}, ${oneLine(n.clinicName)})`);
  const [sms] = texts(
    `${n.reference} (${smsName(n.serviceName, n.serviceId)}, ${smsName(n.clinicName, n.clinicId)})`,
  );
  return { sms: toGsm7(sms), subject: subject.slice(0, EMAIL_SUBJECT_MAX), body };
}

/** A message about a contact method itself: its verification code, or a test page. Never patient detail. */
export interface ContactMessage {
  purpose: 'verification' | 'test';
  clinicName: string;
  /** The verification code. */
  code?: string;
  minutesValid?: number;
}

/** As SMS (GSM-7, one segment at any clinic name) and as email; the code is never cut. */
export function contactMessageText(m: ContactMessage): { sms: string; subject: string; body: string } {
  const clinic = oneLine(m.clinicName);
  // A name with no letter left in GSM-7 (all emoji, another script) reads as a clinic, not as punctuation.
  const gsmName = toGsm7(m.clinicName);
  const nameForSms = /\p{L}/u.test(gsmName) ? gsmName : 'your clinic';
  const tail = `Expires in ${m.minutesValid ?? 15} min. Not expecting it? Ignore this message.`;
  const smsOf = (name: string) =>
    m.purpose === 'verification'
      ? `crisis-router code ${m.code ?? ''}: confirms this contact for on-call pages from ${name}. ${tail}`
      : `TEST page from crisis-router for ${name}: this is how on-call pages will reach you. No action needed.`;
  // One segment: the name gives way, never the code.
  let name = nameForSms;
  while (smsOf(name).length > SMS_SEGMENT && name.length > 1) name = shorten(name, name.length - 1);
  const sms = smsOf(name.replace(/\.+$/, ''));
  if (m.purpose === 'verification') {
    return {
      sms,
      subject: `crisis-router code ${m.code ?? ''}`,
      body: `Your crisis-router code is ${m.code ?? ''}. It confirms this address for on-call pages from ${clinic}. ${tail}`,
    };
  }
  return {
    sms,
    subject: `TEST page from crisis-router (${clinic})`.slice(0, EMAIL_SUBJECT_MAX),
    body: `TEST page from crisis-router for ${clinic}: this is how on-call pages will reach you. No action needed; nobody is waiting.`,
  };
}

/** Letters and digits read one by one, so a reference or a code is heard as characters, not a word. */
const spelt = (text: string) => [...text].join(' ');

/**
 * What a voice page says: the same facts as the SMS and no more, said twice, then the keys. The calling
 * provider repeats the keys prompt while it waits for a digit.
 */
export function voicePageScript(content: Omit<PageContent, 'ackUrl'>): {
  say: string;
  prompt: string;
  /** For a call that cannot take keys: how to answer instead. */
  withoutKeys: string;
} {
  const level = content.urgency === 'emergency' ? 'Emergency' : 'Urgent';
  const facts = `${level} crisis request, reference ${spelt(content.reference)}, for ${oneLine(content.serviceName)} at ${oneLine(content.clinicName)}.`;
  const reply = content.code
    ? `reply to the text message with code ${spelt(content.code)}, or open the link in it`
    : 'open the link in your text message or email';
  return {
    say: `This is crisis-router. ${facts} Again: ${facts}`,
    prompt: 'Press 1 to accept. Press 2 to decline.',
    withoutKeys: `To accept or decline, ${reply}. Goodbye.`,
  };
}

/** What the call says once a key was pressed, so the person knows what was recorded. */
export function voiceConfirmation(
  result: 'accepted' | 'declined' | 'already_answered' | 'not_understood',
): string {
  switch (result) {
    case 'accepted':
      return 'Accepted. The caller details are in the text message and at the link in your pages. Goodbye.';
    case 'declined':
      return 'Declined. The next clinician is being paged. Goodbye.';
    case 'already_answered':
      return 'This page was already answered. Nothing was changed. Goodbye.';
    case 'not_understood':
      return 'Sorry, that key does nothing. Press 1 to accept. Press 2 to decline.';
  }
}

/** A contact method's code or test page, spoken. */
export function voiceContactScript(m: ContactMessage): string {
  const clinic = oneLine(m.clinicName) || 'your clinic';
  return m.purpose === 'verification'
    ? `This is crisis-router. Your code is ${spelt(m.code ?? '')}. Again: ${spelt(m.code ?? '')}. It confirms this number for on-call pages from ${clinic}.`
    : `This is a test call from crisis-router for ${clinic}. This is how on-call pages will reach you. No action is needed. Goodbye.`;
}

/** A push notification's title and line: what the lock screen shows, so no more than the SMS says. */
export function pushPage(content: Omit<PageContent, 'code' | 'ackUrl'>): { subject: string; body: string } {
  const level = content.urgency === 'emergency' ? 'EMERGENCY' : 'URGENT';
  return {
    subject: `${level} crisis request ${content.reference}`,
    body: `${oneLine(content.serviceName)}, ${oneLine(content.clinicName)}. Tap to accept or decline.`,
  };
}
