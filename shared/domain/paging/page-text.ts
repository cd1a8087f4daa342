import { toGsm7 } from './gsm7.js';

export const SMS_SEGMENT = 160;
const MIN_NAME = 6;

export interface PageContent {
  urgency: 'emergency' | 'urgent';
  /** Short reference of the request, e.g. R7KQ. */
  reference: string;
  serviceName: string;
  clinicName: string;
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

function shorten(name: string, length: number): string {
  return name.length <= length ? name : `${name.slice(0, Math.max(0, length - 1)).trimEnd()}.`;
}

/**
 * The SMS page: no patient detail, one GSM-7 segment. Names are shortened (longest first) to make room;
 * the code and the link are never cut, because they are what the clinician acts on.
 */
export function smsPageText(content: PageContent): string {
  const service = toGsm7(content.serviceName);
  const clinic = toGsm7(content.clinicName);
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
function oneLine(text: string): string {
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
      `Or reply to the SMS with ${content.code} to accept, ${content.code}N to decline.`,
      '',
      'The caller details are shown only after you accept.',
    ].join('\n'),
  };
}
