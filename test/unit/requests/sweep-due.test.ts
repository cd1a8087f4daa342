// The sweeper in isolation: grace before it steps in, what it counts, and that it is a safety net for every
// overdue request even when one of them cannot be processed.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { SWEEP_GRACE_MS, sweepDue } from '../../../shared/app/requests/sweep-due.js';
import {
  body,
  CLINIC_ID,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  PHONES,
  SECOND,
  seedClinic,
  T0,
  type Harness,
} from './fakes.js';

let h: Harness;
let requests: FakeRequestStore;

beforeEach(async () => {
  const clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  h = harness({ clinics, requests });
  h.timer.drop = true; // the precise timer lost every message
});

const submitAt = async (at: number, key: string) => {
  h.setNow(at);
  return (await submitRequest(h.deps, intake, CLINIC_ID, key, body())).stored.request.requestId;
};

describe('sweepDue', () => {
  it('leaves a request alone until its due time plus the grace, then advances it once', async () => {
    await submitAt(T0, 'idem-key-sw-1');
    h.setNow(T0 + 60 * SECOND + SWEEP_GRACE_MS - 1);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 0, advanced: 0 });
    h.setNow(T0 + 60 * SECOND + SWEEP_GRACE_MS);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 1, advanced: 1 });
    expect(await sweepDue(h.deps)).toEqual({ overdue: 0, advanced: 0 });
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana, PHONES.ben]);
    expect(h.signals.counts.SweeperOverdue).toBe(1);
  });

  it('advances every overdue request of a sweep, oldest first', async () => {
    await submitAt(T0, 'idem-key-sw-a');
    await submitAt(T0 + 5 * SECOND, 'idem-key-sw-b');
    h.setNow(T0 + 5 * 60 * SECOND);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 2, advanced: 2 });
    expect(h.signals.counts.SweeperOverdue).toBe(2);
  });

  // Bug: sweepDue has no per-request error handling. The oldest overdue request comes first, so one request
  // that always throws (e.g. its item can no longer be written) makes every sweep fail before it reaches
  // the others: the safety net is down for the whole platform, not just for that request.
  it('still advances the other overdue requests when one of them throws', async () => {
    const poisoned = await submitAt(T0, 'idem-key-sw-poison');
    const healthy = await submitAt(T0 + 5 * SECOND, 'idem-key-sw-ok');
    requests.failGetFor.add(poisoned);
    h.setNow(T0 + 5 * 60 * SECOND);
    await sweepDue(h.deps).catch(() => undefined);
    expect((await requests.get(CLINIC_ID, healthy))?.request.position.level).toBe(1);
  });
});
