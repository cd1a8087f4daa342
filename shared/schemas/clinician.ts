import * as z from 'zod';
import { e164Schema, nameSchema } from './common.js';

export const putClinicianSchema = z.strictObject({
  name: nameSchema,
  phone: e164Schema,
  email: z.email('must be an email address').max(254).optional(),
  active: z.boolean().default(true),
});
export type PutClinicianInput = z.infer<typeof putClinicianSchema>;
