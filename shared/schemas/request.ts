import * as z from 'zod';
import { e164Schema, idSchema, nameSchema } from './common.js';

export const submitRequestSchema = z.strictObject({
  serviceId: idSchema,
  urgency: z.enum(['emergency', 'urgent']),
  summary: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  callbackPhone: e164Schema.optional(),
  requesterName: nameSchema.optional(),
});
export type SubmitRequestInput = z.infer<typeof submitRequestSchema>;

export const idempotencyKeySchema = z
  .string({ message: 'the Idempotency-Key header is required' })
  .regex(
    /^[A-Za-z0-9_.:-]{8,128}$/,
    'must be 8-128 characters of letters, digits, "_", ".", ":" or "-" (a UUID works)',
  );

export const requestActionSchema = z.strictObject({
  note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});
export type RequestActionInput = z.infer<typeof requestActionSchema>;

export const ackFormSchema = z.object({ action: z.enum(['acknowledge', 'decline']) });

export const smsInboundSchema = z.strictObject({
  from: e164Schema,
  body: z.string().max(1600),
});
