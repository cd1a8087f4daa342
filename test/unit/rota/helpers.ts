// Small builders and an independent wall-clock oracle for the rota tests.
import type { Override, Rotation, Weekday } from '../../../shared/domain/model.js';
import type { Gap, Shift } from '../../../shared/domain/rota/index.js';

export const ms = (iso: string): number => {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`bad ISO instant ${iso}`);
  return value;
};
export const iso = (instant: number): string => new Date(instant).toISOString();
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function daily(participants: string[], start: string, at: string, count = 1): Rotation {
  return { participants, start, handoff: { every: 'day', count, at } };
}

export function weekly(
  participants: string[],
  start: string,
  at: string,
  weekday?: Weekday,
  count = 1,
): Rotation {
  return { participants, start, handoff: { every: 'week', count, at, ...(weekday ? { weekday } : {}) } };
}

let nextId = 0;
export function override(
  clinicianId: string,
  start: number | string,
  end: number | string,
  createdAt: number,
  overrideId = `ov-${String(nextId++).padStart(4, '0')}`,
): Override {
  return {
    overrideId,
    clinicId: 'clinic-1',
    serviceId: 'service-1',
    clinicianId,
    start: typeof start === 'string' ? ms(start) : start,
    end: typeof end === 'string' ? ms(end) : end,
    createdAt,
  };
}

/** Shifts and gaps as readable tuples, for exact comparisons. */
export function describeTimeline(result: { shifts: Shift[]; gaps: Gap[] }): string[] {
  const rows = [
    ...result.shifts.map((s) => ({ start: s.start, text: `${s.clinicianId}/${s.source}` })),
    ...result.gaps.map((g) => ({ start: g.start, text: 'GAP' })),
  ].sort((a, b) => a.start - b.start);
  const ends = new Map<number, number>();
  for (const s of result.shifts) ends.set(s.start, s.end);
  for (const g of result.gaps) ends.set(g.start, g.end);
  return rows.map((r) => `${iso(r.start)} ${iso(ends.get(r.start) ?? NaN)} ${r.text}`);
}

// --- Oracle: resolve a local wall time with Intl only (no Temporal), by RFC 5545's rule. ---

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall clock of an instant, read back as if it were UTC (epoch ms). */
export function wallAsUtc(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const get = (k: string) => parts[k] ?? NaN;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

const offsetAt = (instant: number, timeZone: string) => wallAsUtc(instant, timeZone) - instant;

/**
 * The instant of local `date` + `time`: the first occurrence if it is ambiguous; if it falls in a gap, the
 * same wall time read with the offset from before the gap (so it moves later by the gap's length).
 */
export function oracleInstant(date: string, time: string, timeZone: string): number {
  const wall = ms(`${date}T${time}:00Z`);
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const candidates = [wall - before, wall - after].filter((c) => wallAsUtc(c, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** Local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: number, timeZone: string): string {
  return iso(wallAsUtc(instant, timeZone)).slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return iso(ms(`${date}T00:00:00Z`) + days * DAY).slice(0, 10);
}
