// The rotation editor's preview: the next 14 days of shifts and gaps in the clinic's time zone, computed
// in the browser by the server's own rota engine (shared/domain/rota, bundled into admin.js), with the
// shifts that a daylight-saving change makes shorter or longer marked. Pure (no DOM): unit-tested in
// test/unit/web/.
import type { Override, Rotation } from '../../../shared/domain/model.js';
import { shiftsBetween, withAvailability } from '../../../shared/domain/rota/index.js';
import { startOfDay, zonedParts } from '../lib/time.js';

export const PREVIEW_DAYS = 14;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface PreviewRow {
  start: number;
  end: number; // exclusive
  kind: 'shift' | 'gap';
  clinicianId?: string;
  source?: 'rotation' | 'override';
  /** Gaps only: why the rota's clinician is not paged (absent: nobody on the rota). */
  reason?: string;
  /** "24 h", "6 days 23 h"; empty for a row that runs on past the time looked at (openStart, openEnd). */
  length: string;
  /** "clocks go forward: this shift is 23 h", or null when no clock change falls inside. */
  dst: string | null;
  /** The row began before the earliest instant looked at (a long gap before the rota starts): its start is not known. */
  openStart?: boolean;
  /** The row goes on past the latest instant looked at. */
  openEnd?: boolean;
}

export interface Preview {
  /** The window shown: midnight today to midnight in `days` days, clinic time. */
  from: number;
  to: number;
  rows: PreviewRow[];
  shifts: number;
  gaps: number;
}

export interface PreviewInput {
  rotation: Rotation;
  timeZone: string;
  now: number;
  overrides?: readonly Override[];
  /** Why a clinician cannot be paged (the clinicians list's `warning`), or null: their shifts are gaps. */
  unavailable?: (clinicianId: string) => string | null;
  days?: number;
}

/** The zone's offset from UTC at `ms`, in minutes. */
export function offsetMinutes(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/** A shift's length for a glance: "45 min", "23 h", "12 h 30 min", "7 days", "6 days 23 h". */
export function lengthWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  const days = minutes >= (48 * HOUR) / MINUTE ? Math.floor(minutes / (DAY / MINUTE)) : 0;
  const rest = minutes - days * (DAY / MINUTE);
  const h = Math.floor(rest / 60);
  const m = rest % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} days`);
  if (h) parts.push(`${h} h`);
  if (m || !parts.length) parts.push(`${m} min`);
  return parts.join(' ');
}

/**
 * A clock change inside [start, end): "clocks go forward: this shift is 23 h" (the wall clock skips an
 * hour, so the span is an hour shorter than it reads), "clocks go back: this shift is 25 h", or null.
 */
export function dstNote(start: number, end: number, timeZone: string, what = 'shift'): string | null {
  if (!(end > start)) return null;
  const change = offsetMinutes(end - 1, timeZone) - offsetMinutes(start, timeZone);
  if (change === 0) return null;
  return `clocks go ${change > 0 ? 'forward' : 'back'}: this ${what} is ${lengthWords(end - start)}`;
}

/** The window the preview shows: from midnight today, clinic time, for `days` days. */
export function previewWindow(
  now: number,
  timeZone: string,
  days = PREVIEW_DAYS,
): { from: number; to: number } {
  const from = startOfDay(now, timeZone);
  const to = startOfDay(from + days * DAY + DAY / 2, timeZone);
  return { from, to };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** What is wrong with a rotation before the engine sees it, as {path, message} like the API's details. */
export function rotationProblems(rotation: Rotation): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const { start, handoff } = rotation;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const real =
    date && new Date(`${start}T00:00:00Z`).toISOString().startsWith(start) && Number(date[1]) >= 1970;
  if (!real) problems.push({ path: 'rotation.start', message: 'must be a date like 2026-01-05' });
  if (!Number.isInteger(handoff.count) || handoff.count < 1 || handoff.count > 52)
    problems.push({ path: 'rotation.handoff.count', message: 'must be a whole number from 1 to 52' });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(handoff.at))
    problems.push({ path: 'rotation.handoff.at', message: 'must be a 24-hour time like 08:00' });
  if (handoff.every === 'week' && handoff.weekday && !WEEKDAYS.includes(handoff.weekday))
    problems.push({ path: 'rotation.handoff.weekday', message: 'must be a day of the week' });
  return problems;
}

/**
 * The shifts and gaps that overlap the next `days` days, as the server's /shifts would answer after saving,
 * each whole: the engine is asked about a wider window (one shift length and a day either side), so the
 * shift running at midnight today shows its real start and length rather than being cut at the window.
 */
export function buildPreview(input: PreviewInput): Preview {
  const { rotation, timeZone } = input;
  const { from, to } = previewWindow(input.now, timeZone, input.days);
  const step = (rotation.handoff.count || 1) * (rotation.handoff.every === 'week' ? 7 : 1);
  const margin = Math.min(step + 1, 400) * DAY;
  const wideFrom = from - margin;
  const wideTo = to + margin;
  const raw = shiftsBetween({
    rotation,
    timeZone,
    overrides: input.overrides ?? [],
    from: wideFrom,
    to: wideTo,
  });
  const { shifts, gaps } = withAvailability(raw, input.unavailable ?? (() => null));
  const rows: PreviewRow[] = [
    ...shifts.map((s): PreviewRow => ({
      start: s.start,
      end: s.end,
      kind: 'shift',
      clinicianId: s.clinicianId,
      source: s.source,
      length: lengthWords(s.end - s.start),
      dst: dstNote(s.start, s.end, timeZone),
    })),
    ...gaps.map((g): PreviewRow => ({
      start: g.start,
      end: g.end,
      kind: 'gap',
      ...(g.clinicianId && { clinicianId: g.clinicianId }),
      ...(g.reason && { reason: g.reason }),
      length: lengthWords(g.end - g.start),
      dst: dstNote(g.start, g.end, timeZone, 'gap'),
    })),
  ]
    .filter((row) => row.end > from && row.start < to)
    .map((row) => {
      const open = row.start <= wideFrom || row.end >= wideTo;
      if (!open) return row;
      // It runs on past what was looked at (before the rota starts, or with nobody on it): no length.
      return {
        ...row,
        ...(row.start <= wideFrom && { openStart: true }),
        ...(row.end >= wideTo && { openEnd: true }),
        length: '',
        dst: null,
      };
    })
    .sort((a, b) => a.start - b.start);
  return {
    from,
    to,
    rows,
    shifts: rows.filter((r) => r.kind === 'shift').length,
    gaps: rows.filter((r) => r.kind === 'gap').length,
  };
}

/** Why the rota's clinician is not paged, in the words an admin acts on. */
export const WHY_NOT_PAGED: Record<string, string> = {
  clinician_inactive: 'is marked inactive, so they are never paged',
  no_verified_contact: 'has no verified contact method, so pages cannot reach them',
  no_such_clinician: 'is not a clinician of this clinic',
};
export const whyNotPaged = (reason: string) => WHY_NOT_PAGED[reason] ?? `cannot be paged (${reason})`;

/** Who holds a row, in words: "Dr Ana Okafor", "Femi Adeyemi (cover)", "Nobody on call". */
export function rowWho(row: PreviewRow, nameOf: (clinicianId: string) => string): string {
  if (row.kind === 'shift')
    return `${nameOf(row.clinicianId ?? '')}${row.source === 'override' ? ' (cover)' : ''}`;
  if (row.clinicianId) return `Nobody: ${nameOf(row.clinicianId)} ${whyNotPaged(row.reason ?? '')}`;
  return 'Nobody on call';
}

/** A row's span in words with `format` for instants: "Mon 7 Dec, 09:00 → Mon 14 Dec, 09:00", "Until …". */
export function rowWhen(row: PreviewRow, format: (ms: number) => string): string {
  if (row.openStart && row.openEnd) return 'All the time shown';
  if (row.openStart) return `Until ${format(row.end)}`;
  if (row.openEnd) return `From ${format(row.start)} on`;
  return `${format(row.start)} → ${format(row.end)}`;
}
