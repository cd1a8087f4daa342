import * as z from 'zod';
import { e164Schema, emailSchema, nameSchema } from './common.js';

export const putClinicianSchema = z.strictObject({
  name: nameSchema,
  /** Each becomes a contact method (verified by a code before it is paged). */
  phone: e164Schema.optional(),
  email: emailSchema.optional(),
  active: z.boolean().default(true),
});
export type PutClinicianInput = z.infer<typeof putClinicianSchema>;

export const addContactSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('sms'), value: e164Schema }),
    z.strictObject({ type: z.literal('voice'), value: e164Schema }),
    z.strictObject({ type: z.literal('email'), value: emailSchema }),
    z.strictObject({ type: z.literal('push'), value: z.string().min(1).max(2000) }),
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
