// Whole request stories: escalation through levels and rounds, the fallback repeat, skipped levels,
// declines, send failures and retries, and what the timeline records.
import { describe, expect, it } from '@jest/globals';
import {
  createRequest,
  decide,
  MAX_SEND_RETRIES,
  resendDelayMs,
} from '../../../shared/domain/escalation/index.js';
import type { CrisisRequest, PageAction, Route } from '../../../shared/domain/escalation/index.js';
import {
  actionTypes,
  alice,
  bob,
  carol,
  changed,
  deepFreeze,
  delivered,
  desk,
  director,
  fireTimer,
  level,
  newRequest,
  newTimelineTypes,
  pagedNames,
  PHONES_AND_EMAILS,
  S,
  started,
  step,
  T0,
  twoLevelRoute,
} from './fixtures.js';

const ALICE = { clinicianId: 'c-alice', name: alice.name };
const BOB = { clinicianId: 'c-bob', name: bob.name };

describe('escalation through levels and rounds', () => {
  it('2 levels × repeat 1: alice, bob, alice, bob, then unanswered and the fallback repeats every 300 s', () => {
    const route = twoLevelRoute({ repeat: 1, fallbackContacts: [desk, director] });
    let request = started(route);
    expect(request.position).toEqual({ round: 0, level: 0, attempt: 1 });
    expect(request.nextDueAt).toBe(T0 + 60 * S);

    const pages: string[][] = [];
    const dueTimes: number[] = [];
    const statuses: string[] = [];
    for (let i = 0; i < 6; i++) {
      const fired = fireTimer(request);
      request = fired.request;
      pages.push(pagedNames(fired.decision.actions));
      const schedules = fired.decision.actions.filter((a) => a.type === 'schedule');
      expect(schedules).toEqual([
        { type: 'schedule', at: request.nextDueAt, attempt: request.position.attempt },
      ]);
      dueTimes.push((request.nextDueAt ?? 0) - fired.now);
      statuses.push(request.status);
    }
    expect(pages).toEqual([
      [bob.name],
      [alice.name],
      [bob.name],
      [desk.name, director.name],
      [desk.name, director.name],
      [desk.name, director.name],
    ]);
    expect(statuses).toEqual(['paging', 'paging', 'paging', 'unanswered', 'unanswered', 'unanswered']);
    expect(dueTimes).toEqual([120 * S, 60 * S, 120 * S, 300 * S, 300 * S, 300 * S]);
    expect(request.position).toEqual({ round: 1, level: 1, attempt: 7 });
    // The first fallback page went out at +360 s (60 + 120 + 60 + 120), then one every 300 s.
    const repeats = request.timeline.filter((e) => e.type === 'fallback_repeat');
    expect(repeats.map((e) => e.at - T0)).toEqual([660 * S, 960 * S]);
    expect(request.timeline.map((e) => e.type)).toEqual([
      'submitted',
      'page_sent', // alice sms
      'page_sent', // alice email
      'timeout',
      'escalated',
      'page_sent',
      'timeout',
      'escalated',
      'page_sent',
      'page_sent',
      'timeout',
      'escalated',
      'page_sent',
      'timeout',
      'unanswered',
      'page_sent',
      'page_sent',
      'fallback_repeat',
      'page_sent',
      'page_sent',
      'fallback_repeat',
      'page_sent',
      'page_sent',
    ]);
    const third = fireTimer(request);
    expect(third.request.status).toBe('unanswered');
    expect(pagedNames(third.decision.actions)).toEqual([desk.name, director.name]);
    expect(third.now - T0).toBe((360 + 900) * S);
    expect(third.request.timeline.filter((e) => e.type === 'fallback_repeat')).toHaveLength(3);
  });

  it('records why and where it escalated', () => {
    const request = started();
    const { request: next, now } = fireTimer(request);
    expect(next.timeline.slice(-3)).toEqual([
      { at: now, type: 'timeout', attempt: 1, level: 0, round: 0 },
      { at: now, type: 'escalated', level: 1, round: 0, reason: 'timeout' },
      {
        at: now,
        type: 'page_sent',
        who: BOB,
        channel: 'sms',
        attempt: 2,
        level: 1,
        round: 0,
        messageId: 'msg-2-0',
      },
    ]);
    const unanswered = fireTimer(next);
    expect(unanswered.request.timeline.slice(-3)).toEqual([
      { at: unanswered.now, type: 'timeout', attempt: 2, level: 1, round: 0 },
      { at: unanswered.now, type: 'unanswered', reason: 'timeout' },
      {
        at: unanswered.now,
        type: 'page_sent',
        who: { name: desk.name },
        channel: 'sms',
        attempt: 3,
        messageId: 'msg-3-0',
      },
    ]);
    expect(unanswered.decision.actions).toEqual([
      { type: 'notify_requester', status: 'unanswered' },
      { type: 'page', attempt: 3, recipient: desk, channels: ['sms'], level: null, round: null, retry: 0 },
      { type: 'schedule', at: unanswered.now + 300 * S, attempt: 3 },
    ]);
  });

  it('skips a level with no recipients at once', () => {
    const route: Route = {
      ...twoLevelRoute(),
      levels: [
        level([alice], 60),
        { notify: 'secondary', recipients: [], ackTimeoutSeconds: 600 },
        level([carol], 90),
      ],
    };
    const { request, now, decision } = fireTimer(started(route));
    expect(newTimelineTypes(started(route), request)).toEqual([
      'timeout',
      'level_skipped',
      'escalated',
      'page_sent',
    ]);
    expect(request.timeline.find((e) => e.type === 'level_skipped')).toMatchObject({
      level: 1,
      round: 0,
      reason: 'no_recipients',
    });
    expect(pagedNames(decision.actions)).toEqual([carol.name]);
    expect(request.position).toEqual({ round: 0, level: 2, attempt: 2 });
    expect(request.nextDueAt).toBe(now + 90 * S); // carol's timeout, not the skipped level's 600 s
  });

  it('skips an empty first level on start', () => {
    const route = twoLevelRoute({ levels: [level([], 60), level([bob], 60)] });
    const d = changed(decide(newRequest(route), { type: 'start' }, T0));
    expect(newTimelineTypes(newRequest(route), d.request)).toEqual(['level_skipped']);
    expect(d.request.pending).toEqual([
      { attempt: 1, who: BOB, channel: 'sms', retry: 0, level: 1, round: 0, since: T0 },
    ]);
    expect(pagedNames(d.actions)).toEqual([bob.name]);
    expect(d.request.position).toEqual({ round: 0, level: 1, attempt: 1 });
  });

  it('a route with no levels starts unanswered, paging the fallback contacts', () => {
    const route = twoLevelRoute({ levels: [], fallbackContacts: [desk, director], reason: 'nobody_on_call' });
    const fresh = newRequest(route);
    const d = changed(decide(fresh, { type: 'start' }, T0));
    expect(d.request.status).toBe('unanswered');
    expect(d.request.timeline.map((e) => e.type)).toEqual(['submitted', 'routed', 'unanswered']);
    expect(d.request.pending?.map((p) => p.who.name)).toEqual([desk.name, director.name]);
    expect(d.request.timeline[2]).toEqual({ at: T0, type: 'unanswered', reason: 'no_levels' });
    expect(actionTypes(d.actions)).toEqual(['notify_requester', 'page', 'page', 'schedule']);
    expect(pagedNames(d.actions)).toEqual([desk.name, director.name]);
    expect(d.request.nextDueAt).toBe(T0 + 300 * S);
  });

  it('a route whose levels are all empty goes unanswered on start, whatever the repeat', () => {
    const route = twoLevelRoute({ levels: [level([]), level([])], repeat: 1 });
    const d = changed(decide(newRequest(route), { type: 'start' }, T0));
    expect(d.request.status).toBe('unanswered');
    expect(newTimelineTypes(newRequest(route), d.request)).toEqual([
      'level_skipped',
      'level_skipped',
      'level_skipped',
      'level_skipped',
      'unanswered',
    ]);
    expect(d.request.timeline.find((e) => e.type === 'unanswered')?.reason).toBe('no_pageable_recipients');
  });
});

describe('declines', () => {
  it('a decliner is not paged again in the next round', () => {
    const route = twoLevelRoute({ repeat: 1 });
    const declined = delivered(
      step(started(route), { type: 'decline', by: ALICE, via: 'link' }, T0 + 5 * S),
      T0 + 5 * S,
    );
    expect(declined.declinedBy).toEqual(['c-alice']);
    expect(declined.position).toEqual({ round: 0, level: 1, attempt: 2 });
    const fired = fireTimer(declined); // bob times out: round 1 skips alice, pages bob again
    const request = fired.request;
    expect(newTimelineTypes(declined, request)).toEqual([
      'timeout',
      'level_skipped',
      'escalated',
      'page_sent',
    ]);
    expect(pagedNames(fired.decision.actions)).toEqual([bob.name]);
    expect(request.position).toEqual({ round: 1, level: 1, attempt: 3 });
  });

  it('a repeated decline of the same page is a duplicate', () => {
    const route = twoLevelRoute({ levels: [level([alice, carol])] });
    const once = step(started(route), { type: 'decline', by: ALICE }, T0 + S);
    expect(decide(once, { type: 'decline', by: ALICE }, T0 + 2 * S)).toEqual({
      unchanged: true,
      reason: 'duplicate',
    });
  });

  it('on a level with several recipients, it moves on only when all of them declined', () => {
    const route = twoLevelRoute({ levels: [level([alice, carol]), level([bob])] });
    const first = step(started(route), { type: 'decline', by: ALICE }, T0 + S);
    expect(first.status).toBe('paging');
    expect(first.position.attempt).toBe(1);
    expect(first.awaiting).toEqual(['sms:c:c-carol']);
    const d = changed(
      decide(first, { type: 'decline', by: { clinicianId: 'c-carol', name: carol.name } }, T0 + 2 * S),
    );
    expect(pagedNames(d.actions)).toEqual([bob.name]);
    expect(d.request.timeline.find((e) => e.type === 'escalated')?.reason).toBe('declined');
  });

  it('with no fallback contacts, going unanswered pages every clinician of the route, decliners included', () => {
    const route = twoLevelRoute({ fallbackContacts: [] });
    const declined = step(started(route), { type: 'decline', by: ALICE }, T0 + S);
    const { request, decision } = fireTimer(declined);
    expect(request.status).toBe('unanswered');
    expect(pagedNames(decision.actions)).toEqual([alice.name, bob.name]);
  });

  it('with nobody at all to page, ops are alerted and the timer keeps running', () => {
    const route = twoLevelRoute({ levels: [], fallbackContacts: [] });
    const d = changed(decide(newRequest(route), { type: 'start' }, T0));
    expect(d.request.status).toBe('unanswered');
    expect(d.actions).toEqual([
      { type: 'notify_requester', status: 'unanswered' },
      { type: 'schedule', at: T0 + 300 * S, attempt: 1 },
      { type: 'alert_ops', reason: 'nobody_to_page' },
    ]);
    const again = fireTimer(d.request);
    expect(again.decision.actions).toContainEqual({ type: 'alert_ops', reason: 'nobody_to_page' });
    expect(again.request.nextDueAt).toBe(again.now + 300 * S);
  });
});

describe('send failures', () => {
  const failed = (request: CrisisRequest, retry: number, permanent = false, code = 'Throttling') =>
    decide(
      request,
      {
        type: 'send_failed',
        attempt: request.position.attempt,
        to: BOB,
        channel: 'sms',
        code,
        permanent,
        retry,
      },
      (request.timeline.at(-1)?.at ?? T0) + S,
    );
  const atBob = () => fireTimer(started(), false).request; // bob's page pending

  it('a permanent failure of the only channel moves on at once and marks the contact broken', () => {
    const before = atBob();
    const d = changed(failed(before, 0, true, 'OptedOut'));
    expect(d.request.status).toBe('unanswered');
    expect(d.actions.slice(0, 2)).toEqual([
      { type: 'mark_contact_broken', clinicianId: 'c-bob', channel: 'sms' },
      { type: 'alert_ops', reason: 'contact_broken:OptedOut' },
    ]);
    expect(d.request.timeline.find((e) => e.type === 'page_failed')).toMatchObject({
      who: BOB,
      channel: 'sms',
      attempt: 2,
      level: 1,
      round: 0,
      reason: 'send_failed:OptedOut',
    });
    expect(d.request.timeline.find((e) => e.type === 'unanswered')?.reason).toBe('send_failed:OptedOut');
  });

  it(`a transient failure is resent ${MAX_SEND_RETRIES} times, then moves on`, () => {
    let request = atBob();
    for (let retry = 0; retry < MAX_SEND_RETRIES; retry++) {
      const d = changed(failed(request, retry));
      const at = (request.timeline.at(-1)?.at ?? T0) + S + resendDelayMs(retry + 1);
      expect(d.actions).toEqual([{ type: 'schedule', at, attempt: 2 }]);
      expect(d.request.status).toBe('paging');
      // Pending again until it is due; then the timer (or the sweeper) takes it over and sends it.
      expect(changed(decide(d.request, { type: 'redeliver' }, at)).actions).toEqual([
        { type: 'page', attempt: 2, recipient: bob, channels: ['sms'], level: 1, round: 0, retry: retry + 1 },
      ]);
      expect(decide(d.request, { type: 'redeliver' }, at - 1)).toEqual({
        unchanged: true,
        reason: 'nothing_to_redeliver',
      });
      request = changed(decide(d.request, { type: 'redeliver' }, at)).request;
    }
    const last = changed(failed(request, MAX_SEND_RETRIES));
    expect(last.request.status).toBe('unanswered');
    expect(last.request.timeline.find((e) => e.type === 'unanswered')?.reason).toBe('send_failed:Throttling');
  });

  it('the same failure reported twice is a duplicate; a failure of a send never made is unknown', () => {
    const once = changed(failed(atBob(), 0)).request;
    expect(failed(once, 0)).toEqual({ unchanged: true, reason: 'duplicate' });
    expect(failed(once, 2)).toEqual({ unchanged: true, reason: 'unknown_page' });
    const future = decide(
      once,
      { type: 'send_failed', attempt: 9, to: BOB, channel: 'sms', code: 'X', permanent: true },
      T0 + 999 * S,
    );
    expect(future).toEqual({ unchanged: true, reason: 'unknown_attempt' });
  });

  it('a contact broken in round 0 is paged on its remaining channel in round 1', () => {
    const route = twoLevelRoute({ repeat: 1 });
    const broken = step(
      started(route, T0, false),
      { type: 'send_failed', attempt: 1, to: ALICE, channel: 'sms', code: 'OptedOut', permanent: true },
      T0 + S,
    );
    expect(broken.brokenContacts).toEqual([{ clinicianId: 'c-alice', channel: 'sms' }]);
    const round1 = fireTimer(fireTimer(delivered(broken, T0 + S)).request);
    const page = round1.decision.actions.find((a): a is PageAction => a.type === 'page');
    expect(page).toMatchObject({ recipient: alice, channels: ['email'], round: 1, level: 0 });
  });

  it('marks a contact broken once, however many of its pages fail', () => {
    // Alice's SMS of round 0 was never confirmed; round 1's is pending when both failures come back.
    const route = twoLevelRoute({ levels: [level([alice])], repeat: 1 });
    const round1 = fireTimer(started(route, T0, false), false);
    const optedOut = (r: CrisisRequest, attempt: number, now: number) =>
      changed(
        decide(
          r,
          { type: 'send_failed', attempt, to: ALICE, channel: 'sms', code: 'OptedOut', permanent: true },
          now,
        ),
      );
    const first = optedOut(round1.request, 1, round1.now + S);
    expect(first.actions).toEqual([
      { type: 'mark_contact_broken', clinicianId: 'c-alice', channel: 'sms' },
      { type: 'alert_ops', reason: 'contact_broken:OptedOut' },
    ]);
    const second = optedOut(first.request, 2, round1.now + 2 * S);
    expect(second.actions).toEqual([{ type: 'alert_ops', reason: 'contact_broken:OptedOut' }]);
    expect(second.request.brokenContacts).toEqual([{ clinicianId: 'c-alice', channel: 'sms' }]);
    // Her email is still on its way, so the current page keeps waiting.
    expect(second.request.status).toBe('paging');
    expect(second.request.awaiting).toEqual(['email:c:c-alice']);
  });

  it('a clinician with no usable channel is recorded and skipped', () => {
    const noSms = { ...carol, smsBroken: true };
    const route = twoLevelRoute({ levels: [level([noSms, alice])] });
    const request = started(route);
    expect(request.timeline[1]).toEqual({
      at: T0,
      type: 'page_failed',
      who: { clinicianId: 'c-carol', name: carol.name },
      attempt: 1,
      level: 0,
      round: 0,
      reason: 'no_usable_channel',
    });
    expect(request.paged).toEqual([ALICE]);
  });
});

describe('pages whose sender died', () => {
  it('are taken over once stale, or at once when every sender is known to be gone, and only once', () => {
    const pending = started(twoLevelRoute(), T0, false); // alice's SMS and email pending since T0
    expect(decide(pending, { type: 'redeliver' }, T0 + S)).toEqual({
      unchanged: true,
      reason: 'nothing_to_redeliver',
    });
    const restarted = changed(decide(pending, { type: 'redeliver', sendersGone: true }, T0 + S));
    expect(pagedNames(restarted.actions)).toEqual([alice.name, alice.name]);
    const stale = changed(decide(pending, { type: 'redeliver' }, T0 + 5 * S));
    expect(stale.request.pending?.every((p) => p.since === T0 + 5 * S)).toBe(true);
    // The write is the lease: a second taker right after finds nothing to take.
    expect(decide(stale.request, { type: 'redeliver' }, T0 + 6 * S)).toMatchObject({ unchanged: true });
    // Nobody is paged again once the request is acknowledged.
    const acked = step(pending, { type: 'ack', by: ALICE }, T0 + 2 * S);
    expect(decide(acked, { type: 'redeliver', sendersGone: true }, T0 + 9 * S)).toMatchObject({
      unchanged: true,
    });
  });
});

describe('acknowledgement', () => {
  it('first ack wins; a later one names who acknowledged', () => {
    const acked = step(started(), { type: 'ack', by: ALICE, via: 'link' }, T0 + 7 * S);
    expect(acked.assignee).toEqual(ALICE);
    // Accepted is not done: the call back is due within the default ten minutes.
    expect(acked.nextDueAt).toBe(T0 + 607 * S);
    expect(acked.followUp).toEqual({ stage: 'contact', acceptedWhile: 'paging', acceptedAt: T0 + 7 * S });
    expect(acked.timeline.at(-1)).toEqual({
      at: T0 + 7 * S,
      type: 'acknowledged',
      who: ALICE,
      attempt: 1,
      via: 'link',
    });
    expect(decide(acked, { type: 'ack', by: BOB }, T0 + 8 * S)).toEqual({
      unchanged: true,
      reason: 'already_acknowledged',
      conflict: { acknowledgedBy: ALICE, acknowledgedAt: T0 + 7 * S, byCaller: false },
    });
    expect(decide(acked, { type: 'ack', by: ALICE }, T0 + 8 * S)).toMatchObject({
      conflict: { byCaller: true },
    });
  });

  it('an ack for an earlier page still wins while the request is open', () => {
    const atBob = fireTimer(started()).request;
    const d = changed(decide(atBob, { type: 'ack', by: ALICE, attempt: 1 }, T0 + 70 * S));
    expect(d.request.assignee).toEqual(ALICE);
    expect(d.request.timeline.at(-1)).toMatchObject({ type: 'acknowledged', attempt: 1 });
  });

  it('an ack by a fallback contact makes them the assignee, who alone can resolve', () => {
    const unanswered = fireTimer(fireTimer(started()).request).request;
    const acked = step(unanswered, { type: 'ack', by: { name: desk.name } }, T0 + 200 * S);
    expect(acked.assignee).toEqual({ name: desk.name });
    expect(decide(acked, { type: 'resolve', by: ALICE, outcome: 'safe_plan' }, T0 + 300 * S)).toEqual({
      unchanged: true,
      reason: 'not_assignee',
    });
    expect(
      step(acked, { type: 'resolve', by: { name: desk.name }, outcome: 'safe_plan' }, T0 + 300 * S).status,
    ).toBe('resolved');
  });
});

describe('new requests', () => {
  it('is paging, version 0, due at once, with nothing sent yet', () => {
    const r = newRequest();
    expect(r).toMatchObject({
      status: 'paging',
      version: 0,
      nextDueAt: T0,
      position: { round: 0, level: 0, attempt: 0 },
      routedServiceId: 'svc-adolescent',
      assignee: null,
    });
    expect(r.timeline).toEqual([{ at: T0, type: 'submitted', serviceId: 'svc-adolescent' }]);
  });

  it('says in its timeline when it was routed elsewhere', () => {
    const r = createRequest({
      requestId: 'r-2',
      clinicId: 'clinic-1',
      serviceId: 'svc-couples',
      routedServiceId: 'svc-general',
      urgency: 'emergency',
      route: twoLevelRoute({ reason: 'nobody_on_call' }),
      now: T0,
    });
    expect(r.timeline).toEqual([
      { at: T0, type: 'submitted', serviceId: 'svc-couples' },
      { at: T0, type: 'routed', serviceId: 'svc-general', reason: 'nobody_on_call' },
    ]);
  });

  it('rejects a route that could page in a tight loop', () => {
    const make = (route: Route) => () => newRequest(route);
    expect(make(twoLevelRoute({ fallbackRepeatSeconds: 0 }))).toThrow(RangeError);
    expect(make(twoLevelRoute({ levels: [level([alice], 0)] }))).toThrow(RangeError);
    expect(make(twoLevelRoute({ repeat: -1 }))).toThrow(RangeError);
    expect(make(twoLevelRoute({ repeat: 1.5 }))).toThrow(RangeError);
  });

  it('a lost start is made good by the sweeper: the timer for attempt 0 pages level 0', () => {
    const d = changed(decide(newRequest(), { type: 'timer', attempt: 0 }, T0 + 61 * S));
    expect(pagedNames(d.actions)).toEqual([alice.name]);
    expect(decide(d.request, { type: 'start' }, T0 + 62 * S)).toEqual({
      unchanged: true,
      reason: 'already_started',
    });
  });
});

describe('purity and privacy', () => {
  it('never mutates the request it is given', () => {
    let request = deepFreeze(newRequest(twoLevelRoute({ repeat: 1 })));
    const events = [
      { type: 'start' },
      { type: 'send_failed', attempt: 1, to: ALICE, channel: 'sms', code: 'Throttling', permanent: false },
      { type: 'decline', by: ALICE },
      { type: 'timer', attempt: 2 },
      { type: 'ack', by: BOB },
      { type: 'resolve', by: BOB, outcome: 'safe_plan' },
    ] as const;
    let now = T0;
    for (const event of events) {
      now = Math.max(now + S, event.type === 'timer' ? (request.nextDueAt ?? now) : now);
      request = deepFreeze(step(request, event, now));
    }
    expect(request.status).toBe('resolved');
  });

  it('keeps phone numbers and email addresses out of the timeline', () => {
    let request = started(twoLevelRoute({ repeat: 1, fallbackContacts: [desk, director] }));
    for (let i = 0; i < 4; i++) request = fireTimer(request).request;
    request = fireTimer(request, false).request; // the desk's page pending when it fails
    request = step(
      request,
      {
        type: 'send_failed',
        attempt: request.position.attempt,
        to: { name: desk.name },
        channel: 'sms',
        code: 'X',
        permanent: true,
      },
      T0 + 9999 * S,
    );
    const text = JSON.stringify(request.timeline);
    expect(request.timeline.length).toBeGreaterThan(15);
    for (const secret of PHONES_AND_EMAILS) expect(text).not.toContain(secret);
  });
});
