import * as z from 'zod';
import { e164Schema, nameSchema, timeZoneSchema } from './common.js';

export const putClinicSchema = z.strictObject({
  name: nameSchema,
  timezone: timeZoneSchema,
  fallback: z
    .array(z.strictObject({ name: nameSchema, phone: e164Schema }))
    .min(1, 'at least one fallback contact: a request must never go silent')
    .max(10)
    .superRefine((list, ctx) =>
      list.forEach((contact, i) => {
        if (list.findIndex((other) => other.name.toLowerCase() === contact.name.toLowerCase()) !== i)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: 'each fallback contact needs its own name',
          });
      }),
    ),
  fallbackRepeatSeconds: z.number().int().min(10).max(3600).default(300),
});
export type PutClinicInput = z.infer<typeof putClinicSchema>;
