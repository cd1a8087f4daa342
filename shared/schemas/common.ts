import * as z from 'zod/mini';
import './zod-mini-locale.js';
import { AGE_GROUPS } from '../domain/matching.js';

// zod/mini (zod-mini-locale.ts): checks are listed in .check(), in the order classic zod chains them.
export const idSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
    ),
  );

export const e164Schema = z
  .string()
  .check(z.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number like +441632960961'));

export const emailSchema = z.email('must be an email address like name@clinic.org').check(z.maxLength(254));

// Control characters (line breaks, tabs, NUL…), text-direction overrides and isolates, and line/paragraph
// separators: they can hide, reorder or split what a page or the board shows, so a name may not hold them.
const HIDDEN_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

export const nameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(100, 'must be at most 100 characters'),
  z.refine(
    (name) => !HIDDEN_CHARACTERS.test(name),
    'must not contain line breaks, tabs or other control characters, nor text-direction controls',
  ),
  // One spelling per name: "é" typed as e + accent and as é is the same name.
  z.normalize('NFC'),
);

export const timeZoneSchema = z.pipe(
  z.string().check(z.refine(isTimeZone, 'use an IANA time zone such as Europe/London')),
  z.transform(canonicalTimeZone),
);

// ICU, which Node's Intl uses, still gives some renamed zones their old names; IANA's current ones win.
const RENAMED_ZONES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
};

/** A zone in its canonical IANA spelling: "europe/london" → "Europe/London", "US/Eastern" → "America/New_York". */
export function canonicalTimeZone(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  return Object.hasOwn(RENAMED_ZONES, resolved) ? (RENAMED_ZONES[resolved] ?? resolved) : resolved;
}

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
export const instantSchema = z.pipe(
  z.iso.datetime({
    offset: true,
    error: 'must be an ISO 8601 date-time with offset, like 2026-03-29T01:30:00Z',
  }),
  z.transform((value: string) => Date.parse(value)),
);

/** A BCP 47 language tag, stored in its canonical spelling ("ES-mx" → "es-MX"). */
export const languageTagSchema = z.pipe(
  z
    .string()
    .check(z.maxLength(35), z.refine(isLanguageTag, 'use a BCP 47 language tag such as es, pl or pt-BR')),
  z.transform((tag: string) => Intl.getCanonicalLocales(tag)[0] ?? tag),
);

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** Age groups a clinician works with or a caller belongs to (shared/domain/matching.ts). */
export const ageGroupSchema = z.enum(AGE_GROUPS, { error: `must be one of ${AGE_GROUPS.join(', ')}` });
