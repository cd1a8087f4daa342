import * as z from 'zod/mini';
import { RESOLVE_OUTCOMES } from '../domain/escalation/index.js';
import { ageGroupSchema, e164Schema, idSchema, languageTagSchema, nameSchema } from './common.js';

// zod/mini, as common.ts: the request path bundles it instead of classic zod.
export const submitRequestSchema = z.strictObject({
  serviceId: idSchema,
  urgency: z.enum(['emergency', 'urgent']),
  summary: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(2000, 'must be at most 2000 characters'),
    ),
  callbackPhone: z.optional(e164Schema),
  requesterName: z.optional(nameSchema),
  /** What the caller needs of the clinician (matching: the service says prefer or require). */
  language: z.optional(languageTagSchema),
  ageGroup: z.optional(ageGroupSchema),
});
export type SubmitRequestInput = z.infer<typeof submitRequestSchema>;

export const idempotencyKeySchema = z
  .string({ error: 'the Idempotency-Key header is required' })
  .check(
    z.regex(
      /^[A-Za-z0-9_.:-]{8,128}$/,
      'must be 8-128 characters of letters, digits, "_", ".", ":" or "-" (a UUID works)',
    ),
  );

export const requestActionSchema = z.strictObject({
  note: z.optional(z.string().check(z.trim(), z.maxLength(500, 'must be at most 500 characters'))),
});
export type RequestActionInput = z.infer<typeof requestActionSchema>;

const outcomeSchema = z.enum(RESOLVE_OUTCOMES, {
  error: `must be one of ${RESOLVE_OUTCOMES.join(', ')}`,
});
const resolveNoteSchema = z.string().check(z.trim(), z.maxLength(2000, 'must be at most 2000 characters'));
const handbackReasonSchema = z
  .string({ error: "say why you can't take it (at most 500 characters)" })
  .check(
    z.trim(),
    z.minLength(1, "say why you can't take it"),
    z.maxLength(500, 'must be at most 500 characters'),
  );

/** Resolve: how it ended, for audit (older clients that send only a note are recorded as "other"). */
export const resolveRequestSchema = z.strictObject({
  outcome: z.optional(outcomeSchema),
  note: z.optional(resolveNoteSchema),
});

export const handbackRequestSchema = z.strictObject({ reason: handbackReasonSchema });

/** The case page's forms: one action each, posted back to the case link. */
export const caseFormSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('contacted') }),
  z.object({
    action: z.literal('resolve'),
    outcome: outcomeSchema,
    note: z.optional(resolveNoteSchema),
  }),
  z.object({ action: z.literal('handback'), reason: handbackReasonSchema }),
]);
export type CaseForm = z.infer<typeof caseFormSchema>;

export const ackFormSchema = z.object({ action: z.enum(['acknowledge', 'decline', 'case']) });

export const smsInboundSchema = z.strictObject({
  from: e164Schema,
  body: z.string().check(z.maxLength(1600)),
});
