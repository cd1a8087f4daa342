// The queue's paging algorithm and cursor (shared/adapters/aws/request-queue.ts), over synthetic index pages:
// every listing, however it is cut into pages, is the exact newest-first list; bounds hold; cursors bind.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { requestKeys } from '../../../shared/adapters/aws/keys.js';
import {
  decodeCursor,
  encodeCursor,
  FILTERED_PAGE_ITEMS,
  matchesFilter,
  MAX_QUEUE_PAGES,
  queueRange,
  readQueue,
  type ListingFilter,
  type PageRead,
  type PageResult,
  type QueueRange,
  type QueueRow,
} from '../../../shared/adapters/aws/request-queue.js';
import { InvalidCursorError, type RequestListing } from '../../../shared/ports/request-store.js';

function row(createdAt: number, n: number, open: boolean, serviceId = 'general'): QueueRow {
  const requestId = `req_${String(n).padStart(6, '0')}`;
  const listing: RequestListing = {
    requestId,
    reference: `R${String(n % 1000).padStart(3, '0')}`,
    serviceId,
    routedServiceId: serviceId,
    serviceName: 'General',
    urgency: 'urgent',
    status: open ? 'paging' : 'resolved',
    level: 0,
    round: 0,
    assignee: null,
    paging: [],
    acknowledgedAt: null,
    contactedAt: null,
    createdAt,
    nextDueAt: null,
  };
  return { position: requestKeys.queuePosition(createdAt, requestId), listing };
}

/** An index over `rows`: pages of `limit` evaluated items, like a DynamoDB Query with a filter. */
function syntheticIndex(rows: QueueRow[]) {
  const reads: PageRead<string>[] = [];
  const reader = async (read: PageRead<string>): Promise<PageResult<string>> => {
    reads.push(read);
    const partition = rows
      .filter((r) => (r.listing.status === 'paging') === read.open)
      .filter(
        (r) =>
          (read.range.lo === undefined || r.position >= read.range.lo) &&
          (read.range.hi === undefined || r.position < read.range.hi) &&
          (read.startAfter === undefined || r.position < read.startAfter),
      )
      .sort((a, b) => (a.position < b.position ? 1 : -1));
    const evaluated = partition.slice(0, read.limit);
    const last = evaluated.at(-1);
    return {
      rows: evaluated.filter((r) => matchesFilter(r.listing, read.filter)),
      ...(evaluated.length === read.limit &&
        last && { next: { key: last.position, position: last.position } }),
    };
  };
  return { reader, reads };
}

/** Every page of a listing, following the cursor position until it ends. */
async function allPages(
  rows: QueueRow[],
  partitions: boolean[],
  limit: number,
  filter: ListingFilter = {},
  range: QueueRange = {},
  bounds: { maxPages: number; filteredPageItems?: number } = { maxPages: MAX_QUEUE_PAGES },
) {
  const { reader } = syntheticIndex(rows);
  const pages: string[][] = [];
  let before: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const pageRange = before === undefined ? range : { ...range, hi: before };
    const { rows: got, next } = await readQueue(reader, {
      partitions,
      range: pageRange,
      filter,
      limit,
      ...bounds,
    });
    expect(got.length).toBeLessThanOrEqual(limit);
    pages.push(got.map((r) => r.listing.requestId));
    if (next === null) return pages;
    before = next;
  }
  throw new Error('the listing did not end');
}

describe('readQueue', () => {
  it('pages through open, closed and all, newest first, with no duplicate and no gap (any page size, ties in the same millisecond)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean()), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom<boolean[]>([true], [false], [true, false]),
        fc.boolean(),
        async (spec, limit, partitions, filtered) => {
          const rows = spec.map(([t, open, other], n) =>
            row(1_000 + t, n, open, other ? 'night' : 'general'),
          );
          const filter = filtered ? { serviceId: 'night' } : {};
          const expected = rows
            .filter((r) => partitions.includes(r.listing.status === 'paging'))
            .filter((r) => matchesFilter(r.listing, filter))
            .sort((a, b) => (a.position < b.position ? 1 : -1))
            .map((r) => r.listing.requestId);
          const pages = await allPages(rows, partitions, limit, filter);
          expect(pages.flat()).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 20_260_302 },
    );
  });

  it('stays exact when the page bound stops the reading early (tiny filtered pages, one to three pages per call)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.boolean()), { maxLength: 50 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<boolean[]>([true], [false], [true, false]),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        async (spec, limit, partitions, maxPages, filteredPageItems) => {
          const rows = spec.map(([t, open, other], n) =>
            row(1_000 + t, n, open, other ? 'night' : 'general'),
          );
          const expected = rows
            .filter((r) => partitions.includes(r.listing.status === 'paging'))
            .filter((r) => r.listing.serviceId === 'night')
            .sort((a, b) => (a.position < b.position ? 1 : -1))
            .map((r) => r.listing.requestId);
          const pages = await allPages(
            rows,
            partitions,
            limit,
            { serviceId: 'night' },
            {},
            {
              maxPages: Math.max(maxPages, partitions.length),
              filteredPageItems,
            },
          );
          expect(pages.flat()).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 20_260_302 },
    );
  });

  it('reads a plain page as one index page of limit + 1 items, and stops there', async () => {
    const rows = Array.from({ length: 30 }, (_, n) => row(1_000 + n, n, true));
    const { reader, reads } = syntheticIndex(rows);
    const { rows: got, next } = await readQueue(reader, {
      partitions: [true],
      range: {},
      filter: {},
      limit: 25,
      maxPages: MAX_QUEUE_PAGES,
    });
    expect(reads).toHaveLength(1);
    expect(reads[0]?.limit).toBe(26);
    expect(got.map((r) => r.listing.createdAt)).toEqual(Array.from({ length: 25 }, (_, i) => 1_029 - i));
    expect(next).toBe(got[24]?.position);
  });

  it('answers nextCursor null when the last page is exactly full', async () => {
    const rows = Array.from({ length: 4 }, (_, n) => row(1_000 + n, n, true));
    const { reader } = syntheticIndex(rows);
    const page = await readQueue(reader, {
      partitions: [true],
      range: {},
      filter: {},
      limit: 4,
      maxPages: 10,
    });
    expect(page.rows).toHaveLength(4);
    expect(page.next).toBeNull();
  });

  it('reads at most MAX_QUEUE_PAGES pages: a rare filter answers fewer than limit with a cursor, and the cursor finds the rest', async () => {
    const pastBound = MAX_QUEUE_PAGES * FILTERED_PAGE_ITEMS + 50;
    const rows = [
      ...Array.from({ length: pastBound }, (_, n) => row(10_000 + pastBound - n, n, false)),
      row(5_000, 999_998, false, 'night'),
      row(50_000, 999_999, false, 'night'),
    ];
    const { reader, reads } = syntheticIndex(rows);
    const first = await readQueue(reader, {
      partitions: [false],
      range: {},
      filter: { serviceId: 'night' },
      limit: 5,
      maxPages: MAX_QUEUE_PAGES,
    });
    expect(reads).toHaveLength(MAX_QUEUE_PAGES);
    expect(first.rows.map((r) => r.listing.requestId)).toEqual(['req_999999']);
    expect(first.next).not.toBeNull();
    const second = await readQueue(reader, {
      partitions: [false],
      range: { hi: first.next as string },
      filter: { serviceId: 'night' },
      limit: 5,
      maxPages: MAX_QUEUE_PAGES,
    });
    expect(second.rows.map((r) => r.listing.requestId)).toEqual(['req_999998']);
    expect(second.next).toBeNull();
  });

  it('lists a request read in both partitions (it closed between the two reads) once, as closed', async () => {
    const open = row(2_000, 1, true);
    const closed = row(2_000, 1, false);
    const reader = async (read: PageRead<string>): Promise<PageResult<string>> => ({
      rows: [read.open ? open : closed],
    });
    const { rows } = await readQueue(reader, {
      partitions: [true, false],
      range: {},
      filter: {},
      limit: 10,
      maxPages: 10,
    });
    expect(rows.map((r) => r.listing.status)).toEqual(['resolved']);
  });
});

describe('queueRange', () => {
  const at = (t: number) => requestKeys.queuePosition(t, 'req_a');
  it('covers createdAt in [from, to): from inclusive, to exclusive', () => {
    const range = queueRange({ from: 2_000, to: 3_000 });
    expect(range).not.toBeNull();
    const inside = (p: string) => p >= (range?.lo ?? '') && p < (range?.hi ?? '~');
    expect(inside(at(1_999))).toBe(false);
    expect(inside(at(2_000))).toBe(true);
    expect(inside(at(2_999))).toBe(true);
    expect(inside(at(3_000))).toBe(false);
  });
  it('takes the lower of `to` and the cursor; nothing at all when the window is empty', () => {
    expect(queueRange({ to: 3_000 }, at(2_500))).toEqual({ hi: at(2_500) });
    expect(queueRange({ to: 3_000 }, at(3_500))).toEqual({ hi: requestKeys.queueFrom(3_000) });
    expect(queueRange({ from: 3_000 }, at(2_500))).toBeNull();
    expect(queueRange({ to: -5 })).toBeNull();
    expect(queueRange({ from: -5 })).toEqual({});
  });
  it('keeps instants up to year 9999 in order (15 digits)', () => {
    const y9999 = Date.parse('9999-12-31T23:59:59Z');
    expect(
      requestKeys.queuePosition(y9999, 'r') >
        requestKeys.queuePosition(Date.parse('2026-01-01T00:00:00Z'), 'r'),
    ).toBe(true);
  });
});

describe('cursor', () => {
  const position = requestKeys.queuePosition(1_780_000_000_000, 'req_abc');
  it('round-trips for its clinic', () => {
    expect(decodeCursor('northside', encodeCursor('northside', position))).toBe(position);
  });
  it.each([
    ['another clinic', encodeCursor('southside', position)],
    ['not base64url', 'abc$def'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['an array', Buffer.from('[1]').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['no position', Buffer.from(JSON.stringify({ c: 'northside' })).toString('base64url')],
    [
      'a position that is not one',
      Buffer.from(JSON.stringify({ c: 'northside', p: 'REQUEST#x' })).toString('base64url'),
    ],
    [
      'an extra field',
      Buffer.from(JSON.stringify({ c: 'northside', p: position, x: 1 })).toString('base64url'),
    ],
    ['too long', 'A'.repeat(401)],
    ['empty', ''],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeCursor('northside', cursor)).toThrow(InvalidCursorError);
  });
});
