import * as z from 'zod';
import { RESOLVE_OUTCOMES } from '../domain/escalation/index.js';
import { ageGroupSchema, e164Schema, idSchema, languageTagSchema, nameSchema } from './common.js';

export const submitRequestSchema = z.strictObject({
  serviceId: idSchema,
  urgency: z.enum(['emergency', 'urgent']),
  summary: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  callbackPhone: e164Schema.optional(),
  requesterName: nameSchema.optional(),
  /** What the caller needs of the clinician (matching: the service says prefer or require). */
  language: languageTagSchema.optional(),
  ageGroup: ageGroupSchema.optional(),
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

const outcomeSchema = z.enum(RESOLVE_OUTCOMES, {
  message: `must be one of ${RESOLVE_OUTCOMES.join(', ')}`,
});
const resolveNoteSchema = z.string().trim().max(2000, 'must be at most 2000 characters');
const handbackReasonSchema = z
  .string({ message: "say why you can't take it (at most 500 characters)" })
  .trim()
  .min(1, "say why you can't take it")
  .max(500, 'must be at most 500 characters');

/** Resolve: how it ended, for audit (older clients that send only a note are recorded as "other"). */
export const resolveRequestSchema = z.strictObject({
  outcome: outcomeSchema.optional(),
  note: resolveNoteSchema.optional(),
});

export const handbackRequestSchema = z.strictObject({ reason: handbackReasonSchema });

/** The case page's forms: one action each, posted back to the case link. */
export const caseFormSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('contacted') }),
  z.object({
    action: z.literal('resolve'),
    outcome: outcomeSchema,
    note: resolveNoteSchema.optional(),
  }),
  z.object({ action: z.literal('handback'), reason: handbackReasonSchema }),
]);
export type CaseForm = z.infer<typeof caseFormSchema>;

export const ackFormSchema = z.object({ action: z.enum(['acknowledge', 'decline', 'case']) });

export const smsInboundSchema = z.strictObject({
  from: e164Schema,
  body: z.string().max(1600),
});
