import * as z from 'zod/mini';
import './zod-mini-locale.js';

/**
 * A timer message from the delay queue. Unknown keys are dropped: messages queued by an older version
 * (which carried a re-attempt order) are plain wake-ups now.
 */
export const timerMessageSchema = z.object({
  clinicId: z.string().check(z.minLength(1)),
  requestId: z.string().check(z.minLength(1)),
  attempt: z.int().check(z.minimum(0)),
  dueAt: z.number(),
});
