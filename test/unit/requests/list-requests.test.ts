// GET /v1/clinics/{clinicId}/requests through the real handler on the in-memory stores: the query's
// validation (400 at the parameter), who may call it, and what a page holds (docs/api.md, "The request queue").
import { beforeEach, describe, expect, it } from '@jest/globals';
import { encodeCursor } from '../../../shared/adapters/aws/request-queue.js';
import { requestKeys } from '../../../shared/adapters/aws/keys.js';
import { cancelRequest } from '../../../shared/app/requests/close-request.js';
import type { Principal } from '../../../shared/domain/model.js';
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
  CALLBACK,
  CLINIC_ID,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  MINUTE,
  seedClinic,
  SUMMARY,
  T0,
  type Harness,
} from './fakes.js';

let h: Harness;
let store: FakeRequestStore;
let call: ReturnType<typeof queueCaller>;
/** Request ids of the clinic, oldest first: submitted a minute apart. */
let ids: string[];

const at = (i: number) => T0 + i * MINUTE;
const idsOf = (body: { requests: Array<{ requestId: string }> }) => body.requests.map((r) => r.requestId);
const pick = (...indexes: number[]) => indexes.map((i) => ids[i]);

beforeEach(async () => {
  const clinics = new FakeClinicStore();
  store = new FakeRequestStore();
  await seedClinic(clinics);
  await seedSecondClinic(clinics);
  h = harness({ clinics, requests: store });
  call = queueCaller(h.deps);
  ids = [];
  // 0..6; 2 and 5 for the adolescent service; 1 resolved, 3 cancelled.
  for (let i = 0; i < 7; i++)
    ids.push(
      await submitAt(h, intake, at(i), `queue-key-${i}`, i === 2 || i === 5 ? 'adolescent' : 'general'),
    );
  await submitAt(h, otherIntake, at(3) + 1, 'queue-key-south-1');
  h.setNow(at(8));
  await closeAs(store, CLINIC_ID, ids[1] as string, 'resolved', h.now());
  await cancelRequest(h.deps, intake, CLINIC_ID, ids[3] as string, 'caller reached');
});

describe('the queue', () => {
  it('lists the open requests by default, newest first, as summaries without patient detail', async () => {
    const res = await call(intake);
    expect(res.statusCode).toBe(200);
    expect(idsOf(res.body)).toEqual(pick(6, 5, 4, 2, 0));
    expect(res.body.nextCursor).toBeNull();
    const newest = res.body.requests[0];
    const stored = await store.get(CLINIC_ID, ids[6] as string);
    expect(newest).toEqual({
      requestId: ids[6],
      reference: stored?.reference,
      serviceId: 'general',
      routedServiceId: 'general',
      serviceName: stored?.serviceName,
      urgency: 'urgent',
      status: 'paging',
      level: 0,
      round: 0,
      assignee: null,
      paging: [{ clinicianId: 'ana', name: 'Ana Smith' }],
      acknowledgedAt: null,
      contactedAt: null,
      createdAt: new Date(at(6)).toISOString(),
      nextEscalationAt: new Date(stored?.request.nextDueAt as number).toISOString(),
    });
    expect(res.raw).not.toContain(SUMMARY);
    expect(res.raw).not.toContain(CALLBACK);
    expect(res.raw).not.toContain('timeline');
  });

  it('lists closed and all requests', async () => {
    expect(idsOf((await call(admin, { status: 'closed' })).body)).toEqual(pick(3, 1));
    const all = (await call(admin, { status: 'all' })).body;
    expect(idsOf(all)).toEqual(pick(6, 5, 4, 3, 2, 1, 0));
    expect(all.requests.map((r: { status: string }) => r.status)).toEqual([
      'paging',
      'paging',
      'paging',
      'cancelled',
      'paging',
      'resolved',
      'paging',
    ]);
    expect(all.requests[3].nextEscalationAt).toBeNull();
  });

  it('pages with the cursor: no duplicate, no gap, and null after the last page', async () => {
    for (const status of ['open', 'all'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call(intake, { status, limit: '2', ...(cursor ? { cursor } : {}) });
        expect(res.statusCode).toBe(200);
        expect(res.body.requests.length).toBeLessThanOrEqual(2);
        seen.push(...idsOf(res.body));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor !== null && pages < 10);
      expect(seen).toEqual(status === 'open' ? pick(6, 5, 4, 2, 0) : pick(6, 5, 4, 3, 2, 1, 0));
    }
  });

  it('keeps its place when a listed request closes between two pages of the all listing', async () => {
    const first = (await call(intake, { status: 'all', limit: '3' })).body;
    expect(idsOf(first)).toEqual(pick(6, 5, 4));
    await closeAs(store, CLINIC_ID, ids[5] as string, 'resolved', h.now());
    await closeAs(store, CLINIC_ID, ids[2] as string, 'resolved', h.now());
    const second = (await call(intake, { status: 'all', limit: '3', cursor: first.nextCursor })).body;
    expect(idsOf(second)).toEqual(pick(3, 2, 1));
    expect(second.requests[1].status).toBe('resolved');
  });

  it('filters by service: a page may hold fewer than the limit', async () => {
    const res = await call(intake, { serviceId: 'adolescent', limit: '1' });
    expect(idsOf(res.body)).toEqual(pick(5));
    const next = await call(intake, { serviceId: 'adolescent', limit: '1', cursor: res.body.nextCursor });
    expect(idsOf(next.body)).toEqual(pick(2));
    expect(res.body.requests[0].routedServiceId).toBe('general');
  });

  it('filters by creation time: from inclusive, to exclusive', async () => {
    const res = await call(intake, {
      status: 'all',
      from: new Date(at(2)).toISOString(),
      to: new Date(at(5)).toISOString(),
    });
    expect(idsOf(res.body)).toEqual(pick(4, 3, 2));
    const offset = await call(intake, { status: 'all', from: '2026-03-02T12:04:00+00:00' });
    expect(idsOf(offset.body)).toEqual(pick(6, 5, 4));
  });

  it('finds requests by reference, in any case: the open one, and closed ones', async () => {
    const open = await store.get(CLINIC_ID, ids[4] as string);
    const res = await call(intake, { reference: open?.reference.toLowerCase() as string });
    expect(res.statusCode).toBe(200);
    expect(idsOf(res.body)).toEqual(pick(4));
    expect(res.body.nextCursor).toBeNull();
    const closed = await store.get(CLINIC_ID, ids[1] as string);
    expect(idsOf((await call(intake, { reference: closed?.reference as string })).body)).toEqual(pick(1));
    // `status` still applies when given.
    expect(
      idsOf((await call(intake, { reference: closed?.reference as string, status: 'open' })).body),
    ).toEqual([]);
    expect(idsOf((await call(intake, { reference: 'RQQQQ' })).body)).toEqual([]);
  });

  it('finds a reused reference: the open request first, then the closed one', async () => {
    const closed = await store.get(CLINIC_ID, ids[1] as string);
    // A later request that took the freed reference.
    const open = await store.get(CLINIC_ID, ids[0] as string);
    await store.replace(
      { ...(open as NonNullable<typeof open>), reference: closed?.reference as string },
      open?.request.version as number,
    );
    await store.reserveReference(CLINIC_ID, closed?.reference as string, ids[0] as string, h.now());
    const res = await call(admin, { reference: closed?.reference as string });
    expect(idsOf(res.body)).toEqual(pick(0, 1));
  });
});

describe('who may list', () => {
  const cases: Array<[string, Principal, number]> = [
    ['intake', intake, 200],
    ['admin', admin, 200],
    ['clinician', asClinician('ana'), 403],
    ['platform', platform, 403],
    ['intake of another clinic', otherIntake, 404],
    ['admin of another clinic', { keyId: 'k-sa', clinicId: OTHER_CLINIC, role: 'admin' }, 404],
    ['clinician of another clinic', { ...asClinician('ana'), clinicId: OTHER_CLINIC }, 404],
  ];
  it.each(cases.map(([who, principal, status]) => ({ who, principal, status })))(
    '$who key: $status',
    async ({ principal, status }) => {
      const res = await call(principal, { status: 'all' }, CLINIC_ID);
      expect(res.statusCode).toBe(status);
      if (status !== 200) {
        expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        expect(res.raw).not.toContain(ids[0]);
      }
    },
  );

  it('answers another clinic the same 404 whether the clinic exists or not', async () => {
    const real = await call(otherIntake, {}, CLINIC_ID);
    const ghost = await call(otherIntake, {}, 'no-such-clinic');
    expect(real.statusCode).toBe(404);
    expect(real.raw).toBe(ghost.raw);
  });

  it('lists only its own clinic', async () => {
    const south = await call(otherIntake, { status: 'all' });
    expect(south.body.requests).toHaveLength(1);
    expect(idsOf(south.body)).not.toContain(ids[0]);
  });
});

describe('a bad query is a 400 at the parameter', () => {
  const position = requestKeys.queuePosition(at(4), 'req_0');
  const cases: Array<[string, Record<string, string>, string]> = [
    ['an unknown status', { status: 'pending' }, 'status'],
    ['limit 0', { limit: '0' }, 'limit'],
    ['limit 101', { limit: '101' }, 'limit'],
    ['a limit that is not a number', { limit: '2.5' }, 'limit'],
    ['a from that is not an instant', { from: 'yesterday' }, 'from'],
    ['a to without an offset', { to: '2026-03-02T12:00:00' }, 'to'],
    ['to equal to from', { from: '2026-03-02T12:00:00Z', to: '2026-03-02T12:00:00Z' }, 'to'],
    ['to before from', { from: '2026-03-02T12:00:00Z', to: '2026-03-01T12:00:00Z' }, 'to'],
    ['a serviceId that is not an id', { serviceId: 'gen eral' }, 'serviceId'],
    ['a cursor with foreign characters', { cursor: 'abc.def' }, 'cursor'],
    ['a cursor that decodes to nothing', { cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
    ['a cursor of another clinic', { cursor: encodeCursor(OTHER_CLINIC, position) }, 'cursor'],
    [
      'a cursor pointing outside the queue',
      {
        cursor: Buffer.from(JSON.stringify({ c: CLINIC_ID, p: 'REF#northside#R7KQ' })).toString('base64url'),
      },
      'cursor',
    ],
    ['a reference too short', { reference: 'R7K' }, 'reference'],
    ['a reference with a symbol', { reference: 'R7K!' }, 'reference'],
    ['a reference not starting with R', { reference: '7KQA' }, 'reference'],
    ['a reference with a cursor', { reference: 'R7KQ', cursor: encodeCursor(CLINIC_ID, position) }, 'cursor'],
    ['an unknown parameter', { state: 'open' }, 'state'],
  ];
  it.each(cases)('%s', async (_what, query, path) => {
    const res = await call(intake, query);
    expect(res.statusCode).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ path, message: expect.any(String) }]);
  });

  it('says what is wrong in words', async () => {
    const res = await call(intake, { limit: '500' });
    expect(res.body.error.details[0].message).toBe('must be a whole number from 1 to 100');
  });

  it('takes a well-formed cursor of its own clinic: the requests below its position', async () => {
    const res = await call(intake, { cursor: encodeCursor(CLINIC_ID, position) });
    expect(res.statusCode).toBe(200);
    expect(idsOf(res.body)).toEqual(pick(2, 0));
  });
});
