import * as z from 'zod';
import { idSchema, instantSchema } from './common.js';

/** Ask for cover of [start, end) of one's own shift; an admin names whose shift it is. */
export const createCoverSchema = z.strictObject({
  start: instantSchema,
  end: instantSchema,
  /** Admin keys only: the clinician whose time is to be covered (a clinician key asks for its own). */
  requesterId: z.optional(idSchema),
  /** Shown to colleagues on the offer page, never in a message: no caller or patient detail. */
  note: z.string().trim().max(200, 'must be at most 200 characters').optional(),
});
export type CreateCoverInput = z.infer<typeof createCoverSchema>;

export const COVER_STATES = ['open', 'awaiting_approval', 'covered', 'cancelled', 'expired'] as const;

export const listCoverQuerySchema = z.strictObject({
  state: z.enum(COVER_STATES, { error: `must be one of ${COVER_STATES.join(', ')}` }).optional(),
});

export const reviewCoverSchema = z.strictObject({
  decision: z.enum(['approve', 'reject'], {
    error: 'must be "approve" (the colleague covers it) or "reject" (it is offered to the others again)',
  }),
});

/** The offer page's form: one button. */
export const coverFormSchema = z.strictObject({ action: z.literal('accept') });
