// Times for people: clock times in a given IANA zone (the clinic's) with Intl only, no library.

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(timeZone, format);
  }
  const out: Record<string, number> = {};
  for (const part of format.formatToParts(ms))
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  return {
    year: out.year ?? 0,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** The zone's offset from UTC at `ms`, in ms (to the second). */
function offsetAt(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in `timeZone`, resolved like Temporal's "compatible": an ambiguous time
 * (clocks go back) is its first occurrence, a skipped one (clocks go forward) moves later by the gap.
 */
export function zonedToInstant(p: Omit<ZonedParts, 'second'>, timeZone: string): number {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const before = wall - offsetAt(wall - 86_400_000, timeZone);
  const after = wall - offsetAt(wall + 86_400_000, timeZone);
  const valid = [before, after].filter((t) => offsetAt(t, timeZone) === wall - t);
  return valid.length ? Math.min(...valid) : before;
}

/** Midnight (local) of the day that contains `ms` in `timeZone`. */
export function startOfDay(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return zonedToInstant({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, timeZone);
}

export function formatter(
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(undefined, { timeZone, ...options });
}

/** "0:42", "12:05", "1:02:03" */
export function duration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** For screen readers: "42 seconds", "3 minutes 5 seconds". */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s || !m) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** How long something has lasted, for a glance: "40 s", "4 min", "1 h 5 min". */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** Minutes only, the way a worker says it on the phone: "under 1 min", "4 min", "1 h 5 min". */
export function minutesSince(ms: number): string {
  return ms < 60_000 ? 'under 1 min' : elapsed(ms);
}

/** "just now", "12 min ago", "1 h 5 min ago". */
export function minutesAgo(ms: number): string {
  return ms < 60_000 ? 'just now' : `${elapsed(ms)} ago`;
}
