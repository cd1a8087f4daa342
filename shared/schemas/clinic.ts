import * as z from 'zod';
import { e164Schema, idSchema, nameSchema, timeZoneSchema } from './common.js';

// Control characters other than line breaks and tabs, and text-direction overrides and isolates, could hide
// or reorder what the hotline reads; line breaks are welcome in a protocol.
// eslint-disable-next-line no-control-regex
const HIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

const fallbackSchema = z
  .array(
    z.strictObject({
      /** Keeps the contact's methods across a rename; absent: matched by name, else a new one. */
      fallbackId: z.optional(idSchema),
      name: nameSchema,
      phone: e164Schema,
    }),
  )
  .min(1, 'at least one fallback contact: a request must never go silent')
  .max(10, 'at most 10 fallback contacts')
  .superRefine((list, ctx) =>
    list.forEach((contact, i) => {
      if (list.findIndex((other) => other.name.toLowerCase() === contact.name.toLowerCase()) !== i)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: 'each fallback contact needs its own name',
        });
      if (contact.fallbackId && list.findIndex((other) => other.fallbackId === contact.fallbackId) !== i)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'fallbackId'],
          message: 'each fallback contact needs its own fallbackId',
        });
    }),
  );

/** What the clinic's own admin may change; the time zone stays with whoever runs the platform. */
export const clinicSettingsSchema = z.strictObject({
  name: nameSchema,
  fallback: fallbackSchema,
  fallbackRepeatSeconds: z
    .number()
    .int('must be whole seconds')
    .min(10, 'must be at least 10 seconds')
    .max(3600, 'must be at most 3600 seconds (an hour)')
    .default(300),
  emergencyProtocol: z
    .string()
    .trim()
    .min(1, 'must not be empty: leave it out to show the standard text')
    .max(2000, 'must be at most 2000 characters')
    .refine(
      (text) => !HIDDEN_IN_TEXT.test(text),
      'must not contain control characters or text-direction controls (line breaks are fine)',
    )
    .normalize('NFC')
    .optional(),
  /** Whether a colleague who takes a cover request is put on call at once, or once an admin approves. */
  coverApproval: z
    .enum(['none', 'admin'], {
      error: 'must be "none" (the first colleague to accept covers it) or "admin" (an admin approves first)',
    })
    .default('none'),
});
export type ClinicSettingsInput = z.infer<typeof clinicSettingsSchema>;

export const putClinicSchema = clinicSettingsSchema.extend({ timezone: timeZoneSchema });
export type PutClinicInput = z.infer<typeof putClinicSchema>;
