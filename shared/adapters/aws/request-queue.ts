// The clinic's request queue over the `byClinic` index (table-definition.ts, QUEUE_INDEX): how a page is
// assembled from one or two index partitions (open, closed), and the cursor. Written against a page reader
// so the in-memory store of the tests runs the very same algorithm over its own pages.
import {
  InvalidCursorError,
  isOpenListing,
  type QueueStatus,
  type RequestListing,
  type RequestQueueQuery,
} from '../../ports/request-store.js';
import { requestKeys } from './keys.js';

/** Index pages one listing may read (each at most QUEUE_PAGE_ITEMS when filtered): a bound on its cost. */
export const MAX_QUEUE_PAGES = 10;
/** Items a filtered page evaluates (a filter keeps only some of them). */
export const FILTERED_PAGE_ITEMS = 100;
/** A reference search reads at most this many pages of closed requests: the 300 most recent. */
export const REFERENCE_SEARCH_PAGES = 3;
/** At most this many requests with one reference are answered. */
export const REFERENCE_MATCHES = 25;

/** Positions `lo` (inclusive) to `hi` (exclusive); absent: unbounded. */
export interface QueueRange {
  lo?: string;
  hi?: string;
}

export interface ListingFilter {
  serviceId?: string;
  reference?: string;
}

export interface QueueRow {
  /** `<createdAt, 15 digits>#<requestId>`: the index sort key. */
  position: string;
  listing: RequestListing;
}

export interface PageRead<K> {
  open: boolean;
  range: QueueRange;
  filter: ListingFilter;
  /** How many index items this page may evaluate (before the filter). */
  limit: number;
  /** Where the previous page of the same partition stopped. */
  startAfter?: K;
}

export interface PageResult<K> {
  /** Rows within the range that pass the filter, newest first. */
  rows: QueueRow[];
  /** Set when the partition may hold more: where to go on, and the position evaluated last. */
  next?: { key: K; position: string };
}

/** Reads one page of one partition of a clinic's queue, newest first. */
export type PageReader<K> = (read: PageRead<K>) => Promise<PageResult<K>>;

export const matchesFilter = (listing: RequestListing, filter: ListingFilter) =>
  (filter.serviceId === undefined || listing.serviceId === filter.serviceId) &&
  (filter.reference === undefined || listing.reference === filter.reference);

const POSITION = /^[0-9]{15}#[A-Za-z0-9_-]{1,64}$/;
const MAX_CURSOR_LENGTH = 400;

/** The cursor of a page: the clinic and the position of the last request it listed (base64url JSON). */
export function encodeCursor(clinicId: string, position: string): string {
  return Buffer.from(JSON.stringify({ c: clinicId, p: position }), 'utf8').toString('base64url');
}

/**
 * The position a cursor continues below. Anything this store did not give out for this clinic throws
 * InvalidCursorError: a position is all it holds, so a well-formed one of the same clinic can only select
 * another page of that clinic's own queue.
 */
export function decodeCursor(clinicId: string, cursor: string): string {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidCursorError();
  const { c, p, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || c !== clinicId || typeof p !== 'string' || !POSITION.test(p))
    throw new InvalidCursorError();
  return p;
}

/** The positions a query covers: createdAt in [from, to), below the cursor; null when nothing can match. */
export function queueRange(
  query: Pick<RequestQueueQuery, 'from' | 'to'>,
  before?: string,
): QueueRange | null {
  if (query.to !== undefined && query.to <= 0) return null;
  const lo = query.from !== undefined && query.from > 0 ? requestKeys.queueFrom(query.from) : undefined;
  const until = query.to !== undefined ? requestKeys.queueFrom(query.to) : undefined;
  const hi =
    until !== undefined && before !== undefined ? (until < before ? until : before) : (until ?? before);
  if (lo !== undefined && hi !== undefined && hi <= lo) return null;
  return { ...(lo !== undefined && { lo }), ...(hi !== undefined && { hi }) };
}

export const partitionsOf = (status: QueueStatus): boolean[] =>
  status === 'open' ? [true] : status === 'closed' ? [false] : [true, false];

interface Stream<K> {
  open: boolean;
  rows: QueueRow[];
  startAfter?: K;
  /** The position evaluated last, while the partition may hold more below it. */
  frontier?: string;
  done: boolean;
}

/**
 * Up to `limit` requests of the given partitions, newest first, and the position to go on below (null when
 * every partition is read to the end of the range). Each partition is read from the top of the range, page
 * by page, until it has `limit + 1` matches or ends, within `maxPages` pages in all; partitions are read in
 * parallel and merged by position. A page lists a request only when every partition still unread is
 * read past it, so no request is skipped when a bound stops the reading, and the cursor is a position, not a
 * partition's key: a request that closes between two pages keeps its place in the `all` listing.
 */
export async function readQueue<K>(
  readPage: PageReader<K>,
  options: {
    partitions: boolean[];
    range: QueueRange;
    filter: ListingFilter;
    limit: number;
    maxPages: number;
    /** Items a filtered page evaluates (tests: small pages). */
    filteredPageItems?: number;
  },
): Promise<{ rows: QueueRow[]; next: string | null }> {
  const { range, filter, limit } = options;
  const pageItems = options.filteredPageItems ?? FILTERED_PAGE_ITEMS;
  const want = limit + 1;
  const filtered = filter.serviceId !== undefined || filter.reference !== undefined;
  const streams: Stream<K>[] = options.partitions.map((open) => ({ open, rows: [], done: false }));
  let pages = 0;
  for (;;) {
    const active = streams.filter((s) => !s.done && s.rows.length < want).slice(0, options.maxPages - pages);
    if (active.length === 0) break;
    pages += active.length;
    await Promise.all(
      active.map(async (stream) => {
        const page = await readPage({
          open: stream.open,
          range,
          filter,
          limit: filtered ? pageItems : want - stream.rows.length,
          ...(stream.startAfter !== undefined && { startAfter: stream.startAfter }),
        });
        stream.rows.push(...page.rows);
        if (page.next) {
          stream.startAfter = page.next.key;
          stream.frontier = page.next.position;
        } else stream.done = true;
      }),
    );
  }
  // Below the highest frontier of a partition that may hold more, nothing is known for sure.
  const cutoff = streams
    .filter((s) => !s.done)
    .map((s) => s.frontier as string)
    .reduce<string | undefined>((high, p) => (high === undefined || p > high ? p : high), undefined);
  const byId = new Map<string, QueueRow>();
  for (const row of streams.flatMap((s) => s.rows)) {
    if (cutoff !== undefined && row.position < cutoff) continue;
    // Read in both partitions while it closed: the closed listing is the later one.
    const seen = byId.get(row.listing.requestId);
    if (!seen || seen.listing.status === row.listing.status || !isOpenListing(row.listing))
      byId.set(row.listing.requestId, row);
  }
  const rows = [...byId.values()].sort((a, b) => (a.position < b.position ? 1 : -1));
  if (rows.length > limit) return { rows: rows.slice(0, limit), next: rows[limit - 1]?.position ?? null };
  return { rows, next: cutoff ?? null };
}
