import * as z from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, PAGE_CURSOR_MESSAGE } from './page-limits.js';

// The query of the admin lists (clinicians, services, overrides, keys): a page at a time, as the request
// queue pages (request-query.ts), with larger pages since these lists are small and read whole.

const limit = z
  .string()
  .regex(/^(200|1[0-9]{2}|[1-9][0-9]?)$/, `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`)
  .transform(Number)
  .optional();
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,400}$/, PAGE_CURSOR_MESSAGE)
  .optional();

/** `?limit=&cursor=`; query string values arrive as text. */
export const pageQuerySchema = z
  .strictObject({ limit, cursor })
  .transform(({ limit, ...rest }) => ({ ...rest, limit: limit ?? DEFAULT_PAGE_LIMIT }));
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A service's overrides: those not over yet, or with `includePast=true` every one. */
export const listOverridesQuerySchema = z
  .strictObject({
    limit,
    cursor,
    includePast: z
      .enum(['true', 'false'], {
        error: 'must be "true" (every override, also those over) or "false" (those not over yet)',
      })
      .optional(),
  })
  .transform(({ limit, includePast, ...rest }) => ({
    ...rest,
    limit: limit ?? DEFAULT_PAGE_LIMIT,
    includePast: includePast === 'true',
  }));
export type ListOverridesQuery = z.infer<typeof listOverridesQuerySchema>;
