// Cover requests on a real engine: two colleagues accepting at the same moment, one wins and the other
// is refused by the condition, and the audit list holds exactly the changes that happened.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoCoverRequests } from '../../../shared/adapters/aws/dynamo-cover-requests.js';
import {
  applyCoverTransition,
  decideAccept,
  decideCancel,
  decideReview,
  newCoverRequest,
  type CoverRequest,
  type CoverTransition,
} from '../../../shared/domain/rota/cover-requests.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const NOW = Date.parse('2026-03-20T12:00:00Z');
const DAY = 86_400_000;

let nextId = 0;
const fresh = (): CoverRequest =>
  newCoverRequest({
    clinicId: 'c1',
    serviceId: 'general',
    coverId: `cover${String(nextId++).padStart(7, '0')}`,
    requesterId: 'ana',
    start: NOW + DAY,
    end: NOW + DAY + 8 * 3_600_000,
    offeredTo: ['ben', 'cai'],
    by: 'ana',
    now: NOW,
  });

function transition(decision: ReturnType<typeof decideAccept>): CoverTransition {
  if (!decision.ok) throw new Error(`refused: ${decision.problem}`);
  return decision.transition;
}

describe(`DynamoCoverRequests on ${ENGINE}`, () => {
  let table: TestTable;
  let store: DynamoCoverRequests;
  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoCoverRequests(table.db, table.tableName);
  });
  afterAll(() => table.destroy());

  it('is created once and read back as written', async () => {
    const request = fresh();
    expect(await store.createCoverRequest(request)).toBe(true);
    expect(await store.createCoverRequest(request)).toBe(false);
    expect(await store.getCoverRequest('c1', request.coverId)).toEqual(request);
    expect(await store.getCoverRequest('c2', request.coverId)).toBeNull();
  });

  it('the first of two colleagues accepting at once takes it; the second is refused', async () => {
    const request = fresh();
    await store.createCoverRequest(request);
    // Both read the open request, both decide to take it, both write at the same moment.
    const [ben, cai] = await Promise.all([
      store.applyCoverTransition(request, transition(decideAccept(request, 'ben', 'none', NOW + 1_000))),
      store.applyCoverTransition(request, transition(decideAccept(request, 'cai', 'none', NOW + 1_000))),
    ]);
    expect([ben, cai].filter(Boolean)).toHaveLength(1);
    const stored = await store.getCoverRequest('c1', request.coverId);
    const winner = ben ? 'ben' : 'cai';
    expect(stored).toMatchObject({ state: 'covered', acceptedBy: winner, acceptedAt: NOW + 1_000 });
    expect(stored?.history).toEqual([
      { at: NOW, action: 'requested', by: 'ana' },
      { at: NOW + 1_000, action: 'accepted', by: winner },
    ]);
    // The loser, reading again, is told who took it.
    expect(decideAccept(stored!, winner === 'ben' ? 'cai' : 'ben', 'none', NOW + 2_000)).toEqual({
      ok: false,
      problem: 'taken',
      acceptedBy: winner,
    });
  });

  it('a cancel racing an accept: exactly one of them lands', async () => {
    const request = fresh();
    await store.createCoverRequest(request);
    const cancel = decideCancel(request, 'ana', NOW + 500);
    if (!cancel.ok) throw new Error(cancel.problem);
    const results = await Promise.all([
      store.applyCoverTransition(request, cancel.transition),
      store.applyCoverTransition(request, transition(decideAccept(request, 'ben', 'none', NOW + 500))),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await store.getCoverRequest('c1', request.coverId);
    expect(stored?.history).toHaveLength(2);
    expect(stored?.state).toBe(results[0] ? 'cancelled' : 'covered');
  });

  it('an admin rejecting the taker reopens it, stored exactly as the domain computes', async () => {
    const request = fresh();
    await store.createCoverRequest(request);
    const accept = transition(decideAccept(request, 'ben', 'admin', NOW + 1_000));
    expect(await store.applyCoverTransition(request, accept)).toBe(true);
    const waiting = applyCoverTransition(request, accept);
    const reject = transition(decideReview(waiting, 'reject', 'admin-key', NOW + 2_000));
    expect(await store.applyCoverTransition(request, reject)).toBe(true);
    expect(await store.applyCoverTransition(request, reject)).toBe(false); // a retry finds it open
    const reopened = applyCoverTransition(waiting, reject);
    expect(await store.getCoverRequest('c1', request.coverId)).toEqual(reopened);
    expect(reopened).toMatchObject({ state: 'open', refused: ['ben'] });
    expect(
      await store.applyCoverTransition(
        request,
        transition(decideAccept(reopened, 'cai', 'admin', NOW + 3_000)),
      ),
    ).toBe(true);
  });

  it('lists the clinic’s requests and nobody else’s', async () => {
    const other = { ...fresh(), clinicId: 'c2' };
    await store.createCoverRequest(other);
    const listed = await store.listCoverRequests('c1');
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(listed.every((r) => r.clinicId === 'c1')).toBe(true);
    expect((await store.listCoverRequests('c2')).map((r) => r.coverId)).toEqual([other.coverId]);
  });

  it('marks a follow-up done once: a second mark, even concurrent, is refused and keeps the first time', async () => {
    const request = fresh();
    await store.createCoverRequest(request);
    const marks = await Promise.all([
      store.markCover(request, 'offeredAt', NOW + 1),
      store.markCover(request, 'offeredAt', NOW + 2),
    ]);
    expect(marks.sort()).toEqual([false, true]);
    const stored = await store.getCoverRequest('c1', request.coverId);
    expect([NOW + 1, NOW + 2]).toContain(stored?.offeredAt);
    expect(await store.markCover(request, 'overrideAt', NOW + 3)).toBe(true);
    expect(await store.markCover(request, 'expiryToldAt', NOW + 4)).toBe(true);
    expect(await store.getCoverRequest('c1', request.coverId)).toMatchObject({
      overrideAt: NOW + 3,
      expiryToldAt: NOW + 4,
      state: 'open',
      history: request.history,
    });
    // A transition keeps the marks; a request that does not exist is never created by a mark.
    expect(
      await store.applyCoverTransition(request, transition(decideAccept(request, 'ben', 'none', NOW + 5))),
    ).toBe(true);
    expect((await store.getCoverRequest('c1', request.coverId))?.overrideAt).toBe(NOW + 3);
    expect(await store.markCover({ clinicId: 'c1', coverId: 'nosuchcover' }, 'offeredAt', NOW)).toBe(false);
    expect(await store.getCoverRequest('c1', 'nosuchcover')).toBeNull();
  });

  it('finds an offer link by its hash until TTL takes it; the request is not listed with it', async () => {
    const request = fresh();
    await store.createCoverRequest(request);
    const link = {
      tokenHash: `hash-${request.coverId}`,
      clinicId: 'c1',
      coverId: request.coverId,
      clinicianId: 'ben',
      createdAt: NOW,
      end: request.end,
    };
    await store.putCoverLink(link);
    expect(await store.findCoverLink(link.tokenHash)).toEqual(link);
    expect(await store.findCoverLink('hash-unknown')).toBeNull();
    const listed = await store.listCoverRequests('c1');
    expect(listed.every((r) => 'requesterId' in r && !('tokenHash' in r))).toBe(true);
  });
});
