// The request queue on the real DynamoDB engine (dynalite, or DynamoDB Local with DYNAMO_ENGINE): more
// requests than a page in two clinics, listed through the real handler and the DynamoDB adapter over the
// `byClinic` index. Pages, filters, references, the cursor, who may list, and what each listing costs in
// DynamoDB calls (a plain open page is one Query, never a Scan).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { meterDynamo, type DynamoMeter } from '../../../bench/lib/dynamo-meter.js';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../../shared/adapters/aws/dynamo-request-store.js';
import { requestKeys } from '../../../shared/adapters/aws/keys.js';
import { encodeCursor } from '../../../shared/adapters/aws/request-queue.js';
import { QUEUE_INDEX } from '../../../shared/adapters/aws/table-definition.js';
import { cancelRequest } from '../../../shared/app/requests/close-request.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import {
  closeAs,
  OTHER_CLINIC,
  otherIntake,
  platform,
  queueCaller,
  seedSecondClinic,
  submitAt,
} from '../../support/request-queue.js';
import {
  admin,
  asClinician,
  body,
  CALLBACK,
  CLINIC_ID,
  harness,
  intake,
  MINUTE,
  seedClinic,
  SUMMARY,
  T0,
  type Harness,
} from '../../unit/requests/fakes.js';

jest.setTimeout(120_000);

const ENGINE = process.env.DYNAMO_ENGINE;
const COUNT = 32;
const at = (i: number) => T0 + i * MINUTE;
/** 5, 10, 15, …: the adolescent service. */
const isAdolescent = (i: number) => i % 5 === 0 && i > 0;
const CLOSED = { resolved: [3, 7, 26], cancelled: [12, 30] };

type Summary = { requestId: string; status: string; createdAt: string; serviceId: string; reference: string };
type Page = { requests: Summary[]; nextCursor: string | null };

describe(`the request queue on ${ENGINE}`, () => {
  let table: TestTable;
  let meter: DynamoMeter;
  let h: Harness;
  let requests: DynamoRequestStore;
  let call: ReturnType<typeof queueCaller>;
  /** Request ids of northside, oldest first (index i submitted at at(i)); southside's apart. */
  const ids: string[] = [];
  const southIds: string[] = [];
  const pick = (...indexes: number[]) => indexes.map((i) => ids[i] as string);
  const newestFirst = (indexes: number[]) => [...indexes].sort((a, b) => b - a);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const closed = [...CLOSED.resolved, ...CLOSED.cancelled];
  const openIndexes = range(COUNT).filter((i) => !closed.includes(i));

  beforeAll(async () => {
    table = await createTestTable();
    meter = meterDynamo(table.client, { consumedCapacity: true });
    const clinics = new DynamoClinicStore(table.db, table.tableName);
    requests = new DynamoRequestStore(table.db, table.tableName);
    await seedClinic(clinics);
    await seedSecondClinic(clinics);
    h = harness({ clinics, requests });
    call = queueCaller(h.deps);
    for (let i = 0; i < COUNT; i++) {
      ids.push(await submitAt(h, intake, at(i), `queue-it-${i}`, isAdolescent(i) ? 'adolescent' : 'general'));
      // Southside submits between northside's: the two clinics' requests interleave in time.
      if (i % 4 === 0) southIds.push(await submitAt(h, otherIntake, at(i) + 1_000, `queue-south-${i}`));
    }
    h.setNow(at(COUNT + 1));
    for (const i of CLOSED.resolved)
      await closeAs(requests, CLINIC_ID, ids[i] as string, 'resolved', h.now());
    for (const i of CLOSED.cancelled)
      await cancelRequest(h.deps, admin, CLINIC_ID, ids[i] as string, 'reached');
    // One accepted (still open): ana is on call at T0.
    await respondByApi(h.deps, asClinician('ana'), CLINIC_ID, ids[20] as string, 'acknowledge');
  });
  afterAll(() => table.destroy());

  /** The listing's DynamoDB calls: command names, and the capacity the engine says they consumed. */
  async function metered<T>(run: () => Promise<T>) {
    table.calls.length = 0;
    meter.reset();
    const result = await run();
    return { result, commands: [...table.calls], calls: [...meter.calls] };
  }

  async function everyPage(query: Record<string, string>) {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(intake, { ...query, ...(cursor ? { cursor } : {}) });
      expect(res.statusCode).toBe(200);
      pages.push(res.body as Page);
      cursor = res.body.nextCursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  }

  it('lists the open queue a page at a time with one Query per page on the index: newest first, no duplicate, no gap', async () => {
    const first = await metered(() => call(intake));
    expect(first.result.statusCode).toBe(200);
    expect(first.commands).toEqual(['QueryCommand']);
    expect(first.calls[0]?.input).toMatchObject({ IndexName: QUEUE_INDEX.name, ScanIndexForward: false });
    const page1 = first.result.body as Page;
    expect(page1.requests).toHaveLength(25);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const second = await metered(() => call(intake, { cursor: page1.nextCursor as string }));
    expect(second.commands).toEqual(['QueryCommand']);
    const page2 = second.result.body as Page;
    expect(page2.nextCursor).toBeNull();

    const listed = [...page1.requests, ...page2.requests];
    expect(listed.map((r) => r.requestId)).toEqual(pick(...newestFirst(openIndexes)));
    expect(new Set(listed.map((r) => r.requestId)).size).toBe(listed.length);
    expect(listed.find((r) => r.requestId === ids[20])?.status).toBe('acknowledged');
    const createdAts = listed.map((r) => Date.parse(r.createdAt));
    expect([...createdAts].sort((a, b) => b - a)).toEqual(createdAts);

    const units = first.calls[0]?.consumed;
    console.log(
      `queue on ${ENGINE}: 25 open requests in one Query, ${units ?? 'no'} read units reported ` +
        `(scanned ${first.calls[0]?.scannedCount}, returned ${first.calls[0]?.count})`,
    );
  });

  it('holds no patient detail', async () => {
    const res = await call(admin, { status: 'all', limit: '100' });
    expect(res.body.requests).toHaveLength(COUNT);
    expect(res.raw).not.toContain(SUMMARY);
    expect(res.raw).not.toContain(CALLBACK);
    expect(res.raw).not.toContain('timeline');
    expect(res.raw).not.toContain('+4477');
  });

  it('lists the closed and the whole queue (all: the open and the closed partition, one Query each)', async () => {
    const closedPage = await metered(() => call(intake, { status: 'closed' }));
    expect(closedPage.commands).toEqual(['QueryCommand']);
    expect((closedPage.result.body as Page).requests.map((r) => r.requestId)).toEqual(
      pick(...newestFirst(closed)),
    );
    expect((closedPage.result.body as Page).requests.map((r) => r.status)).toEqual([
      'cancelled',
      'resolved',
      'cancelled',
      'resolved',
      'resolved',
    ]);

    const allFirst = await metered(() => call(intake, { status: 'all', limit: '10' }));
    expect(allFirst.commands).toEqual(['QueryCommand', 'QueryCommand']);
    const pages = await everyPage({ status: 'all', limit: '10' });
    expect(pages).toHaveLength(4);
    expect(pages.flatMap((p) => p.requests.map((r) => r.requestId))).toEqual(
      pick(...newestFirst(range(COUNT))),
    );
  });

  it('filters by service across the page boundary (the filter reads the index, a page may hold fewer)', async () => {
    const pages = await everyPage({ status: 'all', serviceId: 'adolescent', limit: '2' });
    const listed = pages.flatMap((p) => p.requests);
    expect(listed.map((r) => r.requestId)).toEqual(pick(...newestFirst(range(COUNT).filter(isAdolescent))));
    expect(listed.every((r) => r.serviceId === 'adolescent')).toBe(true);
  });

  it('filters by creation time: from inclusive, to exclusive, across pages', async () => {
    const pages = await everyPage({
      status: 'all',
      from: new Date(at(4)).toISOString(),
      to: new Date(at(19)).toISOString(),
      limit: '4',
    });
    expect(pages.flatMap((p) => p.requests.map((r) => r.requestId))).toEqual(
      pick(...newestFirst(range(COUNT).filter((i) => i >= 4 && i < 19))),
    );
    const open = await everyPage({ from: new Date(at(25)).toISOString() });
    expect(open.flatMap((p) => p.requests.map((r) => r.requestId))).toEqual(
      pick(...newestFirst(openIndexes.filter((i) => i >= 25))),
    );
  });

  it('finds a request by its reference, open or closed, in any case', async () => {
    const openStored = await requests.get(CLINIC_ID, ids[9] as string);
    const found = await metered(() =>
      call(intake, { reference: openStored?.reference.toLowerCase() as string }),
    );
    expect(found.result.statusCode).toBe(200);
    expect((found.result.body as Page).requests.map((r) => r.requestId)).toEqual(pick(9));
    expect([...found.commands].sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand']);

    const closedStored = await requests.get(CLINIC_ID, ids[26] as string);
    const res = await call(admin, { reference: closedStored?.reference as string });
    expect((res.body as Page).requests.map((r) => r.requestId)).toEqual(pick(26));
    expect((res.body as Page).requests[0]?.status).toBe('resolved');
    expect((await call(admin, { reference: 'RQQQQ' })).body).toEqual({ requests: [], nextCursor: null });
  });

  it('answers a key of another clinic 404 before any DynamoDB call, and lists only the own clinic', async () => {
    const stranger = await metered(() => call(otherIntake, { status: 'all' }, CLINIC_ID));
    expect(stranger.result.statusCode).toBe(404);
    expect(stranger.commands).toEqual([]);
    const south = await call(otherIntake, { status: 'all', limit: '100' });
    expect(south.body.requests.map((r: Summary) => r.requestId)).toEqual([...southIds].reverse());
    expect((await call(asClinician('ana'))).statusCode).toBe(403);
    expect((await call(platform, {}, CLINIC_ID)).statusCode).toBe(403);
  });

  it('refuses a tampered cursor with 400 at cursor, without reaching DynamoDB', async () => {
    const page1 = (await call(intake, { limit: '3' })).body as Page;
    const tampered = [
      `${page1.nextCursor}x`,
      (page1.nextCursor as string).slice(0, -2),
      encodeCursor(OTHER_CLINIC, requestKeys.queuePosition(at(10), ids[10] as string)),
      Buffer.from(JSON.stringify({ c: CLINIC_ID, p: 'x' })).toString('base64url'),
    ];
    for (const cursor of tampered) {
      const res = await metered(() => call(intake, { cursor }));
      expect({ cursor, status: res.result.statusCode }).toEqual({ cursor, status: 400 });
      expect(res.result.body.error.details).toEqual([{ path: 'cursor', message: expect.any(String) }]);
      expect(res.commands).toEqual([]);
    }
  });

  it('never answers a 5xx to hostile queries on the real engine (cursor, window, filters)', async () => {
    const position = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/));
    const cursor = fc.oneof(
      position.map(([t, id]) =>
        encodeCursor(CLINIC_ID, requestKeys.queuePosition(T0 + t * 1_000, `req_${id}`)),
      ),
      position.map(([t]) => encodeCursor(CLINIC_ID, `${String(T0 + t).padStart(15, '0')}#`)),
      fc.string({ maxLength: 40 }),
    );
    const instant = fc.oneof(
      fc.integer({ min: -100, max: 100 }).map((m) => new Date(T0 + m * MINUTE).toISOString()),
      fc.constantFrom('1970-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59Z', 'nope'),
    );
    const query = fc.record(
      {
        status: fc.constantFrom('open', 'closed', 'all', 'x'),
        cursor,
        from: instant,
        to: instant,
        limit: fc.constantFrom('1', '2', '25', '100', '0'),
        serviceId: fc.constantFrom('general', 'adolescent', 'none'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const res = await call(intake, q as Record<string, string>);
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 150, seed: 20_260_302 },
    );
  });

  it('shows a request written before the queue index after its next write (and finds it by reference meanwhile)', async () => {
    h.setNow(at(COUNT + 2));
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'queue-legacy-1', body());
    const { requestId } = stored.request;
    // What an item written by the previous version looks like: no index attributes.
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: requestKeys.request(CLINIC_ID, requestId),
        UpdateExpression: 'REMOVE #pk, #sk, listing',
        ExpressionAttributeNames: { '#pk': QUEUE_INDEX.partitionKey, '#sk': QUEUE_INDEX.sortKey },
      }),
    );
    const before = (await call(intake, { limit: '1' })).body as Page;
    expect(before.requests[0]?.requestId).not.toBe(requestId);
    const byReference = (await call(intake, { reference: stored.reference })).body as Page;
    expect(byReference.requests.map((r) => r.requestId)).toEqual([requestId]);

    await cancelRequest(h.deps, intake, CLINIC_ID, requestId, 'test');
    const after = (await call(intake, { status: 'closed', limit: '1' })).body as Page;
    expect(after.requests[0]?.requestId).toBe(requestId);
  });
});
