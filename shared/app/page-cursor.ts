// The cursor of an admin list's page (clinicians, services, overrides, keys): base64url JSON of the clinic,
// the list and the position of the last item listed, the request queue's approach
// (shared/adapters/aws/request-queue.ts). The store reads on from the position with a key condition in the
// clinic's own partition, so a cursor can only ever select another page of the clinic's own list; one this
// list did not give out for this clinic (changed, cut short, another clinic's or another list's) is a 400.
import type { Page, PageRequest } from '../ports/page.js';
import { PAGE_CURSOR_MESSAGE } from '../schemas/page-limits.js';
import type { PageQuery } from '../schemas/page-query.js';
import { invalid } from './errors.js';

const MAX_CURSOR_LENGTH = 400;

/** Clinician, service and key ids: what the id-ordered lists continue after. */
export const ID_POSITION = /^[A-Za-z0-9_-]{1,64}$/;

export function encodePageCursor(clinicId: string, list: string, position: string): string {
  return Buffer.from(JSON.stringify({ c: clinicId, l: list, p: position }), 'utf8').toString('base64url');
}

/** The position a cursor continues after; a 400 at `cursor` for anything this list did not give out. */
export function decodePageCursor(clinicId: string, list: string, cursor: string, position: RegExp): string {
  const refused = () => invalid([{ path: 'cursor', message: PAGE_CURSOR_MESSAGE }]);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refused();
  const { c, l, p, ...rest } = value as Record<string, unknown>;
  if (
    Object.keys(rest).length > 0 ||
    c !== clinicId ||
    l !== list ||
    typeof p !== 'string' ||
    !position.test(p)
  )
    throw refused();
  return p;
}

/** One page of a list in id order, and the cursor of the next (null when nothing follows). */
export async function idPage<T>(
  clinicId: string,
  list: string,
  query: PageQuery,
  read: (page: PageRequest) => Promise<Page<T>>,
  idOf: (item: T) => string,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const after =
    query.cursor === undefined ? undefined : decodePageCursor(clinicId, list, query.cursor, ID_POSITION);
  const page = await read({ limit: query.limit, ...(after !== undefined && { after }) });
  const last = page.items.at(-1);
  return {
    items: page.items,
    nextCursor: page.more && last ? encodePageCursor(clinicId, list, idOf(last)) : null,
  };
}
