// The delivery module's promises at the use-case level: a page answered before it leaves is withheld, the
// timeline and the status view tell pending from sent, and short references are unique among open requests.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { DELIVERY_CHECK_MS } from '../../../shared/app/requests/apply-event.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { referenceCandidate } from '../../../shared/app/requests/reference.js';
import { requestView } from '../../../shared/app/requests/request-view.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { resolveRequest } from '../../../shared/app/requests/close-request.js';
import {
  asClinician,
  body,
  CLINIC_ID,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  PHONES,
  seedClinic,
  type Harness,
} from './fakes.js';

let h: Harness;
let requests: FakeRequestStore;

beforeEach(async () => {
  const clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  h = harness({ clinics, requests });
});

describe('a page answered before it leaves', () => {
  it('is withheld when the ack is recorded between the escalation step and the publish', async () => {
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-race-1', body());
    const { requestId } = stored.request;
    const timeout = h.timer.last();
    h.setNow(timeout.dueAt);
    // Ana's ack lands while the step that pages ben is writing ben's credentials.
    const reserve = requests.reserveSmsCode.bind(requests);
    let acked = false;
    requests.reserveSmsCode = async (record, now) => {
      if (!acked) {
        acked = true;
        await respondByApi(h.deps, asClinician('ana'), CLINIC_ID, requestId, 'acknowledge');
      }
      return reserve(record, now);
    };
    await onTimer(h.deps, timeout);
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana]); // ben never paged
    const request = requests.only().request;
    expect(request.status).toBe('acknowledged');
    expect(request.timeline.map((e) => e.type)).toEqual([
      'submitted',
      'page_sent',
      'timeout',
      'escalated',
      'acknowledged',
      'page_withheld',
    ]);
    expect(request.timeline.at(-1)).toMatchObject({
      who: { clinicianId: 'ben' },
      reason: 'answered_before_send',
    });
    expect(request.pending).toEqual([]);
  });
});

describe('the delivery check', () => {
  it('is scheduled only where timers outlive the process (a queue), not on an in-process timer', async () => {
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-check-1', body());
    expect(h.timer.scheduled.map((s) => s.message.dueAt - h.now())).toEqual([DELIVERY_CHECK_MS, 60_000]);
    const inProcess = {
      ...h.deps,
      timer: { outlivesProcess: false, schedule: h.timer.schedule.bind(h.timer) },
    };
    h.timer.scheduled.length = 0;
    await submitRequest(inProcess, intake, CLINIC_ID, 'idem-check-2', body());
    expect(h.timer.scheduled.map((s) => s.message.dueAt - h.now())).toEqual([60_000]);
    expect(stored.request.pending).toEqual([]);
  });
});

describe('the status view', () => {
  it('shows a page as pending until the provider accepted it, then as sent with nothing pending', async () => {
    let seen: string[] = [];
    const send = h.pager.send.bind(h.pager);
    h.deps.pager = {
      send: async (page) => {
        // What the hotline would see while the page is on its way.
        seen = requestView(requests.only(), intake).timeline.map((e) => e.type);
        return send(page);
      },
    };
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-view-1', body());
    expect(seen).toEqual(['submitted', 'page_pending']);
    expect(requestView(stored, intake).timeline.map((e) => e.type)).toEqual(['submitted', 'page_sent']);
  });

  it('stops showing pending pages once nobody is paged any more', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'Throttled', permanent: false }, 1);
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-view-2', body());
    expect(requestView(stored, intake).timeline.map((e) => e.type)).toEqual([
      'submitted',
      'page_failed',
      'page_pending', // the re-attempt, due in 5 s
    ]);
  });
});

describe('short references', () => {
  it('are unique among 600 open requests of one clinic', async () => {
    const references = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, `idem-ref-${i}`, body());
      references.add(stored.reference);
      expect(stored.reference).toMatch(/^R[A-Z0-9]{3,4}$/);
    }
    expect(references.size).toBe(600);
  });

  it('stay the same for a replayed submit, and move to the next candidate when the first is held', async () => {
    const first = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-ref-a', body());
    const again = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-ref-a', body());
    expect(again.stored.reference).toBe(first.stored.reference);
    // Another open request holds what would be this one's first candidate.
    const next = 'req_next';
    await requests.reserveReference(CLINIC_ID, referenceCandidate(next, 0, 3), 'req_other', h.now());
    expect(await requests.reserveReference(CLINIC_ID, referenceCandidate(next, 0, 3), next, h.now())).toBe(
      false,
    );
  });

  it('are free again once their request is closed', async () => {
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-ref-close', body());
    const { requestId } = stored.request;
    await respondByApi(h.deps, asClinician('ana'), CLINIC_ID, requestId, 'acknowledge');
    expect(await requests.reserveReference(CLINIC_ID, stored.reference, 'req_other', h.now())).toBe(false);
    await resolveRequest(h.deps, asClinician('ana'), CLINIC_ID, requestId, {
      outcome: 'safe_plan',
      note: 'called back',
    });
    expect(await requests.reserveReference(CLINIC_ID, stored.reference, 'req_other', h.now())).toBe(true);
  });
});
