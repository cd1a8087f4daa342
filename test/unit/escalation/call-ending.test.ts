// A voice page's call that ended without reaching the person (busy, no answer, failed, no key pressed),
// through decide(): recorded on the timeline like a refused page; when the call was the last channel the
// page was waiting on, paging moves on at once instead of waiting out the level's timeout. Duplicates,
// unknown calls, stale attempts and answered or closed requests change nothing.
import { describe, expect, it } from '@jest/globals';
import { CALL_ENDINGS, decide } from '../../../shared/domain/escalation/index.js';
import type {
  CallEnding,
  CrisisRequest,
  Decision,
  Recipient,
  RequestEvent,
  Route,
  Who,
} from '../../../shared/domain/escalation/index.js';
import {
  actionTypes,
  bob,
  changed,
  deepFreeze,
  delivered,
  desk,
  fireTimer,
  level,
  newRequest,
  newTimelineTypes,
  pagedNames,
  S,
  started,
  step,
  T0,
} from './fixtures.js';

/** Alice with a verified voice method only: the call is her page's one channel. */
const voiceAlice: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-alice',
  name: 'Alice Ng',
  voice: '+15550000011',
};
/** Eve with SMS and voice: a missed call leaves her SMS standing. */
const eve: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-eve',
  name: 'Eve Park',
  phone: '+15550000005',
  voice: '+15550000005',
};

const ALICE: Who = { clinicianId: 'c-alice', name: 'Alice Ng' };
const EVE: Who = { clinicianId: 'c-eve', name: 'Eve Park' };
const BOB: Who = { clinicianId: 'c-bob', name: bob.name };

/** `first` for 60 s, then bob (SMS) for 120 s, then the front desk every 300 s. */
const route = (first: Recipient[], over: Partial<Route> = {}): Route => ({
  levels: [level(first, 60), { notify: 'secondary', recipients: [bob], ackTimeoutSeconds: 120 }],
  repeat: 0,
  fallbackRepeatSeconds: 300,
  fallbackContacts: [desk],
  ...over,
});

const ended = (to: Who, ending: CallEnding = 'busy', attempt = 1): RequestEvent => ({
  type: 'call_ended',
  attempt,
  to,
  ending,
});

const unchangedReason = (d: Decision) => (d.unchanged ? d.reason : `changed (${d.actions.length} actions)`);

describe('the call was the page’s only channel', () => {
  it.each(CALL_ENDINGS)(
    '%s: logs page_failed for the voice page and moves on to the next level at once',
    (ending) => {
      const request = deepFreeze(started(route([voiceAlice])));
      expect(request.timeline.at(-1)).toMatchObject({ type: 'page_sent', channel: 'voice', who: ALICE });
      const at = T0 + 20 * S;
      const d = changed(decide(request, ended(ALICE, ending), at));

      expect(newTimelineTypes(request, d.request)).toEqual(['page_failed', 'escalated']);
      expect(d.request.timeline.slice(-2)).toEqual([
        {
          at,
          type: 'page_failed',
          who: ALICE,
          channel: 'voice',
          attempt: 1,
          level: 0,
          round: 0,
          reason: `call_ended:${ending}`,
        },
        { at, type: 'escalated', level: 1, round: 0, reason: `call_ended:${ending}` },
      ]);
      // Bob now, not when Alice's 60 s run out.
      expect(d.actions).toEqual([
        {
          type: 'page',
          attempt: 2,
          recipient: bob,
          channels: ['sms'],
          level: 1,
          round: 0,
          retry: 0,
        },
        { type: 'schedule', at: at + 120 * S, attempt: 2 },
      ]);
      expect(d.request.position).toEqual({ round: 0, level: 1, attempt: 2 });
      expect(d.request.nextDueAt).toBe(at + 120 * S);
      expect(d.request.status).toBe('paging');
      expect(d.request.version).toBe(request.version + 1);
      expect(d.request.timeline.some((e) => e.type === 'timeout')).toBe(false);
    },
  );

  it('the old level’s timer is stale afterwards: it never pages again', () => {
    const request = started(route([voiceAlice]));
    const moved = delivered(step(request, ended(ALICE), T0 + 5 * S), T0 + 5 * S);
    expect(unchangedReason(decide(moved, { type: 'timer', attempt: 1 }, T0 + 60 * S))).toBe('stale_attempt');
  });

  it('with the last level’s only call ended, the request goes unanswered and pages the fallback at once', () => {
    const r = route([voiceAlice], { levels: [level([voiceAlice], 60)] });
    const d = changed(decide(started(r), ended(ALICE, 'no_answer'), T0 + 30 * S));
    expect(d.request.status).toBe('unanswered');
    expect(newTimelineTypes(started(r), d.request)).toEqual(['page_failed', 'unanswered']);
    expect(d.request.timeline.at(-1)).toMatchObject({ type: 'unanswered', reason: 'call_ended:no_answer' });
    expect(pagedNames(d.actions)).toEqual([desk.name]);
    expect(actionTypes(d.actions)).toEqual(['notify_requester', 'page', 'schedule']);
  });

  it('two people on the level: one’s call ending leaves the other’s page standing', () => {
    const request = started(route([voiceAlice, eve]));
    const d = changed(decide(request, ended(ALICE), T0 + 10 * S));
    expect(newTimelineTypes(request, d.request)).toEqual(['page_failed']);
    expect(d.actions).toEqual([]);
    expect(d.request.position.attempt).toBe(1);
    expect(d.request.nextDueAt).toBe(T0 + 60 * S);
  });
});

describe('the person was also paged by SMS', () => {
  it('the call’s end is logged, but paging does not move on: the SMS is still awaited', () => {
    const request = deepFreeze(started(route([eve])));
    expect(
      request.timeline.filter((e) => e.type === 'page_sent').map((e) => [e.channel, e.who?.name]),
    ).toEqual([
      ['sms', EVE.name],
      ['voice', EVE.name],
    ]);
    const at = T0 + 15 * S;
    const d = changed(decide(request, ended(EVE, 'no_keypress'), at));
    expect(newTimelineTypes(request, d.request)).toEqual(['page_failed']);
    expect(d.request.timeline.at(-1)).toEqual({
      at,
      type: 'page_failed',
      who: EVE,
      channel: 'voice',
      attempt: 1,
      level: 0,
      round: 0,
      reason: 'call_ended:no_keypress',
    });
    expect(d.actions.filter((a) => a.type === 'page')).toEqual([]);
    expect(d.request.position).toEqual({ round: 0, level: 0, attempt: 1 });
    expect(d.request.status).toBe('paging');
    // Her level's timeout still applies: nothing earlier, nothing later.
    expect(d.request.nextDueAt).toBe(T0 + 60 * S);
    expect(unchangedReason(decide(d.request, { type: 'timer', attempt: 1 }, T0 + 59 * S))).toBe('not_due');
    const timedOut = fireTimer(d.request);
    expect(timedOut.now).toBe(T0 + 60 * S);
    expect(newTimelineTypes(d.request, timedOut.request)).toEqual(['timeout', 'escalated', 'page_sent']);
    expect(pagedNames(timedOut.decision.actions)).toEqual([bob.name]);
  });

  it('her SMS can still answer the page after the call missed her', () => {
    const afterCall = step(started(route([eve])), ended(EVE), T0 + 15 * S);
    const acked = changed(decide(afterCall, { type: 'ack', by: EVE, via: 'sms', attempt: 1 }, T0 + 20 * S));
    expect(acked.request.status).toBe('acknowledged');
    expect(acked.request.assignee).toEqual(EVE);
  });

  it('when her SMS was refused for good, the call was all that was left: its end moves on at once', () => {
    const pending = started(route([eve]), T0, false);
    const request = step(
      pending,
      {
        type: 'delivery',
        results: [
          {
            attempt: 1,
            to: EVE,
            channel: 'sms',
            retry: 0,
            outcome: 'failed',
            code: 'OptedOut',
            permanent: true,
          },
          { attempt: 1, to: EVE, channel: 'voice', retry: 0, outcome: 'sent', messageId: 'call-1' },
        ],
      },
      T0 + 1 * S,
    );
    expect(request.position.attempt).toBe(1); // the call still stood
    const d = changed(decide(request, ended(EVE, 'failed'), T0 + 20 * S));
    expect(newTimelineTypes(request, d.request)).toEqual(['page_failed', 'escalated']);
    expect(pagedNames(d.actions)).toEqual([bob.name]);
    expect(d.request.position.attempt).toBe(2);
  });
});

describe('what changes nothing', () => {
  it('the same ending reported twice (or another ending for the same call) is a duplicate', () => {
    const once = step(started(route([voiceAlice])), ended(ALICE, 'busy'), T0 + 10 * S);
    for (const ending of CALL_ENDINGS)
      expect(unchangedReason(decide(once, ended(ALICE, ending), T0 + 11 * S))).toBe('duplicate');

    const both = step(started(route([eve])), ended(EVE, 'no_answer'), T0 + 10 * S);
    expect(unchangedReason(decide(both, ended(EVE, 'no_answer'), T0 + 12 * S))).toBe('duplicate');
  });

  it('a call nobody made: a person paged by SMS only, a voice page not yet accepted, another attempt', () => {
    const smsOnly = started(route([voiceAlice, bob]));
    expect(unchangedReason(decide(smsOnly, ended(BOB), T0 + 5 * S))).toBe('unknown_page');

    const stillPending = started(route([voiceAlice]), T0, false);
    expect(stillPending.pending?.map((p) => p.channel)).toEqual(['voice']);
    expect(unchangedReason(decide(stillPending, ended(ALICE), T0 + 5 * S))).toBe('unknown_page');

    const request = started(route([voiceAlice]));
    expect(unchangedReason(decide(request, ended(ALICE, 'busy', 2), T0 + 5 * S))).toBe('unknown_page');
    expect(unchangedReason(decide(request, ended({ name: 'Alice Ng' }), T0 + 5 * S))).toBe('unknown_page');
  });

  it('a voice page refused by the provider is not a call that ended', () => {
    const request = started(route([voiceAlice]), T0, false);
    const refused = step(
      request,
      { type: 'send_failed', attempt: 1, to: ALICE, channel: 'voice', code: 'OptedOut', permanent: true },
      T0 + 1 * S,
    );
    expect(unchangedReason(decide(refused, ended(ALICE), T0 + 5 * S))).toBe('unknown_page');
  });

  it('after an ack (by this person or anyone), the call no longer matters', () => {
    const request = started(route([voiceAlice, eve]));
    const acked = step(request, { type: 'ack', by: EVE, via: 'sms', attempt: 1 }, T0 + 10 * S);
    expect(unchangedReason(decide(acked, ended(ALICE), T0 + 12 * S))).toBe('not_paging');
    expect(unchangedReason(decide(acked, ended(EVE), T0 + 12 * S))).toBe('not_paging');
  });

  it('a closed request: closed, before anything else is checked', () => {
    const request = started(route([voiceAlice]));
    const cancelled = step(
      request,
      { type: 'cancel', by: { name: 'Hotline desk 3', role: 'intake' }, reason: 'caller safe' },
      T0 + 10 * S,
    );
    expect(cancelled.status).toBe('cancelled');
    expect(unchangedReason(decide(cancelled, ended(ALICE), T0 + 12 * S))).toBe('closed');
    expect(unchangedReason(decide(cancelled, ended(BOB), T0 + 12 * S))).toBe('closed');
  });

  it('a call of an earlier attempt (its level already timed out) is not_paging', () => {
    const request = started(route([eve]));
    const { request: atBob, now } = fireTimer(request);
    expect(atBob.position.attempt).toBe(2);
    const late = decide(atBob, ended(EVE, 'no_answer', 1), now + 5 * S);
    expect(unchangedReason(late)).toBe('not_paging');
  });

  it('a stale call’s end does not touch the same person’s newer call in the next round', () => {
    // Eve, then bob, then round 2: Eve again (attempt 3).
    let request = started(route([eve], { repeat: 1 }));
    request = fireTimer(request).request;
    const third = fireTimer(request);
    request = third.request;
    expect(request.position).toEqual({ round: 1, level: 0, attempt: 3 });
    expect(unchangedReason(decide(request, ended(EVE, 'busy', 1), third.now + S))).toBe('not_paging');
    const d = changed(decide(request, ended(EVE, 'busy', 3), third.now + 2 * S));
    expect(d.request.timeline.at(-1)).toMatchObject({
      type: 'page_failed',
      attempt: 3,
      level: 0,
      round: 1,
      reason: 'call_ended:busy',
    });
  });

  it('never mutates the request it was given', () => {
    const request = deepFreeze(started(route([voiceAlice])));
    const before = structuredClone(request);
    decide(request, ended(ALICE), T0 + 5 * S);
    expect(request).toEqual(before);
  });
});

describe('while unanswered (the route’s clinicians paged when there is no fallback contact)', () => {
  it('the call’s end is recorded, but the fallback repeat keeps its time', () => {
    const r = route([voiceAlice], { levels: [level([voiceAlice], 60)], fallbackContacts: [] });
    const request: CrisisRequest = fireTimer(started(r)).request;
    expect(request.status).toBe('unanswered');
    const attempt = request.position.attempt;
    expect(request.timeline.at(-1)).toMatchObject({ type: 'page_sent', channel: 'voice', attempt });
    const due = request.nextDueAt;
    const d = changed(decide(request, ended(ALICE, 'no_answer', attempt), T0 + 70 * S));
    expect(newTimelineTypes(request, d.request)).toEqual(['page_failed']);
    expect(d.actions).toEqual([]);
    expect(d.request.nextDueAt).toBe(due);
    expect(d.request.position.attempt).toBe(attempt);
  });
});

describe('newRequest sanity', () => {
  it('a request not yet started has no call to end', () => {
    expect(unchangedReason(decide(newRequest(route([voiceAlice])), ended(ALICE), T0))).toBe('unknown_page');
  });
});
