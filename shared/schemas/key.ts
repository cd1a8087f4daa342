import * as z from 'zod';
import { idSchema } from './common.js';

export const createKeySchema = z
  .strictObject({
    role: z.enum(['admin', 'intake', 'clinician']),
    clinicianId: z.optional(idSchema),
    label: z.string().trim().min(1).max(100),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'clinician' && !value.clinicianId)
      ctx.addIssue({ code: 'custom', path: ['clinicianId'], message: 'required for a clinician key' });
    if (value.role !== 'clinician' && value.clinicianId)
      ctx.addIssue({
        code: 'custom',
        path: ['clinicianId'],
        message: 'only a clinician key names a clinician',
      });
  });
export type CreateKeyInput = z.infer<typeof createKeySchema>;
