// Who carries the rota: on-call hours (nights and weekends apart), pages received and accepted, and how fast
// each person accepts, over a range of the clinic's days. Pure: the report (shared/app/reports) feeds it the
// shifts the rota engine computes and the timelines of the requests in the range.
import { Temporal } from 'temporal-polyfill';
import type { TimelineEntry } from './escalation/index.js';

/** Night is 20:00 to 08:00 on the clinic's clock; the weekend is all of Saturday and Sunday there. */
export const NIGHT_STARTS = '20:00';
export const NIGHT_ENDS = '08:00';
const HOUR_MS = 3_600_000;

export interface HoursSplit {
  /** Hours, to the second; `night` and `weekend` overlap on weekend nights (each counts its own). */
  total: number;
  night: number;
  weekend: number;
}

const overlap = (a: number, b: number, c: number, d: number) => Math.max(0, Math.min(b, d) - Math.max(a, c));

/**
 * Splits [start, end) by the clinic's wall clock, day by day, so a DST day counts its 23 or 25 real hours
 * and a night that crosses the change counts what was really worked.
 */
export function splitHours(start: number, end: number, timeZone: string): HoursSplit {
  const split = { total: 0, night: 0, weekend: 0 };
  if (end <= start) return split;
  const at = (date: Temporal.PlainDate, time: string) =>
    date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds;
  let date = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone).toPlainDate();
  for (;;) {
    const dayStart = at(date, '00:00');
    if (dayStart >= end) break;
    const next = date.add({ days: 1 });
    const dayEnd = at(next, '00:00');
    const held = overlap(start, end, dayStart, dayEnd);
    split.total += held;
    split.night +=
      overlap(start, end, dayStart, at(date, NIGHT_ENDS)) +
      overlap(start, end, at(date, NIGHT_STARTS), dayEnd);
    if (date.dayOfWeek >= 6) split.weekend += held;
    date = next;
  }
  return { total: split.total / HOUR_MS, night: split.night / HOUR_MS, weekend: split.weekend / HOUR_MS };
}

export interface PageTally {
  /** Pages that reached the provider for them (one per page, whatever the channels). */
  pages: number;
  accepted: number;
  /** Seconds from the page to their acceptance, one per acceptance. */
  secondsToAccept: number[];
}

/**
 * Pages and acceptances per clinician in one request's timeline. A page is one attempt (the SMS, email and
 * call of one page count once); notices are not pages. An acceptance is timed from the latest page to that
 * person before it.
 */
export function tallyPages(timeline: readonly TimelineEntry[], into: Map<string, PageTally>): void {
  const pagedAt = new Map<string, number[]>(); // clinicianId -> when each of their pages first left
  const seen = new Set<string>();
  for (const entry of timeline) {
    const id = entry.who?.clinicianId;
    if (id === undefined) continue;
    const tally = into.get(id) ?? { pages: 0, accepted: 0, secondsToAccept: [] };
    if (entry.type === 'page_sent' && entry.notice === undefined) {
      const page = `${id}#${entry.attempt ?? entry.at}`;
      if (seen.has(page)) continue;
      seen.add(page);
      tally.pages += 1;
      pagedAt.set(id, [...(pagedAt.get(id) ?? []), entry.at]);
    } else if (entry.type === 'acknowledged') {
      tally.accepted += 1;
      const page = (pagedAt.get(id) ?? []).filter((t) => t <= entry.at).at(-1);
      if (page !== undefined) tally.secondsToAccept.push((entry.at - page) / 1000);
    } else continue;
    into.set(id, tally);
  }
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
