// Moving a request along: timers, stale and duplicate messages, failed sends (permanent and passing),
// resends through the timer, and the fallback repeat that keeps an unanswered request from going silent.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { DELIVERY_CHECK_MS } from '../../../shared/app/requests/apply-event.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { PENDING_STALE_MS } from '../../../shared/domain/escalation/index.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { SWEEP_GRACE_MS, sweepDue } from '../../../shared/app/requests/sweep-due.js';
import type { TimerMessage } from '../../../shared/ports/timer.js';
import {
  body,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  MINUTE,
  PHONES,
  SECOND,
  seedClinic,
  T0,
  type Harness,
} from './fakes.js';

let h: Harness;
let clinics: FakeClinicStore;
let requests: FakeRequestStore;
let requestId: string;

async function start() {
  const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-esc1', body());
  requestId = stored.request.requestId;
}

beforeEach(async () => {
  clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  h = harness({ clinics, requests });
});

const state = () => requests.only().request;
/** The timer message of the re-attempt now waiting (due when the pending page's notBefore comes). */
const reattempt = (): TimerMessage => {
  const due = state().pending?.find((p) => p.since === undefined)?.notBefore;
  const message = h.timer.scheduled.map((s) => s.message).findLast((m) => m.dueAt === due);
  if (!message) throw new Error('no re-attempt scheduled');
  return message;
};
const pagedPhones = () => h.pager.delivered().map((p) => p.to);

/** Fires the last scheduled timer exactly at its due time. */
async function fireLast() {
  const message = h.timer.last();
  h.setNow(Math.max(h.now(), message.dueAt));
  return onTimer(h.deps, message);
}

describe('timers', () => {
  beforeEach(start);

  it('pages the next level when the timeout timer fires at its due time', async () => {
    expect(await fireLast()).toBe('advanced');
    expect(pagedPhones()).toEqual([PHONES.ana, PHONES.ben]);
    const request = state();
    expect(request.position).toMatchObject({ level: 1, attempt: 2 });
    expect(request.nextDueAt).toBe(T0 + 60 * SECOND + 120 * SECOND);
    expect(request.timeline.map((e) => e.type)).toEqual([
      'submitted',
      'page_sent',
      'timeout',
      'escalated',
      'page_sent',
    ]);
    expect(request.timeline.find((e) => e.type === 'escalated')?.reason).toBe('timeout');
  });

  it('ignores a duplicate of a timer that already fired', async () => {
    const message = h.timer.last();
    h.setNow(message.dueAt);
    expect(await onTimer(h.deps, message)).toBe('advanced');
    const version = state().version;
    expect(await onTimer(h.deps, message)).toBe('ignored');
    expect(pagedPhones()).toEqual([PHONES.ana, PHONES.ben]);
    expect(state().version).toBe(version);
  });

  it('ignores a stale timer of an earlier page after the request moved on', async () => {
    const first = h.timer.last();
    await fireLast();
    h.setNow(h.now() + 10 * MINUTE); // the current page is also overdue: only its own timer may act
    const stale: TimerMessage = { ...first, dueAt: h.now() };
    const version = state().version;
    expect(await onTimer(h.deps, stale)).toBe('ignored');
    expect(state().version).toBe(version);
    expect(pagedPhones()).toHaveLength(2);
  });

  it('puts an early timer message back on the queue and pages nobody', async () => {
    const message = h.timer.last();
    h.setNow(message.dueAt - 30 * SECOND);
    const before = h.timer.scheduled.length;
    expect(await onTimer(h.deps, message)).toBe('rescheduled');
    expect(h.timer.scheduled).toHaveLength(before + 1);
    expect(h.timer.last()).toEqual(message);
    expect(pagedPhones()).toEqual([PHONES.ana]);
  });

  it('changes nothing for a message that claims to be due while the request is not', async () => {
    const message = h.timer.last();
    h.setNow(message.dueAt - 30 * SECOND);
    const version = state().version;
    expect(await onTimer(h.deps, { ...message, dueAt: h.now() })).toBe('ignored');
    expect(pagedPhones()).toEqual([PHONES.ana]);
    expect(state().version).toBe(version);
  });

  it('requeues a message that arrives slightly early (SQS rounds delays to seconds) instead of dropping it', async () => {
    const message = h.timer.last();
    h.setNow(message.dueAt - 400);
    const before = h.timer.scheduled.length;
    // Dropped, the step would wait for the sweeper (a minute and more); requeued, it fires at its due time.
    expect(await onTimer(h.deps, message)).toBe('rescheduled');
    expect(h.timer.scheduled).toHaveLength(before + 1);
    expect(pagedPhones()).toEqual([PHONES.ana]);
    h.setNow(message.dueAt);
    expect(await onTimer(h.deps, h.timer.last())).toBe('advanced');
  });

  it('ignores a timer for a request that does not exist', async () => {
    expect(await onTimer(h.deps, { clinicId: CLINIC_ID, requestId: 'req_nope', attempt: 1, dueAt: T0 })).toBe(
      'ignored',
    );
  });
});

describe('send failures', () => {
  it('moves on to the next level at once when the primary opted out, marks the contact broken and alerts', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'OptedOut', permanent: true });
    await start();
    // Nobody waited for the timeout: ben was paged inside the submit call.
    expect(pagedPhones()).toEqual([PHONES.ben]);
    expect(h.now()).toBe(T0);
    expect(clinics.brokenMarks).toEqual([{ clinicId: CLINIC_ID, clinicianId: 'ana', channel: 'sms' }]);
    expect(h.signals.alerts).toContain('contact_broken:OptedOut');
    const request = state();
    expect(request.position.level).toBe(1);
    expect(request.brokenContacts).toEqual([{ clinicianId: 'ana', channel: 'sms' }]);
    expect(request.timeline.find((e) => e.type === 'page_failed')).toMatchObject({
      who: { clinicianId: 'ana' },
      channel: 'sms',
      reason: 'send_failed:OptedOut',
    });
    expect(request.timeline.find((e) => e.type === 'escalated')?.reason).toBe('send_failed:OptedOut');
    expect(h.signals.counts.PageFailures).toBe(1);
    // The ops view per channel: the refusal as a fixed class, then ben's page accepted.
    expect(h.signals.deliveries).toEqual([
      { channel: 'sms', outcome: 'failed', failure: 'opted_out', latencyMs: 0 },
      { channel: 'sms', outcome: 'sent', latencyMs: 0 },
    ]);
  });

  it('keeps waiting on the email channel when only the SMS of a clinician with email failed', async () => {
    await clinics.putClinician(clinician('ana', { email: 'ana@example.org' }));
    h.pager.failFor({ to: PHONES.ana, channel: 'sms' }, { code: 'OptedOut', permanent: true });
    await start();
    expect(h.pager.delivered().map((p) => p.channel)).toEqual(['email']);
    expect(state().position.level).toBe(0);
    expect(state().awaiting).toEqual(['email:c:ana']);
  });

  it('schedules a re-attempt through the timer 5 s later when the send was throttled', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'Throttled', permanent: false }, 1);
    await start();
    expect(pagedPhones()).toEqual([]);
    expect(reattempt()).toEqual({ clinicId: CLINIC_ID, requestId, attempt: 1, dueAt: T0 + 5 * SECOND });
    expect(state().pending).toEqual([
      {
        attempt: 1,
        who: { clinicianId: 'ana', name: 'Ana Smith' },
        channel: 'sms',
        retry: 1,
        level: 0,
        round: 0,
        notBefore: T0 + 5 * SECOND,
      },
    ]);
    expect(state().position.level).toBe(0);
    expect(clinics.brokenMarks).toEqual([]);
  });

  it('sends the page again when the re-attempt timer fires', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'Throttled', permanent: false }, 1);
    await start();
    const message = reattempt();
    h.setNow(T0 + 5 * SECOND);
    expect(await onTimer(h.deps, message)).toBe('resent');
    expect(pagedPhones()).toEqual([PHONES.ana]);
    // The resent page carries fresh, working credentials, and is on the record once it left.
    expect(h.pager.delivered()[0]?.ackUrl).toMatch(/\/ack\/[A-Za-z0-9_-]{22}$/);
    expect(state().position.level).toBe(0);
    expect(state().pending).toEqual([]);
    expect(state().timeline.filter((e) => e.type === 'page_sent')).toMatchObject([
      { who: { clinicianId: 'ana' }, retry: 1, messageId: 'm-1' },
    ]);
  });

  it('moves on to the next level after the page failed four times (the page and three re-attempts, 5, 10 and 20 s apart)', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'InternalError', permanent: false });
    await start();
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const message = reattempt();
      gaps.push(message.dueAt - h.deps.clock());
      h.setNow(message.dueAt);
      expect(await onTimer(h.deps, message)).toBe('resent');
    }
    expect(gaps).toEqual([5 * SECOND, 10 * SECOND, 20 * SECOND]);
    expect(h.pager.sent.filter((p) => p.to === PHONES.ana)).toHaveLength(4);
    expect(pagedPhones()).toEqual([PHONES.ben]);
    expect(state().position.level).toBe(1);
    expect(state().timeline.filter((e) => e.type === 'page_failed')).toHaveLength(4);
    expect(clinics.brokenMarks).toEqual([]); // a passing failure is not a broken number
  });

  it('pages once when the same re-attempt message is delivered twice', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'Throttled', permanent: false }, 1);
    await start();
    const message = reattempt();
    h.setNow(message.dueAt);
    await onTimer(h.deps, message);
    await onTimer(h.deps, message);
    expect(pagedPhones()).toEqual([PHONES.ana]);
  });

  it('drops a re-attempt whose page is no longer awaited (the request moved on meanwhile)', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'Throttled', permanent: false }, 1);
    await start();
    const message = reattempt();
    h.setNow(T0 + 60 * SECOND);
    await onTimer(h.deps, { clinicId: CLINIC_ID, requestId, attempt: 1, dueAt: T0 + 60 * SECOND });
    expect(await onTimer(h.deps, message)).toBe('ignored');
    expect(pagedPhones()).toEqual([PHONES.ben]);
  });

  it('treats a pager that throws as a passing failure, never a lost page', async () => {
    h.deps.pager = {
      send: async () => {
        throw Object.assign(new Error('boom'), { name: 'TypeError' });
      },
    };
    await start();
    expect(state().pending).toMatchObject([{ retry: 1, notBefore: T0 + 5 * SECOND }]);
    expect(state().timeline.find((e) => e.type === 'page_failed')?.reason).toBe('send_failed:TypeError');
  });

  it('raises an account-level refusal to ops and re-attempts it, without holding it against the person', async () => {
    h.deps.pager = {
      send: async () => ({ ok: false, code: 'InvalidParameter', permanent: false, accountLevel: true }),
    };
    await start();
    expect(h.signals.alerts).toContain('provider_account_error:InvalidParameter');
    expect(clinics.brokenMarks).toEqual([]);
    expect(state().pending).toMatchObject([{ retry: 1 }]);
  });
});

describe('a process that dies while paging (at-least-once)', () => {
  /** The store or the pager never answers from the first call on: the process was killed right there. */
  function killAt<T extends object>(target: T, method: keyof T & string) {
    const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
    let dead = true;
    (target as Record<string, unknown>)[method] = (...args: unknown[]) =>
      dead ? new Promise(() => undefined) : original(...args);
    return () => {
      dead = false;
    };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('killed before the publish: the retried submit re-sends the first page to the primary once it is stale', async () => {
    const revive = killAt(requests, 'reserveSmsCode');
    void submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-crash', body());
    await settle();
    revive();
    expect(pagedPhones()).toEqual([]);
    // Nothing on the record says it was sent: the page is pending, and the status view says so.
    expect(requests.only().request.timeline.map((e) => e.type)).toEqual(['submitted']);
    expect(requests.only().request.pending).toMatchObject([{ channel: 'sms', since: T0 }]);
    // A retry at once finds the page young (its sender may still be on it) and sends nothing ...
    await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-crash', body());
    expect(pagedPhones()).toEqual([]);
    // ... a retry after it went stale sends it, to the primary, not the next level.
    h.setNow(T0 + PENDING_STALE_MS);
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-crash', body());
    expect(pagedPhones()).toEqual([PHONES.ana]);
    expect(stored.request.timeline.map((e) => e.type)).toEqual(['submitted', 'page_sent']);
    expect(stored.request.position.level).toBe(0);
  });

  it('killed before the publish, nobody retries: the delivery check timer re-sends it', async () => {
    const revive = killAt(requests, 'putAckToken');
    void submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-crash', body());
    await settle();
    revive();
    const check = h.timer.scheduled.map((s) => s.message).find((m) => m.dueAt === T0 + DELIVERY_CHECK_MS);
    expect(check).toBeDefined();
    h.setNow(T0 + DELIVERY_CHECK_MS);
    expect(await onTimer(h.deps, check as TimerMessage)).toBe('resent');
    expect(pagedPhones()).toEqual([PHONES.ana]);
  });

  it('killed before the publish and every timer lost: the sweeper re-sends it', async () => {
    h.timer.drop = true;
    const revive = killAt(requests, 'reserveSmsCode');
    void submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-crash', body());
    await settle();
    revive();
    h.setNow(T0 + PENDING_STALE_MS + SWEEP_GRACE_MS);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 1, advanced: 1 });
    expect(pagedPhones()).toEqual([PHONES.ana]);
    expect(state().position.level).toBe(0);
  });

  it('killed after the publish, before the outcome was written: a second page at most, one record of it', async () => {
    const revive = killAt(requests, 'replace');
    // The request itself is written by create; the first replace is the outcome write.
    void submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-crash', body());
    for (let i = 0; i < 5; i++) await settle();
    revive();
    expect(pagedPhones()).toEqual([PHONES.ana]);
    expect(state().timeline.filter((e) => e.type === 'page_sent')).toEqual([]);
    h.setNow(T0 + DELIVERY_CHECK_MS);
    await onTimer(h.deps, { clinicId: CLINIC_ID, requestId: state().requestId, attempt: 1, dueAt: h.now() });
    expect(pagedPhones()).toEqual([PHONES.ana, PHONES.ana]); // the duplicate a crash may cost
    expect(state().timeline.filter((e) => e.type === 'page_sent')).toHaveLength(1);
    expect(state().pending).toEqual([]);
  });

  it('killed mid-escalation before the publish: the redelivered timer message re-sends the next level', async () => {
    await start();
    const timeout = h.timer.last();
    h.setNow(timeout.dueAt);
    const revive = killAt(requests, 'reserveSmsCode');
    void onTimer(h.deps, timeout);
    await settle();
    revive();
    expect(state().position.level).toBe(1);
    expect(pagedPhones()).toEqual([PHONES.ana]);
    // SQS redelivers the same message after its visibility timeout.
    h.setNow(timeout.dueAt + 30 * SECOND);
    expect(await onTimer(h.deps, timeout)).toBe('resent');
    expect(pagedPhones()).toEqual([PHONES.ana, PHONES.ben]);
  });
});

describe('unanswered', () => {
  beforeEach(start);

  it('pages the fallback contacts every fallbackRepeatSeconds once the policy is exhausted', async () => {
    await fireLast(); // ana timed out: ben
    await fireLast(); // ben timed out: unanswered, fallback paged
    const unansweredAt = h.now();
    expect(state().status).toBe('unanswered');
    expect(
      h.pager
        .delivered()
        .slice(2)
        .map((p) => p.to)
        .sort(),
    ).toEqual([PHONES.duty, PHONES.lead]);
    for (let repeat = 1; repeat <= 3; repeat++) {
      expect(await fireLast()).toBe('advanced');
      expect(h.now()).toBe(unansweredAt + repeat * 300 * SECOND);
      const latest = h.pager
        .delivered()
        .slice(-2)
        .map((p) => p.to)
        .sort();
      expect(latest).toEqual([PHONES.duty, PHONES.lead]);
    }
    expect(h.pager.delivered()).toHaveLength(2 + 2 * 4);
    expect(state().timeline.filter((e) => e.type === 'fallback_repeat')).toHaveLength(3);
    expect(state().nextDueAt).toBe(unansweredAt + 4 * 300 * SECOND);
    expect(h.signals.counts.Unanswered).toBe(1);
  });

  it('keeps paging the fallback even when the fallback pages cannot be delivered', async () => {
    h.pager.failFor({ to: PHONES.duty }, { code: 'OptedOut', permanent: true });
    h.pager.failFor({ to: PHONES.lead }, { code: 'OptedOut', permanent: true });
    await fireLast();
    await fireLast();
    expect(state().status).toBe('unanswered');
    expect(state().nextDueAt).not.toBeNull();
    expect(await fireLast()).toBe('advanced');
    expect(state().nextDueAt).not.toBeNull();
  });
});

describe('metrics', () => {
  beforeEach(start);

  // Bug: runActions counts 'Escalations' for every page with attempt > 1 on top of countTransitions,
  // which already counted the 'escalated' timeline entry, so one escalation is reported twice.
  it('counts one escalation step as one Escalations metric', async () => {
    await fireLast();
    expect(h.signals.counts.Escalations).toBe(1);
  });

  it('counts an overdue request found by the sweeper', async () => {
    h.setNow(T0 + 60 * SECOND + 10 * SECOND + 1);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 1, advanced: 1 });
    expect(h.signals.counts.SweeperOverdue).toBe(1);
  });
});
