import * as z from 'zod';

export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
  );

export const e164Schema = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number like +441632960961');

export const emailSchema = z.email('must be an email address like name@clinic.org').max(254);

export const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

export const timeZoneSchema = z.string().refine(isTimeZone, 'must be an IANA time zone like Europe/London');

function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** ISO 8601 instant with an offset or Z; parsed to epoch ms. */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, like 2026-03-29T01:30:00Z' })
  .transform((value) => Date.parse(value));
