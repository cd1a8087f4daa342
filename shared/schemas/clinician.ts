import * as z from 'zod';
import { AGE_GROUPS } from '../domain/matching.js';
import { ageGroupSchema, e164Schema, emailSchema, languageTagSchema, nameSchema } from './common.js';

/** Minutes before a stretch on call that its shift notice goes; 0: none (shift-notices.ts). */
const shiftNoticeMinutesSchema = z
  .number({ error: 'must be a number of minutes, e.g. 60 (0 turns shift notices off)' })
  .int('must be whole minutes')
  .min(0, 'must be 0 (off) or more')
  .max(1440, 'must be at most 1440 (a day)');

export const putClinicianSchema = z.strictObject({
  name: nameSchema,
  /** Each becomes a contact method (verified by a code before it is paged). */
  phone: z.optional(e164Schema),
  email: z.optional(emailSchema),
  active: z.boolean().default(true),
  /** Languages they can take a crisis call in, and the age groups they work with: for matching. */
  languages: z
    .array(languageTagSchema)
    .max(20, 'must list at most 20 languages')
    .refine((tags) => new Set(tags).size === tags.length, 'must list each language once')
    .optional(),
  ageGroups: z
    .array(ageGroupSchema)
    .max(AGE_GROUPS.length)
    .refine((groups) => new Set(groups).size === groups.length, 'must list each age group once')
    .optional(),
  /** How long before each of their shifts they are told; 0 turns shift notices off. Left out: as stored. */
  shiftNoticeMinutes: shiftNoticeMinutesSchema.optional(),
});
export type PutClinicianInput = z.infer<typeof putClinicianSchema>;

export const addContactSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('sms'), value: e164Schema }),
    z.strictObject({ type: z.literal('voice'), value: e164Schema }),
    z.strictObject({ type: z.literal('email'), value: emailSchema }),
    z.strictObject({
      type: z.literal('push'),
      value: z
        .string()
        .max(2000)
        .refine(
          isPushSubscription,
          'must be the push subscription the browser gives, as JSON: {"endpoint":"https://…","keys":{"p256dh":"…","auth":"…"}}',
        ),
    }),
  ],
  { error: 'must be one of "sms", "voice", "email", "push": how this contact is reached' },
);
export type AddContactInput = z.infer<typeof addContactSchema>;

export const verifyContactSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[0-9]{6}$/, 'must be the 6-digit code that was sent')
    .optional(),
});

export const notificationRulesSchema = z
  .strictObject({
    rules: z
      .array(
        z.strictObject({
          contactId: z.string().min(1).max(64),
          afterSeconds: z
            .number()
            .int('must be whole seconds')
            .min(0)
            .max(3600, 'must be at most 3600 (an hour)'),
        }),
      )
      .min(1, 'at least one rule: a clinician with none could never be paged')
      .max(10)
      .optional(),
    /** Their own shift notice minutes (0: none); left out: as stored. */
    shiftNoticeMinutes: shiftNoticeMinutesSchema.optional(),
  })
  // Either may come alone (the rules as they are, or the notice minutes as they are).
  .refine((body) => body.rules !== undefined || body.shiftNoticeMinutes !== undefined, {
    path: ['rules'],
    message: 'required (or give shiftNoticeMinutes alone)',
  });

/** PushSubscription.toJSON(): an https endpoint and its keys. */
function isPushSubscription(value: string): boolean {
  try {
    const parsed = JSON.parse(value) as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
    const endpoint = new URL(String(parsed.endpoint));
    const base64url = /^[A-Za-z0-9_-]{16,200}$/;
    return (
      endpoint.protocol === 'https:' &&
      base64url.test(String(parsed.keys?.p256dh)) &&
      base64url.test(String(parsed.keys?.auth))
    );
  } catch {
    return false;
  }
}
