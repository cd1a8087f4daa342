import * as z from 'zod';
import { idSchema, instantSchema } from './common.js';

export const MAX_QUEUE_LIMIT = 100;
export const DEFAULT_QUEUE_LIMIT = 25;

export const CURSOR_MESSAGE =
  'is not a page marker this list gave out: leave cursor out to start again from the newest request';

/**
 * The query of the clinic's request queue (GET …/requests). Query string values arrive as text. Without
 * `reference`, `status` defaults to open; with it, to every status (the open request first, then closed ones).
 */
export const listRequestsQuerySchema = z
  .strictObject({
    status: z
      .enum(['open', 'closed', 'all'], {
        error: 'must be "open" (still being handled), "closed" (resolved or cancelled) or "all"',
      })
      .optional(),
    serviceId: z.optional(idSchema),
    from: z.optional(instantSchema),
    to: z.optional(instantSchema),
    limit: z
      .string()
      .regex(/^(100|[1-9][0-9]?)$/, `must be a whole number from 1 to ${MAX_QUEUE_LIMIT}`)
      .transform(Number)
      .optional(),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,400}$/, CURSOR_MESSAGE)
      .optional(),
    reference: z
      .string()
      .transform((value) => value.trim().toUpperCase())
      .pipe(
        z
          .string()
          .regex(/^R[A-Z0-9]{3,4}$/, 'must be a request reference like R7KQ: R and 3 or 4 letters or digits'),
      )
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.from !== undefined && value.to !== undefined && value.to <= value.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    if (value.reference !== undefined && value.cursor !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: 'a search by reference answers in one page: leave cursor out',
      });
  })
  .transform(({ limit, ...rest }) => ({ ...rest, limit: limit ?? DEFAULT_QUEUE_LIMIT }));
export type ListRequestsQuery = z.infer<typeof listRequestsQuerySchema>;
