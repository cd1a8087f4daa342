// The authenticated API: acknowledge, decline, resolve, cancel, read; and who sees the caller's details.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { cancelRequest, getRequest, resolveRequest } from '../../../shared/app/requests/close-request.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { requestView } from '../../../shared/app/requests/request-view.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import {
  admin,
  appErrorOf,
  asClinician,
  body,
  CALLBACK,
  CLINIC_ID,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  otherIntake,
  PHONES,
  SECOND,
  seedClinic,
  SUMMARY,
  T0,
  type Harness,
} from './fakes.js';

let h: Harness;
let requests: FakeRequestStore;
let requestId: string;

const ana = asClinician('ana');
const ben = asClinician('ben');
const chloe = asClinician('chloe');

beforeEach(async () => {
  const clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  h = harness({ clinics, requests });
  const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-api1', body());
  requestId = stored.request.requestId;
});

const ack = (who = ana) => respondByApi(h.deps, who, CLINIC_ID, requestId, 'acknowledge');
const decline = (who = ana) => respondByApi(h.deps, who, CLINIC_ID, requestId, 'decline');
const state = () => requests.only().request;

/** Lets ana's page time out so ben is paged too: two clinicians who were both paged. */
/** The queued timeout of the first page, at `dueAt`. */
function pageTimeout(dueAt: number) {
  const message = h.timer.scheduled.map((s) => s.message).find((m) => m.dueAt === dueAt);
  if (!message) throw new Error(`no timer due at ${dueAt}`);
  return message;
}

async function escalateToBen() {
  const message = h.timer.last();
  h.setNow(message.dueAt);
  expect(await onTimer(h.deps, message)).toBe('advanced');
}

describe('acknowledge by API', () => {
  it('acknowledges for the paged clinician, stops the timer and records who, how and which page', async () => {
    h.advance(20 * SECOND);
    const stored = await ack();
    expect(stored.request.status).toBe('acknowledged');
    expect(stored.request.assignee).toEqual({ clinicianId: 'ana', name: 'Ana Smith' });
    // Accepted, not done: the call back is due within the service's follow-up deadline (default 10 min).
    expect(stored.request.nextDueAt).toBe(T0 + 620 * SECOND);
    expect(h.timer.last()).toMatchObject({ dueAt: T0 + 620 * SECOND, attempt: 1 });
    expect(stored.request.timeline.at(-1)).toEqual({
      at: T0 + 20 * SECOND,
      type: 'acknowledged',
      who: { clinicianId: 'ana', name: 'Ana Smith' },
      attempt: 1,
      via: 'api',
    });
    expect(h.signals.counts.TimeToAcknowledge).toBe(20 * SECOND);
    // The page's timeout that is still queued now changes nothing.
    h.setNow(T0 + 60 * SECOND);
    expect(await onTimer(h.deps, pageTimeout(T0 + 60 * SECOND))).toBe('ignored');
    expect(h.pager.delivered()).toHaveLength(1);
  });

  it('answers a repeated ack by the same clinician with the request (200), not an error', async () => {
    const first = await ack();
    const again = await ack();
    expect(again.request.status).toBe('acknowledged');
    expect(again.request.version).toBe(first.request.version);
    expect(state().timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('answers a later ack by another paged clinician with conflict naming who acknowledged', async () => {
    await escalateToBen();
    h.advance(5 * SECOND);
    await ack(ben);
    const error = await appErrorOf(ack(ana));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/already acknowledged by Ben Smith/);
    expect(error.extra).toEqual({
      acknowledgedBy: { clinicianId: 'ben', name: 'Ben Smith' },
      acknowledgedAt: new Date(h.now()).toISOString(),
    });
    expect(state().assignee?.clinicianId).toBe('ben');
  });

  it('lets the earlier page answer late: ana acks after escalation to ben, and nobody else is paged', async () => {
    await escalateToBen();
    const stored = await ack(ana);
    expect(stored.request.assignee?.clinicianId).toBe('ana');
    // Ben's page times out: nothing moves, since ana holds the request.
    const bensTimeout = h.timer.scheduled.map((s) => s.message).find((m) => m.attempt === 2)!;
    h.setNow(bensTimeout.dueAt);
    expect(await onTimer(h.deps, bensTimeout)).toBe('ignored');
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana, PHONES.ben]);
  });

  it('forbids a clinician of the clinic who was never paged for the request', async () => {
    const error = await appErrorOf(ack(chloe));
    expect(error.code).toBe('forbidden');
    expect(state().status).toBe('paging');
  });

  it('refuses intake and admin keys (clinician only) and hides the request from other clinics', async () => {
    expect((await appErrorOf(respondByApi(h.deps, intake, CLINIC_ID, requestId, 'acknowledge'))).code).toBe(
      'forbidden',
    );
    expect((await appErrorOf(respondByApi(h.deps, admin, CLINIC_ID, requestId, 'acknowledge'))).code).toBe(
      'forbidden',
    );
    const foreign = { ...ana, clinicId: 'southside' };
    expect((await appErrorOf(respondByApi(h.deps, foreign, CLINIC_ID, requestId, 'acknowledge'))).code).toBe(
      'not_found',
    );
  });

  it('answers not_found for a request that does not exist', async () => {
    const error = await appErrorOf(respondByApi(h.deps, ana, CLINIC_ID, 'req_missing', 'acknowledge'));
    expect(error.code).toBe('not_found');
  });
});

describe('decline by API', () => {
  it('pages the next level at once when the current recipient declines', async () => {
    h.advance(3 * SECOND);
    const stored = await decline();
    expect(stored.request.status).toBe('paging');
    expect(stored.request.position.level).toBe(1);
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana, PHONES.ben]);
    expect(h.pager.delivered()[1]?.at).toBe(T0 + 3 * SECOND);
    const types = stored.request.timeline.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['declined', 'escalated', 'page_sent']);
    expect(stored.request.timeline.find((e) => e.type === 'escalated')?.reason).toBe('declined');
  });

  // Bug: the clinician who accepted declining was answered 200 and silently ignored, so she believed the
  // request had gone to someone else while it stayed hers.
  it('answers a decline by the clinician who accepted with 409 saying it cannot be declined now', async () => {
    h.advance(10 * SECOND);
    const accepted = await ack();
    const error = await appErrorOf(decline());
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      "You accepted this request, so it can't be declined now: call the caller back, or ask the hotline to cancel it and send it again so someone else is paged.",
    );
    expect(error.extra).toEqual({
      acknowledgedBy: { clinicianId: 'ana', name: 'Ana Smith' },
      acknowledgedAt: new Date(T0 + 10 * SECOND).toISOString(),
    });
    // Nothing changed: still hers, nobody else paged, and a repeated ack is still a 200.
    expect(state()).toMatchObject({ status: 'acknowledged', assignee: { clinicianId: 'ana' } });
    expect(state().version).toBe(accepted.request.version);
    expect(h.pager.delivered()).toHaveLength(1);
    expect((await ack()).request.version).toBe(accepted.request.version);
  });

  it('answers a decline from someone not paged right now with conflict', async () => {
    await escalateToBen();
    const error = await appErrorOf(decline(ana));
    expect(error.code).toBe('conflict');
    expect(state().position.level).toBe(1);
  });
});

describe('resolve and cancel', () => {
  it('resolves for the assignee with an outcome note', async () => {
    await ack();
    h.advance(30 * 60 * SECOND);
    const stored = await resolveRequest(h.deps, ana, CLINIC_ID, requestId, {
      outcome: 'safe_plan',
      note: 'Called back, safety plan agreed',
    });
    expect(stored.request.status).toBe('resolved');
    expect(stored.request.timeline.at(-1)).toMatchObject({
      type: 'resolved',
      who: { clinicianId: 'ana' },
      note: 'Called back, safety plan agreed',
    });
  });

  it('answers resolve by a paged clinician who is not the assignee with conflict', async () => {
    await escalateToBen();
    await ack(ben);
    const error = await appErrorOf(resolveRequest(h.deps, ana, CLINIC_ID, requestId, {}));
    expect(error.code).toBe('conflict');
    expect(state().status).toBe('acknowledged');
  });

  it('answers resolve before anyone acknowledged with conflict', async () => {
    const error = await appErrorOf(resolveRequest(h.deps, ana, CLINIC_ID, requestId, {}));
    expect(error.code).toBe('conflict');
  });

  it('cancels by intake: paging stops and the queued timer changes nothing', async () => {
    const stored = await cancelRequest(h.deps, intake, CLINIC_ID, requestId, 'caller reached by ambulance');
    expect(stored.request.status).toBe('cancelled');
    expect(stored.request.nextDueAt).toBeNull();
    expect(stored.request.timeline.at(-1)).toMatchObject({ type: 'cancelled', role: 'intake' });
    h.setNow(T0 + 60 * SECOND);
    expect(await onTimer(h.deps, h.timer.last())).toBe('ignored');
    expect(h.pager.delivered()).toHaveLength(1);
    expect((await appErrorOf(ack())).code).toBe('conflict');
  });

  it('refuses cancel by a clinician key', async () => {
    expect((await appErrorOf(cancelRequest(h.deps, ana, CLINIC_ID, requestId, undefined))).code).toBe(
      'forbidden',
    );
  });

  it('answers a second cancel with conflict (the request is closed)', async () => {
    await cancelRequest(h.deps, intake, CLINIC_ID, requestId, undefined);
    expect((await appErrorOf(cancelRequest(h.deps, admin, CLINIC_ID, requestId, undefined))).code).toBe(
      'conflict',
    );
  });
});

describe('reading a request', () => {
  it('shows the request to a paged clinician and hides it (not_found) from one never paged', async () => {
    expect((await getRequest(h.deps, ana, CLINIC_ID, requestId)).request.requestId).toBe(requestId);
    expect((await appErrorOf(getRequest(h.deps, chloe, CLINIC_ID, requestId))).code).toBe('not_found');
    expect((await appErrorOf(getRequest(h.deps, otherIntake, CLINIC_ID, requestId))).code).toBe('not_found');
  });

  it('shows summary and callback number only to the clinician who acknowledged', async () => {
    await escalateToBen();
    const before = await getRequest(h.deps, ben, CLINIC_ID, requestId);
    expect(requestView(before, ben)).not.toHaveProperty('summary');
    await ack(ben);
    const stored = await getRequest(h.deps, intake, CLINIC_ID, requestId);

    const forBen = requestView(stored, ben);
    expect(forBen).toMatchObject({ summary: SUMMARY, callbackPhone: CALLBACK, status: 'acknowledged' });
    for (const principal of [intake, admin, ana]) {
      const view = requestView(stored, principal);
      expect(view).not.toHaveProperty('summary');
      expect(view).not.toHaveProperty('callbackPhone');
      expect(JSON.stringify(view)).not.toContain(SUMMARY);
      expect(JSON.stringify(view)).not.toContain(CALLBACK);
    }
    expect(JSON.stringify(requestView(stored, null))).not.toContain(SUMMARY);
  });

  it('never puts a phone number in the view, timeline included', async () => {
    await escalateToBen();
    await ack(ben);
    const view = JSON.stringify(requestView(await getRequest(h.deps, admin, CLINIC_ID, requestId), admin));
    for (const phone of Object.values(PHONES)) expect(view).not.toContain(phone);
  });

  it('tells the hotline to follow the emergency protocol once a request is unanswered', async () => {
    await escalateToBen();
    const message = h.timer.last();
    h.setNow(message.dueAt);
    await onTimer(h.deps, message);
    const view = requestView(await getRequest(h.deps, intake, CLINIC_ID, requestId), intake);
    expect(view.status).toBe('unanswered');
    expect(view).toHaveProperty('emergencyProtocol', expect.stringMatching(/emergency protocol/));
    expect(view.nextEscalationAt).toBe(new Date(h.now() + 300 * SECOND).toISOString());
  });
});
