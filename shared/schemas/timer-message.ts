import * as z from 'zod';

/**
 * A timer message from the delay queue. Unknown keys are dropped: messages queued by an older version
 * (which carried a re-attempt order) are plain wake-ups now.
 */
export const timerMessageSchema = z.object({
  clinicId: z.string().min(1),
  requestId: z.string().min(1),
  attempt: z.number().int().min(0),
  dueAt: z.number(),
});
