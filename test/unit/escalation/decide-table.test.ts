// decide() over every status × event, with the exact resulting status, actions and new timeline entries.
import { describe, expect, it } from '@jest/globals';
import { decide } from '../../../shared/domain/escalation/index.js';
import type {
  CrisisRequest,
  RequestEvent,
  RequestStatus,
  UnchangedReason,
  Who,
} from '../../../shared/domain/escalation/index.js';
import {
  actionTypes,
  alice,
  bob,
  carol,
  desk,
  fireTimer,
  newTimelineTypes,
  S,
  started,
  step,
  T0,
} from './fixtures.js';

const ALICE: Who = { clinicianId: 'c-alice', name: alice.name };
const BOB: Who = { clinicianId: 'c-bob', name: bob.name };
const CAROL: Who = { clinicianId: 'c-carol', name: carol.name };

// One request walked through each status. Times: paged at T0, alice acks at +10 s, resolves at +20 s.
// Pages stay pending (the provider has not answered), so send failures meet the page they are about; a
// pending page of an earlier attempt is given up as 'page_unconfirmed' once the request moves past it.
const paging = started(undefined, undefined, false);
const pagingBob = fireTimer(paging, false).request; // at +60 s, attempt 2
const acknowledged = step(paging, { type: 'ack', by: ALICE, attempt: 1, via: 'sms' }, T0 + 10 * S);
const contacted = step(acknowledged, { type: 'contacted', by: ALICE, via: 'case' }, T0 + 15 * S);
const resolved = step(acknowledged, { type: 'resolve', by: ALICE, outcome: 'safe_plan' }, T0 + 20 * S);
const cancelled = step(
  paging,
  { type: 'cancel', by: { name: 'Hotline Sam', role: 'intake' }, reason: 'dup' },
  T0 + 5 * S,
);
const unanswered = fireTimer(pagingBob, false).request; // at +180 s, attempt 3, the desk paged
const STATES = { paging, pagingBob, acknowledged, contacted, resolved, cancelled, unanswered };
type StateName = keyof typeof STATES;

/** The current recipient, or alice when nobody is being paged. */
function current(s: CrisisRequest): Who {
  return s.paged[0] ?? ALICE;
}
function lastAt(s: CrisisRequest): number {
  return s.timeline.at(-1)?.at ?? T0;
}
function dueOr(s: CrisisRequest): number {
  return s.nextDueAt ?? lastAt(s) + 60 * S;
}

type EventName =
  | 'start'
  | 'timer current'
  | 'timer late'
  | 'timer stale'
  | 'timer early'
  | 'timer future'
  | 'ack'
  | 'ack by another'
  | 'decline by current'
  | 'decline by other'
  | 'send_failed permanent'
  | 'send_failed transient'
  | 'resolve by assignee'
  | 'resolve by other'
  | 'contacted by assignee'
  | 'contacted by other'
  | 'handback by assignee'
  | 'handback by other'
  | 'cancel';

const EVENTS: Record<EventName, (s: CrisisRequest) => { event: RequestEvent; now: number }> = {
  start: (s) => ({ event: { type: 'start' }, now: lastAt(s) + S }),
  'timer current': (s) => ({ event: { type: 'timer', attempt: s.position.attempt }, now: dueOr(s) }),
  'timer late': (s) => ({ event: { type: 'timer', attempt: s.position.attempt }, now: dueOr(s) + 600 * S }),
  'timer stale': (s) => ({ event: { type: 'timer', attempt: s.position.attempt - 1 }, now: dueOr(s) }),
  'timer early': (s) => ({ event: { type: 'timer', attempt: s.position.attempt }, now: dueOr(s) - 1 }),
  'timer future': (s) => ({ event: { type: 'timer', attempt: s.position.attempt + 1 }, now: dueOr(s) }),
  ack: (s) => ({ event: { type: 'ack', by: current(s), attempt: s.position.attempt }, now: lastAt(s) + S }),
  'ack by another': (s) => ({ event: { type: 'ack', by: BOB }, now: lastAt(s) + S }),
  'decline by current': (s) => ({
    event: { type: 'decline', by: current(s), attempt: s.position.attempt },
    now: lastAt(s) + S,
  }),
  'decline by other': (s) => ({ event: { type: 'decline', by: CAROL }, now: lastAt(s) + S }),
  'send_failed permanent': (s) => ({
    event: { type: 'send_failed', attempt: 1, to: ALICE, channel: 'sms', code: 'OptedOut', permanent: true },
    now: lastAt(s) + S,
  }),
  'send_failed transient': (s) => ({
    event: {
      type: 'send_failed',
      attempt: 1,
      to: ALICE,
      channel: 'sms',
      code: 'Throttling',
      permanent: false,
    },
    now: lastAt(s) + S,
  }),
  'resolve by assignee': (s) => ({
    event: { type: 'resolve', by: ALICE, outcome: 'safe_plan', note: 'called back' },
    now: lastAt(s) + S,
  }),
  'resolve by other': (s) => ({
    event: { type: 'resolve', by: BOB, outcome: 'safe_plan' },
    now: lastAt(s) + S,
  }),
  'contacted by assignee': (s) => ({ event: { type: 'contacted', by: ALICE }, now: lastAt(s) + S }),
  'contacted by other': (s) => ({ event: { type: 'contacted', by: BOB }, now: lastAt(s) + S }),
  'handback by assignee': (s) => ({
    event: { type: 'handback', by: ALICE, reason: 'called into a session' },
    now: lastAt(s) + S,
  }),
  'handback by other': (s) => ({
    event: { type: 'handback', by: BOB, reason: 'not mine' },
    now: lastAt(s) + S,
  }),
  cancel: (s) => ({
    event: { type: 'cancel', by: { name: 'Admin Kim', role: 'admin' }, reason: 'resolved by phone' },
    now: lastAt(s) + S,
  }),
};

type Expectation =
  | { unchanged: UnchangedReason }
  | { status: RequestStatus; actions: string[]; timeline: string[]; paged?: string[] };

const ESCALATE_TO_BOB = { actions: ['page', 'schedule'], paged: [bob.name] };
const GO_UNANSWERED = ['notify_requester', 'page', 'schedule'];

const NOT_ACCEPTED: Record<
  'contacted by assignee' | 'contacted by other' | 'handback by assignee' | 'handback by other',
  Expectation
> = {
  'contacted by assignee': { unchanged: 'not_acknowledged' },
  'contacted by other': { unchanged: 'not_acknowledged' },
  'handback by assignee': { unchanged: 'not_acknowledged' },
  'handback by other': { unchanged: 'not_acknowledged' },
};
const ACK: Expectation = {
  status: 'acknowledged',
  actions: ['schedule', 'notify_requester'],
  timeline: ['acknowledged'],
};
// Handing back pages the next level at once; alice, who handed it back, is not paged again.
const HANDED_BACK: Expectation = {
  status: 'paging',
  actions: ['notify_requester', 'page', 'schedule'],
  timeline: ['handed_back', 'escalated'],
  paged: [bob.name],
};

const TABLE: Record<
  'paging' | 'pagingBob' | 'acknowledged' | 'contacted' | 'unanswered',
  Record<EventName, Expectation>
> = {
  paging: {
    start: { unchanged: 'already_started' },
    // Alice's two pages were never confirmed: given up on the record as the request moves on.
    'timer current': {
      status: 'paging',
      timeline: ['timeout', 'escalated', 'page_unconfirmed', 'page_unconfirmed'],
      ...ESCALATE_TO_BOB,
    },
    'timer late': {
      status: 'paging',
      timeline: ['timeout', 'escalated', 'page_unconfirmed', 'page_unconfirmed'],
      ...ESCALATE_TO_BOB,
    },
    'timer stale': { unchanged: 'stale_attempt' },
    'timer early': { unchanged: 'not_due' },
    'timer future': { unchanged: 'unknown_attempt' },
    ack: ACK,
    'ack by another': ACK,
    'decline by current': {
      status: 'paging',
      timeline: ['declined', 'escalated'],
      ...ESCALATE_TO_BOB,
    },
    'decline by other': { unchanged: 'not_current_recipient' },
    // Alice's email is still on its way: a broken SMS alone does not move on.
    'send_failed permanent': {
      status: 'paging',
      actions: ['mark_contact_broken', 'alert_ops'],
      timeline: ['page_failed'],
    },
    // Pending again, due in 5 s: the timer takes it then.
    'send_failed transient': { status: 'paging', actions: ['schedule'], timeline: ['page_failed'] },
    'resolve by assignee': { unchanged: 'not_acknowledged' },
    'resolve by other': { unchanged: 'not_acknowledged' },
    ...NOT_ACCEPTED,
    cancel: { status: 'cancelled', actions: [], timeline: ['cancelled'] },
  },
  // Bob (last level, SMS only) is being paged; alice's attempt 1 is history.
  pagingBob: {
    start: { unchanged: 'already_started' },
    'timer current': {
      status: 'unanswered',
      actions: GO_UNANSWERED,
      timeline: ['timeout', 'unanswered', 'page_unconfirmed'],
      paged: [desk.name],
    },
    'timer late': {
      status: 'unanswered',
      actions: GO_UNANSWERED,
      timeline: ['timeout', 'unanswered', 'page_unconfirmed'],
      paged: [desk.name],
    },
    'timer stale': { unchanged: 'stale_attempt' },
    'timer early': { unchanged: 'not_due' },
    'timer future': { unchanged: 'unknown_attempt' },
    ack: ACK,
    'ack by another': ACK,
    'decline by current': {
      status: 'unanswered',
      actions: GO_UNANSWERED,
      timeline: ['declined', 'unanswered'],
      paged: [desk.name],
    },
    'decline by other': { unchanged: 'not_current_recipient' },
    // A failure of an earlier attempt is recorded, but only the current page's failures move on.
    'send_failed permanent': {
      status: 'paging',
      actions: ['mark_contact_broken', 'alert_ops'],
      timeline: ['page_failed'],
    },
    'send_failed transient': { status: 'paging', actions: [], timeline: ['page_failed'] },
    'resolve by assignee': { unchanged: 'not_acknowledged' },
    'resolve by other': { unchanged: 'not_acknowledged' },
    ...NOT_ACCEPTED,
    cancel: { status: 'cancelled', actions: [], timeline: ['cancelled'] },
  },
  // No call back recorded within contactWithinSeconds: alice is reminded (a new attempt, its own timer).
  acknowledged: {
    start: { unchanged: 'already_started' },
    'timer current': {
      status: 'acknowledged',
      actions: ['page', 'schedule'],
      timeline: ['contact_overdue'],
      paged: [alice.name],
    },
    'timer late': {
      status: 'acknowledged',
      actions: ['page', 'schedule'],
      timeline: ['contact_overdue'],
      paged: [alice.name],
    },
    'timer stale': { unchanged: 'stale_attempt' },
    'timer early': { unchanged: 'not_due' },
    'timer future': { unchanged: 'unknown_attempt' },
    ack: { unchanged: 'already_acknowledged' },
    'ack by another': { unchanged: 'already_acknowledged' },
    'decline by current': { unchanged: 'already_acknowledged' },
    'decline by other': { unchanged: 'already_acknowledged' },
    // Recorded for the audit trail and the contact marked broken, but nobody is paged after an ack.
    'send_failed permanent': {
      status: 'acknowledged',
      actions: ['mark_contact_broken', 'alert_ops'],
      timeline: ['page_failed'],
    },
    'send_failed transient': { status: 'acknowledged', actions: [], timeline: ['page_failed'] },
    'resolve by assignee': { status: 'resolved', actions: [], timeline: ['resolved'] },
    'resolve by other': { unchanged: 'not_assignee' },
    'contacted by assignee': {
      status: 'contacted',
      actions: ['schedule', 'notify_requester'],
      timeline: ['contacted'],
    },
    'contacted by other': { unchanged: 'not_assignee' },
    'handback by assignee': HANDED_BACK,
    'handback by other': { unchanged: 'not_assignee' },
    cancel: { status: 'cancelled', actions: [], timeline: ['cancelled'] },
  },
  // Called back, not resolved within resolveWithinSeconds: alice is reminded and the desk alerted.
  contacted: {
    start: { unchanged: 'already_started' },
    'timer current': {
      status: 'contacted',
      actions: ['page', 'page', 'schedule'],
      timeline: ['resolve_overdue'],
      paged: [alice.name, desk.name],
    },
    'timer late': {
      status: 'contacted',
      actions: ['page', 'page', 'schedule'],
      timeline: ['resolve_overdue'],
      paged: [alice.name, desk.name],
    },
    'timer stale': { unchanged: 'stale_attempt' },
    'timer early': { unchanged: 'not_due' },
    'timer future': { unchanged: 'unknown_attempt' },
    ack: { unchanged: 'already_acknowledged' },
    'ack by another': { unchanged: 'already_acknowledged' },
    'decline by current': { unchanged: 'already_acknowledged' },
    'decline by other': { unchanged: 'already_acknowledged' },
    'send_failed permanent': {
      status: 'contacted',
      actions: ['mark_contact_broken', 'alert_ops'],
      timeline: ['page_failed'],
    },
    'send_failed transient': { status: 'contacted', actions: [], timeline: ['page_failed'] },
    'resolve by assignee': { status: 'resolved', actions: [], timeline: ['resolved'] },
    'resolve by other': { unchanged: 'not_assignee' },
    'contacted by assignee': { unchanged: 'already_contacted' },
    'contacted by other': { unchanged: 'not_assignee' },
    'handback by assignee': HANDED_BACK,
    'handback by other': { unchanged: 'not_assignee' },
    cancel: { status: 'cancelled', actions: [], timeline: ['cancelled'] },
  },
  unanswered: {
    start: { unchanged: 'already_started' },
    'timer current': {
      status: 'unanswered',
      actions: ['page', 'schedule'],
      timeline: ['fallback_repeat', 'page_unconfirmed'],
      paged: [desk.name],
    },
    'timer late': {
      status: 'unanswered',
      actions: ['page', 'schedule'],
      timeline: ['fallback_repeat', 'page_unconfirmed'],
      paged: [desk.name],
    },
    'timer stale': { unchanged: 'stale_attempt' },
    'timer early': { unchanged: 'not_due' },
    'timer future': { unchanged: 'unknown_attempt' },
    ack: ACK,
    'ack by another': ACK,
    // The fallback keeps its repeat whatever one contact says: nothing else is left to page.
    'decline by current': { status: 'unanswered', actions: [], timeline: ['declined'] },
    'decline by other': { unchanged: 'not_current_recipient' },
    'send_failed permanent': {
      status: 'unanswered',
      actions: ['mark_contact_broken', 'alert_ops'],
      timeline: ['page_failed'],
    },
    'send_failed transient': { status: 'unanswered', actions: [], timeline: ['page_failed'] },
    'resolve by assignee': { unchanged: 'not_acknowledged' },
    'resolve by other': { unchanged: 'not_acknowledged' },
    ...NOT_ACCEPTED,
    cancel: { status: 'cancelled', actions: [], timeline: ['cancelled'] },
  },
};

const ROWS = [
  ...Object.entries(TABLE).flatMap(([state, row]) =>
    Object.entries(row).map(
      ([event, expected]) => [state as StateName, event as EventName, expected] as const,
    ),
  ),
  // Closed requests ignore everything.
  ...(['resolved', 'cancelled'] as const).flatMap((state) =>
    (Object.keys(EVENTS) as EventName[]).map(
      (event) => [state as StateName, event, { unchanged: 'closed' } as Expectation] as const,
    ),
  ),
];

describe('decide() status × event', () => {
  it('covers every status with every event', () => {
    expect(new Set(ROWS.map(([s]) => STATES[s].status))).toEqual(
      new Set(['paging', 'acknowledged', 'contacted', 'resolved', 'cancelled', 'unanswered']),
    );
    expect(ROWS).toHaveLength(7 * Object.keys(EVENTS).length);
  });

  it.each(ROWS)('%s + %s', (stateName, eventName, expected) => {
    const before = STATES[stateName];
    const { event, now } = EVENTS[eventName](before);
    const d = decide(before, event, now);
    if ('unchanged' in expected) {
      expect(d).toMatchObject({ unchanged: true, reason: expected.unchanged });
      expect(d).not.toHaveProperty('actions');
      return;
    }
    if (d.unchanged) throw new Error(`unexpectedly unchanged: ${d.reason}`);
    expect(d.request.status).toBe(expected.status);
    expect(actionTypes(d.actions)).toEqual(expected.actions);
    expect(newTimelineTypes(before, d.request)).toEqual(expected.timeline);
    expect(d.request.version).toBe(before.version + 1);
    expect(d.request.timeline.slice(-expected.timeline.length).every((e) => e.at === now)).toBe(true);
    if (expected.paged) {
      expect(d.actions.flatMap((a) => (a.type === 'page' ? [a.recipient.name] : []))).toEqual(expected.paged);
    }
    // Every open request, accepted ones too, has a next due time: nothing goes silent.
    const closed = d.request.status === 'resolved' || d.request.status === 'cancelled';
    expect(d.request.nextDueAt === null).toBe(closed);
  });
});
