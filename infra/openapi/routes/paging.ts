// Words for the page parameters of the admin lists (shared/schemas/page-query.ts).
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../shared/schemas/page-limits.js';

export const PAGE_PARAMETERS = {
  limit: `1–${MAX_PAGE_LIMIT}, default ${DEFAULT_PAGE_LIMIT}: at most this many in the answer.`,
  cursor:
    'The `nextCursor` of the previous page, for the next one. Opaque; keep the other parameters as they were.',
} as const;

export const PAGING =
  'A page at a time: `limit`, then `cursor` = the previous answer’s `nextCursor` (null once nothing follows). A cursor this list did not give out for this clinic is 400 at `cursor`.';
