// What a coverage-gap alert says to the clinic's fallback contacts: which service has nobody on call and
// when (the clinic's clock), why, and where to fix it. Rota facts only: no request, no caller.
import { toGsm7 } from './gsm7.js';
import { EMAIL_SUBJECT_MAX, oneLine, SMS_SEGMENT, smsName } from './page-text.js';

export interface AlertedGap {
  serviceId: string;
  serviceName: string;
  /** Shown from `now` when it began earlier. */
  start: number;
  end: number;
  /** Why the shift's holder cannot be paged (availability.ts); absent: nobody on the rota. */
  reason?: string;
  /** The holder's name (or id, when not a clinician of the clinic). */
  holder?: string;
  /** Where a request in the gap goes instead: a fallback service's name, else the clinic's fallback contacts. */
  coveredBy?: string;
}

export interface GapAlertContent {
  clinicName: string;
  timeZone: string;
  now: number;
  /** Soonest first. */
  gaps: AlertedGap[];
  /** The admin console, where an override or a rota change closes a gap. */
  consoleUrl: string;
}

function when(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (ms: number) => format.format(ms).replace(',', '');
}

const WHY: Record<string, (holder: string) => string> = {
  clinician_inactive: (h) => `${h} is inactive`,
  no_verified_contact: (h) => `${h} has no verified contact method`,
  no_such_clinician: (h) => `${h} is not a clinician of the clinic`,
};
const whyOf = (gap: AlertedGap) =>
  gap.reason === undefined
    ? 'nobody is on the rota'
    : (WHY[gap.reason] ?? ((h) => `${h}: ${gap.reason}`))(gap.holder ?? '?');

const MIN_NAME = 6;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** SMS (one GSM-7 segment: names give way first, then the reason, then the link), email, push. */
export function gapAlertText(content: GapAlertContent): { sms: string; subject: string; body: string } {
  const at = when(content.timeZone);
  const from = (g: AlertedGap) => (g.start <= content.now ? 'now' : at(g.start));
  const first = content.gaps[0];
  if (!first) throw new Error('a gap alert needs a gap');
  const more = content.gaps.length - 1;
  const moreText = more > 0 ? ` +${plural(more, 'more gap', 'more gaps')}.` : '';
  const smsOf = (service: string, why: string, link: boolean) =>
    `crisis-router: nobody on call for ${service}, ${from(first)} to ${at(first.end)}${why}.${moreText}${link ? ` Fix: ${content.consoleUrl}` : ''}`;
  const service = smsName(first.serviceName, first.serviceId);
  const why = ` ${toGsm7(`(${whyOf(first)})`)}`;
  // The service name gives way first (to 6 characters), then the reason, then the link.
  let sms = '';
  for (const [w, link] of [
    [why, true],
    ['', true],
    ['', false],
  ] as const) {
    let name = service;
    while (smsOf(name, w, link).length > SMS_SEGMENT && name.length > MIN_NAME)
      name = `${name.slice(0, name.length - 2).trimEnd()}.`;
    sms = smsOf(name, w, link);
    if (sms.length <= SMS_SEGMENT) break;
  }
  sms = sms.slice(0, SMS_SEGMENT);

  const clinic = oneLine(content.clinicName);
  const count = plural(content.gaps.length, 'coverage gap', 'coverage gaps');
  const subject = `crisis-router: ${count} at ${clinic}`;
  const lines = content.gaps.map((g) => {
    const hours = Math.round(((g.end - Math.max(g.start, content.now)) / 3_600_000) * 10) / 10;
    const instead = g.coveredBy ? ` Requests then go to ${oneLine(g.coveredBy)}.` : '';
    return `- ${oneLine(g.serviceName)}: ${from(g)} to ${at(g.end)} (${hours} h): ${whyOf(g)}.${instead}`;
  });
  return {
    sms,
    subject: [...subject].length <= EMAIL_SUBJECT_MAX ? subject : `crisis-router: ${count}`,
    body: [
      `${count} ahead at ${clinic} (times in ${content.timeZone}), not alerted before:`,
      '',
      ...lines,
      '',
      `Add cover (an override) or change the rota in the admin console: ${content.consoleUrl}`,
      'You get this once per gap. No request or caller is involved.',
    ].join('\n'),
  };
}
