// Clinic-time values for form inputs (datetime-local holds no zone: it is read in the clinic's) and for
// reading back. Pure (no DOM).
import { formatter, zonedParts, zonedToInstant } from '../lib/time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-29T09:00" for an <input type="datetime-local">, in `timeZone`. */
export function toLocalInput(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant of a datetime-local value read in `timeZone`, or null when it is not one. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return zonedToInstant({ year, month, day, hour, minute }, timeZone);
}

/** "2026-12-02", today's date in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "Wed 2 Dec, 09:00" in the clinic's zone (the browser's language). */
export const dayTime = (timeZone: string, locale?: string) =>
  locale
    ? new Intl.DateTimeFormat(locale, {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      })
    : formatter(timeZone, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
