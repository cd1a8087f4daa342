// After "accepted": the call back and the close are deadlines like any page's timeout. Missed ones remind,
// then reopen (no call back) or alert the fallback contacts (called back, never closed).
import { describe, expect, it } from '@jest/globals';
import { decide, wakeAt } from '../../../shared/domain/escalation/index.js';
import type { CrisisRequest, PageAction, Who } from '../../../shared/domain/escalation/index.js';
import {
  actionTypes,
  alice,
  bob,
  changed,
  delivered,
  desk,
  director,
  fireTimer,
  newTimelineTypes,
  S,
  started,
  step,
  T0,
  twoLevelRoute,
} from './fixtures.js';

const ALICE: Who = { clinicianId: 'c-alice', name: alice.name };
const DESK: Who = { name: desk.name };
const FOLLOW_UP = { contactWithinSeconds: 300, resolveWithinSeconds: 3600 };

const pageActions = (actions: readonly { type: string }[]) =>
  actions.filter((a): a is PageAction => a.type === 'page');
const notices = (actions: readonly { type: string }[]) =>
  pageActions(actions).map((a) => [a.recipient.name, a.notice ?? 'page']);

/** Alice (level 0) accepts 10 s after the first page. */
function acceptedByAlice(route = twoLevelRoute({ followUp: FOLLOW_UP })): CrisisRequest {
  return step(started(route), { type: 'ack', by: ALICE, attempt: 1, via: 'sms' }, T0 + 10 * S);
}

describe('no call back recorded in time', () => {
  it('reminds the acceptor, then passes the request on to the next level and tells them', () => {
    const acked = acceptedByAlice();
    expect(acked.nextDueAt).toBe(T0 + 310 * S);

    const reminder = fireTimer(acked, false);
    expect(reminder.now).toBe(T0 + 310 * S);
    expect(newTimelineTypes(acked, reminder.request)).toEqual(['contact_overdue']);
    expect(reminder.request.status).toBe('acknowledged');
    expect(reminder.request.followUp?.stage).toBe('contact_reminded');
    expect(notices(reminder.decision.actions)).toEqual([[alice.name, 'contact_reminder']]);
    // Its own attempt and timer, so the page's old timeout timer can't be mistaken for it.
    expect(reminder.request.position.attempt).toBe(2);
    expect(reminder.decision.actions).toContainEqual({ type: 'schedule', at: T0 + 610 * S, attempt: 2 });
    // The reminder is pending like a page until the provider accepts it, then on the record as sent.
    expect(reminder.request.pending).toEqual([
      expect.objectContaining({ who: ALICE, channel: 'sms', notice: 'contact_reminder', attempt: 2 }),
      expect.objectContaining({ who: ALICE, channel: 'email', notice: 'contact_reminder', attempt: 2 }),
    ]);
    const sent = delivered(reminder.request, T0 + 311 * S);
    expect(sent.timeline.at(-1)).toMatchObject({ type: 'page_sent', notice: 'contact_reminder', who: ALICE });
    expect(sent.pending).toEqual([]);

    const passedOn = fireTimer(sent, false);
    const types = newTimelineTypes(sent, passedOn.request);
    expect(types).toEqual(['reopened', 'escalated']);
    expect(passedOn.request.timeline.at(-2)).toMatchObject({ who: ALICE, reason: 'not_contacted' });
    expect(passedOn.request).toMatchObject({
      status: 'paging',
      assignee: null,
      followUp: null,
      reopened: 1,
      position: { level: 1, round: 0, attempt: 3 },
    });
    expect(passedOn.request.declinedBy).toContain('c-alice');
    expect(notices(passedOn.decision.actions)).toEqual([
      [bob.name, 'page'],
      [alice.name, 'passed_on'],
    ]);
    expect(actionTypes(passedOn.decision.actions)).toEqual(['notify_requester', 'page', 'schedule', 'page']);
    expect(passedOn.decision.actions[0]).toEqual({ type: 'notify_requester', status: 'reopened' });
  });

  it('a request accepted from the fallback repeat goes back to the fallback repeat', () => {
    const unanswered = fireTimer(fireTimer(started(twoLevelRoute({ followUp: FOLLOW_UP }))).request).request;
    const acked = step(unanswered, { type: 'ack', by: DESK }, unanswered.timeline.at(-1)!.at + S);
    expect(acked.followUp?.acceptedWhile).toBe('unanswered');
    const reminded = fireTimer(acked).request;
    const reopened = fireTimer(reminded);
    expect(reopened.request.status).toBe('unanswered');
    expect(newTimelineTypes(reminded, reopened.request)).toEqual(expect.arrayContaining(['reopened']));
    expect(notices(reopened.decision.actions)).toEqual([
      [desk.name, 'page'],
      [desk.name, 'passed_on'],
    ]);
    expect(reopened.request.nextDueAt).toBe(reopened.now + 300 * S);
  });

  it('a fallback contact who is passed on is left out of the fallback repeat while another remains', () => {
    const route = twoLevelRoute({ followUp: FOLLOW_UP, fallbackContacts: [desk, director] });
    const unanswered = fireTimer(fireTimer(started(route)).request).request;
    const acked = step(unanswered, { type: 'ack', by: DESK }, unanswered.timeline.at(-1)!.at + S);
    const handedBack = changed(
      decide(acked, { type: 'handback', by: DESK, reason: 'on another call' }, acked.timeline.at(-1)!.at + S),
    );
    expect(notices(handedBack.actions)).toEqual([[director.name, 'page']]);
    // And on the later repeats too.
    const repeat = fireTimer(delivered(handedBack.request, handedBack.request.timeline.at(-1)!.at));
    expect(notices(repeat.decision.actions)).toEqual([[director.name, 'page']]);
  });

  it("the page's own timeout timer, arriving after the ack, changes nothing", () => {
    const acked = acceptedByAlice();
    // Alice's page timed out at +60 s: its timer is for attempt 1, now before the contact deadline.
    expect(decide(acked, { type: 'timer', attempt: 1 }, T0 + 60 * S)).toEqual({
      unchanged: true,
      reason: 'not_due',
    });
  });

  it('a reminder to someone who is no longer the acceptor is never re-sent', () => {
    const reminded = fireTimer(acceptedByAlice(), false).request;
    const at = reminded.timeline.at(-1)!.at;
    const handedBack = step(reminded, { type: 'handback', by: ALICE, reason: 'in session' }, at + S);
    // Still pending (its sender may yet report it), but it no longer matters: only bob's page is taken over.
    expect(handedBack.pending?.filter((p) => p.notice === 'contact_reminder')).toHaveLength(2);
    const redelivered = changed(decide(handedBack, { type: 'redeliver', sendersGone: true }, at + 2 * S));
    expect(notices(redelivered.actions)).toEqual([[bob.name, 'page']]);
  });
});

describe('called back, not resolved in time', () => {
  it('reminds the acceptor and alerts every fallback contact, again every resolveWithinSeconds', () => {
    const route = twoLevelRoute({ followUp: FOLLOW_UP, fallbackContacts: [desk, director] });
    const contacted = step(
      acceptedByAlice(route),
      { type: 'contacted', by: ALICE, via: 'case' },
      T0 + 60 * S,
    );
    expect(contacted.status).toBe('contacted');
    expect(contacted.followUp).toMatchObject({ stage: 'resolve', contactedAt: T0 + 60 * S });
    expect(contacted.nextDueAt).toBe(T0 + 3660 * S);

    const first = fireTimer(contacted);
    expect(newTimelineTypes(contacted, first.request)).toEqual([
      'resolve_overdue',
      'page_sent',
      'page_sent',
      'page_sent',
      'page_sent',
    ]);
    expect(notices(first.decision.actions)).toEqual([
      [alice.name, 'resolve_reminder'],
      [desk.name, 'still_open'],
      [director.name, 'still_open'],
    ]);
    expect(first.request.status).toBe('contacted');
    const second = fireTimer(first.request);
    expect(second.now).toBe(first.now + 3600 * S);
    expect(notices(second.decision.actions)).toHaveLength(3);
    const resolved = step(
      second.request,
      { type: 'resolve', by: ALICE, outcome: 'referred_service', note: 'booked for tomorrow' },
      second.now + S,
    );
    expect(resolved).toMatchObject({ status: 'resolved', nextDueAt: null, followUp: null, assignee: ALICE });
    expect(resolved.timeline.at(-1)).toMatchObject({
      type: 'resolved',
      outcome: 'referred_service',
      note: 'booked for tomorrow',
    });
    expect(wakeAt(resolved)).toBeNull();
  });

  it('with no fallback contacts, ops are alerted instead', () => {
    const route = twoLevelRoute({ followUp: FOLLOW_UP, fallbackContacts: [] });
    const contacted = step(acceptedByAlice(route), { type: 'contacted', by: ALICE }, T0 + 60 * S);
    const due = fireTimer(contacted);
    expect(due.decision.actions).toContainEqual({
      type: 'alert_ops',
      reason: 'contacted_request_still_open',
    });
  });

  it('a resolve note is kept up to 2,000 characters', () => {
    const acked = acceptedByAlice();
    const resolved = step(
      acked,
      { type: 'resolve', by: ALICE, outcome: 'other', note: 'x'.repeat(2500) },
      T0 + 20 * S,
    );
    expect(resolved.timeline.at(-1)?.note).toHaveLength(2000);
  });
});

describe('hand back', () => {
  it('pages the next level at once, with the reason on the timeline', () => {
    const acked = acceptedByAlice();
    const d = changed(
      decide(acked, { type: 'handback', by: ALICE, reason: 'called into a session' }, T0 + 30 * S),
    );
    expect(newTimelineTypes(acked, d.request)).toEqual(['handed_back', 'escalated']);
    expect(d.request.timeline.at(-2)).toMatchObject({ who: ALICE, reason: 'called into a session' });
    expect(d.request.timeline.at(-1)).toMatchObject({ reason: 'handed_back', level: 1 });
    expect(notices(d.actions)).toEqual([[bob.name, 'page']]);
    expect(d.request.nextDueAt).toBe(T0 + 150 * S);
    // Bob may accept now; alice's old link no longer makes her the acceptor's equal.
    const bobAcked = step(
      d.request,
      { type: 'ack', by: { clinicianId: 'c-bob', name: bob.name } },
      T0 + 40 * S,
    );
    expect(bobAcked.assignee?.name).toBe(bob.name);
    expect(decide(bobAcked, { type: 'resolve', by: ALICE, outcome: 'other' }, T0 + 50 * S)).toEqual({
      unchanged: true,
      reason: 'not_assignee',
    });
  });

  it('from the last level, goes unanswered and pages the fallback contacts', () => {
    const atBob = fireTimer(started(twoLevelRoute({ followUp: FOLLOW_UP }))).request;
    const BOB = { clinicianId: 'c-bob', name: bob.name };
    const acked = step(atBob, { type: 'ack', by: BOB }, T0 + 70 * S);
    const d = changed(decide(acked, { type: 'handback', by: BOB, reason: 'no signal' }, T0 + 80 * S));
    expect(d.request.status).toBe('unanswered');
    expect(notices(d.actions)).toEqual([[desk.name, 'page']]);
  });
});

describe('notices that fail', () => {
  it('a throttled reminder is re-attempted; an opted-out one marks the contact and never moves the request', () => {
    const reminded = fireTimer(acceptedByAlice(), false).request;
    const now = reminded.timeline.at(-1)!.at + S;
    const failed = changed(
      decide(
        reminded,
        {
          type: 'delivery',
          results: [
            {
              attempt: 2,
              to: ALICE,
              channel: 'sms',
              retry: 0,
              notice: 'contact_reminder',
              outcome: 'failed',
              code: 'Throttling',
              permanent: false,
            },
            {
              attempt: 2,
              to: ALICE,
              channel: 'email',
              retry: 0,
              notice: 'contact_reminder',
              outcome: 'failed',
              code: 'OptedOut',
              permanent: true,
            },
          ],
        },
        now,
      ),
    );
    expect(failed.request.status).toBe('acknowledged');
    expect(failed.request.timeline.slice(-2).map((e) => [e.type, e.notice, e.channel])).toEqual([
      ['page_failed', 'contact_reminder', 'sms'],
      ['page_failed', 'contact_reminder', 'email'],
    ]);
    expect(failed.request.pending).toEqual([
      expect.objectContaining({
        channel: 'sms',
        retry: 1,
        notice: 'contact_reminder',
        notBefore: now + 5 * S,
      }),
    ]);
    expect(failed.request.brokenContacts).toEqual([{ clinicianId: 'c-alice', channel: 'email' }]);
    expect(wakeAt(failed.request)).toBe(now + 5 * S);
    const resent = changed(decide(failed.request, { type: 'redeliver' }, now + 5 * S));
    expect(notices(resent.actions)).toEqual([[alice.name, 'contact_reminder']]);
    expect(pageActions(resent.actions)[0]).toMatchObject({ retry: 1, channels: ['sms'] });
  });

  it('after the request is resolved, a pending reminder no longer matters', () => {
    const reminded = fireTimer(acceptedByAlice(), false).request;
    const resolved = step(
      reminded,
      { type: 'resolve', by: ALICE, outcome: 'safe_plan' },
      reminded.timeline.at(-1)!.at + S,
    );
    expect(
      decide(resolved, { type: 'redeliver', sendersGone: true }, resolved.timeline.at(-1)!.at + S),
    ).toEqual({
      unchanged: true,
      reason: 'closed',
    });
  });
});
