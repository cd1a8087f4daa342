import fc from 'fast-check';
import { overrideEndFromId } from '../../../shared/domain/override-id.js';
import {
  applyCoverTransition,
  coverExpiry,
  coverOverride,
  coverWindowProblem,
  decideAccept,
  decideCancel,
  decideExpiry,
  decideReview,
  eligibleColleagues,
  newCoverRequest,
  type CoverRequest,
} from '../../../shared/domain/rota/cover-requests.js';
import { shiftsBetween, whoIsOnCall } from '../../../shared/domain/rota/index.js';
import { DAY, HOUR, daily, ms } from './helpers.js';

const MIN = 60_000;
const NOW = ms('2026-03-20T12:00:00Z');

function request(overrides: Partial<CoverRequest> = {}): CoverRequest {
  return {
    ...newCoverRequest({
      clinicId: 'clinic-1',
      serviceId: 'service-1',
      coverId: 'c0v3r1d4bcde',
      requesterId: 'ana',
      start: NOW + DAY,
      end: NOW + DAY + 8 * HOUR,
      offeredTo: ['ben', 'cai'],
      by: 'ana',
      now: NOW,
    }),
    ...overrides,
  };
}

function accepted(r: CoverRequest, who: string, at: number, approval: 'none' | 'admin' = 'none') {
  const decision = decideAccept(r, who, approval, at);
  if (!decision.ok) throw new Error(`expected ${who} to take it, got ${decision.problem}`);
  return applyCoverTransition(r, decision.transition);
}

describe('coverExpiry', () => {
  it('is an hour before the window when there is time', () => {
    expect(coverExpiry(NOW + DAY, NOW)).toBe(NOW + DAY - HOUR);
  });
  it('gives colleagues at least 15 minutes for a shift that starts soon, never past the start', () => {
    expect(coverExpiry(NOW + 30 * MIN, NOW)).toBe(NOW + 15 * MIN);
    expect(coverExpiry(NOW + 10 * MIN, NOW)).toBe(NOW + 10 * MIN);
  });
});

describe('eligibleColleagues', () => {
  const service = {
    rotation: daily(['ana', 'ben', 'cai', 'ben'], '2026-03-01', '08:00'),
    escalation: {
      levels: [
        { notify: 'primary' as const, ackTimeoutSeconds: 300 },
        { notify: { clinicianId: 'dee' }, ackTimeoutSeconds: 300 },
        { notify: { clinicianId: 'ana' }, ackTimeoutSeconds: 300 },
      ],
      repeat: 0,
    },
  };
  it('offers rotation and escalation people once each, not the requester, not the unreachable', () => {
    const unavailable = (id: string) => (id === 'cai' ? 'inactive' : null);
    expect(eligibleColleagues(service, 'ana', unavailable)).toEqual(['ben', 'dee']);
  });
  it('leaves out colleagues an admin refused', () => {
    expect(eligibleColleagues(service, 'ana', () => null, ['ben'])).toEqual(['cai', 'dee']);
  });
});

describe('coverWindowProblem', () => {
  // London, daily at 08:00, ana then ben, across the spring-forward night of 2026-03-29.
  const rotation = daily(['ana', 'ben'], '2026-03-27', '08:00');
  const shiftsOf = (from: number, to: number) =>
    shiftsBetween({ rotation, timeZone: 'Europe/London', overrides: [], from, to }).shifts;
  const now = ms('2026-03-26T12:00:00Z');

  it('accepts part of a shift the requester holds', () => {
    const start = ms('2026-03-27T18:00:00Z');
    const end = ms('2026-03-28T06:00:00Z');
    expect(coverWindowProblem(shiftsOf(start, end), 'ana', start, end, now)).toBeNull();
  });
  it('refuses a window that runs into a colleague’s shift, naming where theirs ends', () => {
    const start = ms('2026-03-27T18:00:00Z');
    const end = ms('2026-03-28T12:00:00Z');
    expect(coverWindowProblem(shiftsOf(start, end), 'ana', start, end, now)).toEqual({
      field: 'end',
      reason: 'the requester is not on call for this service from 2026-03-28T08:00:00.000Z',
    });
  });
  it('refuses a window in the past, an empty one, and one the requester does not hold at all', () => {
    const start = ms('2026-03-28T09:00:00Z');
    expect(coverWindowProblem([], 'ana', now - HOUR, now + HOUR, now)?.field).toBe('start');
    expect(coverWindowProblem([], 'ana', start, start, now)?.field).toBe('end');
    expect(coverWindowProblem(shiftsOf(start, start + HOUR), 'ana', start, start + HOUR, now)?.field).toBe(
      'start',
    );
  });
  it('agrees with whoIsOnCall at every hour of random windows (property)', () => {
    const from = ms('2026-03-27T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 * 24 }), fc.integer({ min: 1, max: 40 }), (h, length) => {
        const start = from + h * HOUR;
        const end = start + length * HOUR;
        const heldThroughout = Array.from({ length }, (_, i) => start + i * HOUR).every(
          (t) =>
            whoIsOnCall({ rotation, timeZone: 'Europe/London', overrides: [], at: t }).primary
              ?.clinicianId === 'ana',
        );
        const problem = coverWindowProblem(shiftsOf(start, end), 'ana', start, end, now);
        // Handoffs fall on the hour here, so hourly samples see every change of holder.
        expect(problem === null).toBe(heldThroughout);
      }),
    );
  });
});

describe('accepting', () => {
  it('the first of two colleagues takes it; the second is told who did', () => {
    const taken = accepted(request(), 'ben', NOW + MIN);
    expect(taken).toMatchObject({ state: 'covered', acceptedBy: 'ben', acceptedAt: NOW + MIN });
    expect(decideAccept(taken, 'cai', 'none', NOW + 2 * MIN)).toEqual({
      ok: false,
      problem: 'taken',
      acceptedBy: 'ben',
    });
    expect(taken.history.map((e) => `${e.action}:${e.by}`)).toEqual(['requested:ana', 'accepted:ben']);
  });
  it('refuses the requester, people it was not offered to, and an expired request', () => {
    const r = request();
    expect(decideAccept(r, 'ana', 'none', NOW)).toMatchObject({ ok: false, problem: 'own_request' });
    expect(decideAccept(r, 'zed', 'none', NOW)).toMatchObject({ ok: false, problem: 'not_offered' });
    expect(decideAccept(r, 'ben', 'none', r.expiresAt)).toMatchObject({ ok: false, problem: 'expired' });
    expect(decideAccept(request({ state: 'cancelled' }), 'ben', 'none', NOW)).toMatchObject({
      ok: false,
      problem: 'closed',
      state: 'cancelled',
    });
  });
  it('waits for an admin where the clinic requires approval; a rejection reopens it for the others', () => {
    const waiting = accepted(request(), 'ben', NOW + MIN, 'admin');
    expect(waiting.state).toBe('awaiting_approval');
    expect(coverOverride(waiting)).toBeNull();
    const review = decideReview(waiting, 'reject', 'admin-key', NOW + 2 * MIN);
    if (!review.ok) throw new Error(review.problem);
    const reopened = applyCoverTransition(waiting, review.transition);
    expect(reopened).toMatchObject({ state: 'open', refused: ['ben'] });
    expect(reopened.acceptedBy).toBeUndefined();
    expect(decideAccept(reopened, 'ben', 'admin', NOW + 3 * MIN)).toMatchObject({ problem: 'not_offered' });
    const second = accepted(reopened, 'cai', NOW + 3 * MIN, 'admin');
    const approve = decideReview(second, 'approve', 'admin-key', NOW + 4 * MIN);
    if (!approve.ok) throw new Error(approve.problem);
    const covered = applyCoverTransition(second, approve.transition);
    expect(covered).toMatchObject({ state: 'covered', acceptedBy: 'cai' });
    expect(covered.history.map((e) => e.action)).toEqual([
      'requested',
      'accepted',
      'rejected',
      'accepted',
      'approved',
    ]);
  });
});

describe('the covering override', () => {
  it('has an id derived from the request, addressable by its end, created at the acceptance', () => {
    const covered = accepted(request(), 'cai', NOW + 5 * MIN);
    const first = coverOverride(covered);
    expect(first).toMatchObject({
      clinicianId: 'cai',
      start: covered.start,
      end: covered.end,
      createdAt: NOW + 5 * MIN,
    });
    expect(coverOverride(covered)?.overrideId).toBe(first?.overrideId);
    expect(overrideEndFromId(first!.overrideId)).toBe(covered.end);
  });
  it('puts the taker on call for the window in place of the requester', () => {
    const rotation = daily(['ana', 'ben'], '2026-03-21', '08:00');
    const covered = accepted(
      request({ start: ms('2026-03-21T10:00:00Z'), end: ms('2026-03-21T14:00:00Z') }),
      'cai',
      NOW,
    );
    const overrides = [coverOverride(covered)!];
    const at = (iso: string) =>
      whoIsOnCall({ rotation, timeZone: 'Europe/London', overrides, at: ms(iso) }).primary?.clinicianId;
    expect([at('2026-03-21T09:59:00Z'), at('2026-03-21T10:00:00Z'), at('2026-03-21T14:00:00Z')]).toEqual([
      'ana',
      'cai',
      'ana',
    ]);
  });
});

describe('cancel and expiry', () => {
  it('cancels while open or awaiting approval, not once covered', () => {
    expect(decideCancel(request(), 'ana', NOW)).toMatchObject({ ok: true });
    expect(decideCancel(accepted(request(), 'ben', NOW, 'admin'), 'ana', NOW)).toMatchObject({ ok: true });
    expect(decideCancel(accepted(request(), 'ben', NOW), 'ana', NOW)).toMatchObject({
      ok: false,
      problem: 'closed',
      state: 'covered',
    });
  });
  it('expires an unanswered request at its expiry, once', () => {
    const r = request();
    expect(decideExpiry(r, r.expiresAt - 1)).toMatchObject({ ok: false });
    const decision = decideExpiry(r, r.expiresAt);
    if (!decision.ok) throw new Error(decision.problem);
    const expired = applyCoverTransition(r, decision.transition);
    expect(expired.state).toBe('expired');
    expect(decideExpiry(expired, r.expiresAt + MIN)).toMatchObject({ ok: false, problem: 'closed' });
  });
});
