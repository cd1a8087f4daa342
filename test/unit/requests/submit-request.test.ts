// Submitting a request: first page before the answer, a frozen route, rerouting when nobody is on call,
// idempotency and who may submit.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { DELIVERY_CHECK_MS } from '../../../shared/app/requests/apply-event.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import {
  admin,
  appErrorOf,
  asClinician,
  body,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  HOUR,
  intake,
  otherIntake,
  PHONES,
  SECOND,
  seedClinic,
  service,
  T0,
  type Harness,
} from './fakes.js';

let h: Harness;
let clinics: FakeClinicStore;
let requests: FakeRequestStore;

beforeEach(async () => {
  clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  h = harness({ clinics, requests });
});

const submit = (key = 'idem-key-0001', input = body(), principal = intake) =>
  submitRequest(h.deps, principal, CLINIC_ID, key, input);

describe('submit', () => {
  it('sends the first page to the primary before submit returns, and schedules its timeout', async () => {
    const { stored, replayed } = await submit();
    expect(replayed).toBe(false);
    expect(h.pager.delivered().map((p) => [p.to, p.channel])).toEqual([[PHONES.ana, 'sms']]);
    expect(stored.request.status).toBe('paging');
    expect(stored.request.nextDueAt).toBe(T0 + 60 * SECOND);
    // The delivery check (a page still pending then is sent again) and the level's timeout.
    expect(h.timer.scheduled.map((s) => s.message)).toEqual([
      { clinicId: CLINIC_ID, requestId: stored.request.requestId, attempt: 1, dueAt: T0 + DELIVERY_CHECK_MS },
      { clinicId: CLINIC_ID, requestId: stored.request.requestId, attempt: 1, dueAt: T0 + 60 * SECOND },
    ]);
    expect(stored.request.timeline.map((e) => e.type)).toEqual(['submitted', 'page_sent']);
    expect(stored.request.timeline[1]).toMatchObject({ messageId: 'm-1', who: { clinicianId: 'ana' } });
    expect(stored.request.pending).toEqual([]);
    expect(h.signals.counts.PagesSent).toBe(1);
  });

  it('freezes the route: a rota change after submit does not change who is paged next', async () => {
    const { stored } = await submit();
    // Mid-crisis the admin swaps the rota: chloe would now be primary and secondary is gone.
    await clinics.putService(service({ rotation: { ...service().rotation, participants: ['chloe'] } }));
    await clinics.putClinician(clinician('ben', { phone: '+447700900555' }));
    h.setNow(T0 + 60 * SECOND);
    expect(await onTimer(h.deps, h.timer.last())).toBe('advanced');
    const second = h.pager.delivered().at(-1);
    expect(second?.to).toBe(PHONES.ben);
    expect(second?.clinicianId).toBe('ben');
    expect(h.pager.delivered({ to: PHONES.chloe })).toHaveLength(0);
    expect(requests.only().request.route).toEqual(stored.request.route);
  });

  it("routes to the fallbackServiceId's on-call when nobody is on call for the service, and says so", async () => {
    const { stored } = await submit('idem-key-adol', body({ serviceId: 'adolescent' }));
    expect(stored.request.status).toBe('paging');
    expect(stored.request.serviceId).toBe('adolescent');
    expect(stored.request.routedServiceId).toBe('general');
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana]);
    const routed = stored.request.timeline.find((e) => e.type === 'routed');
    expect(routed).toMatchObject({ serviceId: 'general' });
    expect(routed?.reason).toMatch(/nobody on call for adolescent/);
  });

  it("pages the clinic's fallback contacts when nobody is on call and there is no fallback service, still accepted", async () => {
    const { stored } = await submit('idem-key-night', body({ serviceId: 'night' }));
    expect(['paging', 'unanswered']).toContain(stored.request.status);
    expect(
      h.pager
        .delivered()
        .map((p) => p.to)
        .sort(),
    ).toEqual([PHONES.duty, PHONES.lead].sort());
    const routed = stored.request.timeline.find((e) => e.type === 'routed');
    expect(routed?.reason).toMatch(/fallback contacts/);
    // ... and it keeps paging them every fallbackRepeatSeconds.
    expect(stored.request.nextDueAt).toBe(T0 + 300 * SECOND);
  });

  it('replays the same Idempotency-Key with the same body: same request, nobody paged again', async () => {
    const first = await submit();
    h.advance(5 * SECOND);
    const again = await submit();
    expect(again.replayed).toBe(true);
    expect(again.stored.request.requestId).toBe(first.stored.request.requestId);
    expect(again.stored.request.version).toBe(first.stored.request.version);
    expect(h.pager.sent).toHaveLength(1);
    expect(h.timer.scheduled).toHaveLength(2); // the first submit's check and timeout, nothing more
    expect(requests.items.size).toBe(1);
  });

  it('replays without writing new page credentials when the first page left (nothing is pending)', async () => {
    await submit();
    const credentials = () => [requests.tokens.size, requests.codes.size];
    const before = credentials();
    h.advance(5 * SECOND);
    await submit();
    expect(credentials()).toEqual(before);
  });

  it('re-sends, once, a first page whose process died after writing the request', async () => {
    dieAfterFirstCreate(requests);
    await expect(submit()).rejects.toThrow('process died');
    expect(h.pager.sent).toHaveLength(0);
    h.advance(5 * SECOND);
    const again = await submit();
    expect(again.replayed).toBe(true);
    expect(h.pager.sent).toHaveLength(1);
    await submit();
    expect(h.pager.sent).toHaveLength(1);
  });

  it('rejects the same Idempotency-Key with another body as a conflict', async () => {
    await submit();
    const error = await appErrorOf(submit('idem-key-0001', body({ urgency: 'emergency' })));
    expect(error.code).toBe('conflict');
    expect(h.pager.sent).toHaveLength(1);
  });

  it('rejects an Idempotency-Key first used more than 24 hours ago as a conflict', async () => {
    await submit();
    h.setNow(T0 + 24 * HOUR + 1);
    const error = await appErrorOf(submit());
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/24 hours/);
    expect(h.pager.sent).toHaveLength(1);
  });

  it('still replays the key just inside 24 hours', async () => {
    await submit();
    h.setNow(T0 + 24 * HOUR - SECOND);
    expect((await submit()).replayed).toBe(true);
  });

  it.each([
    ['an admin key', admin],
    ['a clinician key', asClinician('ana')],
  ])('refuses %s: only intake submits (forbidden)', async (_label, principal) => {
    const error = await appErrorOf(submit('idem-key-0001', body(), principal));
    expect(error.code).toBe('forbidden');
    expect(h.pager.sent).toHaveLength(0);
    expect(requests.items.size).toBe(0);
  });

  it('answers an intake key of another clinic with not_found (no existence leak)', async () => {
    const error = await appErrorOf(submit('idem-key-0001', body(), otherIntake));
    expect(error.code).toBe('not_found');
    expect(requests.items.size).toBe(0);
  });

  it('rejects an unknown serviceId as validation_failed at path serviceId', async () => {
    const error = await appErrorOf(submit('idem-key-0001', body({ serviceId: 'couples' })));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([expect.objectContaining({ path: 'serviceId' })]);
    expect(h.pager.sent).toHaveLength(0);
  });

  it('still pages when the timer cannot be scheduled, and alerts ops (the sweeper will catch up)', async () => {
    h.timer.failWith = new Error('queue down');
    const { stored } = await submit();
    expect(h.pager.delivered()).toHaveLength(1);
    expect(h.signals.alerts).toContain('timer_schedule_failed');
    expect(stored.request.nextDueAt).toBe(T0 + 60 * SECOND);
  });
});

/** The store's first create writes the request, then the process "dies" before anything else runs. */
function dieAfterFirstCreate(store: FakeRequestStore) {
  const create = store.create.bind(store);
  let died = false;
  store.create = async (stored) => {
    const result = await create(stored);
    if (died) return result;
    died = true;
    throw Object.assign(new Error('process died'), { name: 'ProcessDied' });
  };
}
