// What a shift notice says: when the person is on call, for which service and clinic, by the clinic's clock;
// and at the end, how many pages they had and accepted. Rota facts only: no request, no caller.
import { oneLine, SMS_SEGMENT, smsName, EMAIL_SUBJECT_MAX } from './page-text.js';

export interface ShiftNoticeContent {
  kind: 'start' | 'end';
  serviceName: string;
  serviceId: string;
  clinicName: string;
  clinicId: string;
  timeZone: string;
  now: number;
  start: number;
  end: number;
  /** The stretch goes on past the shifts read (STRETCH_HORIZON_MS): its end is not known. */
  openEnded?: boolean;
  /** Summaries: pages they received in the stretch, and how many they accepted. */
  pages?: number;
  accepted?: number;
}

const dayKey = (timeZone: string, ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    ms,
  );

/** "18:00 today", "08:00 tomorrow", "09:00 Sat 5 Dec": the day relative to `now` in the clinic's zone. */
export function localWhen(timeZone: string, now: number, ms: number): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
  const days = Math.round(
    (Date.parse(dayKey(timeZone, ms)) - Date.parse(dayKey(timeZone, now))) / 86_400_000,
  );
  if (days === 0) return `${time} today`;
  if (days === 1) return `${time} tomorrow`;
  if (days === -1) return `${time} yesterday`;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' })
    .format(ms)
    .replace(',', '');
  return `${time} ${day}`;
}

export function shiftNoticeText(n: ShiftNoticeContent): { sms: string; subject: string; body: string } {
  const when = (ms: number) => localWhen(n.timeZone, n.now, ms);
  const until = n.openEnded ? `until at least ${when(n.end)}` : `to ${when(n.end)}`;
  const line = (service: string, clinic: string) =>
    n.kind === 'start'
      ? `crisis-router: you're on call for ${service}, ${clinic}, from ${when(n.start)} ${until}.`
      : `crisis-router: your on-call time for ${service}, ${clinic} ended at ${when(n.end)}. Pages: ${n.pages ?? 0}, accepted: ${n.accepted ?? 0}. Thank you.`;
  let service = smsName(n.serviceName, n.serviceId);
  let clinic = smsName(n.clinicName, n.clinicId);
  while (line(service, clinic).length > SMS_SEGMENT && (service.length > 6 || clinic.length > 6)) {
    if (service.length >= clinic.length) service = `${service.slice(0, service.length - 2).trimEnd()}.`;
    else clinic = `${clinic.slice(0, clinic.length - 2).trimEnd()}.`;
  }
  const fullService = oneLine(n.serviceName);
  const fullClinic = oneLine(n.clinicName);
  const subject =
    n.kind === 'start'
      ? `On call for ${fullService} from ${when(n.start)}`
      : `Your on-call time for ${fullService} has ended`;
  return {
    sms: line(service, clinic).slice(0, SMS_SEGMENT),
    subject:
      [...subject].length <= EMAIL_SUBJECT_MAX
        ? subject
        : n.kind === 'start'
          ? 'You are on call soon'
          : 'Your on-call time has ended',
    body: [
      line(fullService, fullClinic).replace(/^crisis-router: /, ''),
      '',
      `Times are in ${n.timeZone}.`,
      n.kind === 'start'
        ? 'Pages reach you by your contact methods and notification rules; check they work with a test page from My contacts.'
        : 'Your next shifts are in your calendar feed and on the on-call board.',
      'This notice carries no request or caller detail.',
    ].join('\n'),
  };
}
