// Random routes with voice pages and random, messy streams of call endings (repeated, stale, for calls
// never made), acks and timer messages (early, late, stale): an ack is never followed by a page asking
// for acceptance, and a call's end is recorded at most once per page and person, only for a call made.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CALL_ENDINGS, decide } from '../../../shared/domain/escalation/index.js';
import type {
  Action,
  CallEnding,
  CrisisRequest,
  Recipient,
  RequestEvent,
  Route,
  TimelineEntry,
  Who,
} from '../../../shared/domain/escalation/index.js';
import { whoKey } from '../../../shared/domain/escalation/recipients.js';
import { bob, deepFreeze, delivered, desk, newRequest, S, T0 } from './fixtures.js';

const voiceAlice: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-alice',
  name: 'Alice Ng',
  voice: '+15550000011',
};
const voiceCarol: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-carol',
  name: 'Carol Ito',
  voice: '+15550000013',
};
const eve: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-eve',
  name: 'Eve Park',
  phone: '+15550000005',
  voice: '+15550000005',
};

const PEOPLE: Who[] = [
  { clinicianId: 'c-alice', name: voiceAlice.name },
  { clinicianId: 'c-carol', name: voiceCarol.name },
  { clinicianId: 'c-eve', name: eve.name },
  { clinicianId: 'c-bob', name: bob.name },
  { name: desk.name },
];

const routeArb = (followUp: fc.Arbitrary<Route['followUp']>): fc.Arbitrary<Route> =>
  fc.record({
    levels: fc.array(
      fc.record({
        notify: fc.constant('primary' as const),
        recipients: fc.array(fc.constantFrom(voiceAlice, voiceCarol, eve, bob), { maxLength: 3 }),
        ackTimeoutSeconds: fc.integer({ min: 10, max: 120 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    repeat: fc.integer({ min: 0, max: 2 }),
    fallbackRepeatSeconds: fc.integer({ min: 10, max: 300 }),
    // No fallback contact: the route's clinicians (voice too) are paged while unanswered.
    fallbackContacts: fc.constantFrom<Recipient[]>([desk], []),
    followUp,
  });

const dt = fc.integer({ min: 0, max: 90 * S });
type Intent =
  | { kind: 'call_ended'; pick: number; made: boolean; attemptDelta: number; ending: CallEnding; dt: number }
  | { kind: 'ack'; who: number; attemptDelta: number | null; dt: number }
  | { kind: 'timer'; due: boolean; delta: number; dt: number };

const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('call_ended' as const),
      pick: fc.nat(),
      made: fc.boolean(),
      attemptDelta: fc.integer({ min: -2, max: 1 }),
      ending: fc.constantFrom(...CALL_ENDINGS),
      dt,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('ack' as const),
      who: fc.nat(PEOPLE.length - 1),
      attemptDelta: fc.option(fc.integer({ min: -2, max: 0 })),
      dt,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('timer' as const),
      due: fc.boolean(),
      delta: fc.integer({ min: -2, max: 1 }),
      dt,
    }),
  },
);

const isCall = (e: TimelineEntry) =>
  e.channel === 'voice' && e.notice === undefined && e.attempt !== undefined;
const callsMade = (r: CrisisRequest) => r.timeline.filter((e) => e.type === 'page_sent' && isCall(e));
const callEndings = (r: CrisisRequest) =>
  r.timeline.filter((e) => e.type === 'page_failed' && e.reason?.startsWith('call_ended:'));

function toEvent(
  r: CrisisRequest,
  now: number,
  intent: Intent,
  followUpTimers: boolean,
): { event: RequestEvent; now: number } {
  const attempt = r.position.attempt;
  const person = (i: number): Who => PEOPLE[i % PEOPLE.length] ?? { name: 'nobody' };
  switch (intent.kind) {
    case 'call_ended': {
      // Mostly a call that was made (any attempt, so repeats and stale ones too), sometimes anything.
      const calls = callsMade(r);
      const call = intent.made ? calls[intent.pick % Math.max(1, calls.length)] : undefined;
      return {
        event: {
          type: 'call_ended',
          attempt: call?.attempt ?? Math.max(0, attempt + intent.attemptDelta),
          to: call?.who ?? person(intent.pick),
          ending: intent.ending,
        },
        now: now + intent.dt,
      };
    }
    case 'ack': {
      const a = intent.attemptDelta === null ? undefined : Math.max(0, attempt + intent.attemptDelta);
      const by = r.paged[intent.who % (r.paged.length + 1)] ?? person(intent.who);
      return { event: { type: 'ack', by, ...(a !== undefined && { attempt: a }) }, now: now + intent.dt };
    }
    case 'timer':
      // Due: the current page's timeout or fallback repeat, on time or late; once accepted, the follow-up
      // deadline only when `followUpTimers` (else timer messages still come, stale or early).
      return intent.due &&
        r.nextDueAt !== null &&
        (followUpTimers || r.status === 'paging' || r.status === 'unanswered')
        ? { event: { type: 'timer', attempt }, now: Math.max(now, r.nextDueAt) + intent.dt }
        : { event: { type: 'timer', attempt: Math.max(0, attempt + intent.delta) }, now: now + intent.dt };
  }
}

interface Step {
  before: CrisisRequest;
  event: RequestEvent;
  actions: Action[];
  after: CrisisRequest;
}

/** Runs the stream; the provider accepts every page of the current attempt at once (so calls are made). */
function run(route: Route, intents: Intent[], followUpTimers = true): Step[] {
  let now = T0;
  let request = deepFreeze(delivered(stepOf(newRequest(route, now), { type: 'start' }, now).after, now));
  const steps: Step[] = [];
  function stepOf(r: CrisisRequest, event: RequestEvent, at: number): Step {
    const d = decide(r, event, at);
    return d.unchanged
      ? { before: r, event, actions: [], after: r }
      : { before: r, event, actions: d.actions, after: d.request };
  }
  for (const intent of intents) {
    const next = toEvent(request, now, intent, followUpTimers);
    now = next.now;
    const s = stepOf(request, next.event, now);
    steps.push(s);
    request = deepFreeze(delivered(s.after, now));
  }
  return steps;
}

const askingPages = (actions: readonly Action[]) =>
  actions.filter((a) => a.type === 'page' && a.notice === undefined);

/** Follow-up deadlines far beyond any stream: an accepted request stays accepted. */
const noFollowUpInReach = fc.constant({ contactWithinSeconds: 86_400, resolveWithinSeconds: 86_400 });
/** Short ones, so streams reach the reminders and the reopen. */
const shortFollowUp = fc.record({
  contactWithinSeconds: fc.integer({ min: 60, max: 600 }),
  resolveWithinSeconds: fc.integer({ min: 60, max: 900 }),
});

describe('call endings among acks and timers (property)', () => {
  it('no page action at all once someone acked (follow-up deadlines out of reach)', () => {
    fc.assert(
      fc.property(routeArb(noFollowUpInReach), fc.array(intentArb, { maxLength: 40 }), (route, intents) => {
        let acked = false;
        for (const s of run(route, intents, false)) {
          if (acked) {
            expect(s.actions.filter((a) => a.type === 'page')).toEqual([]);
            if (s.event.type === 'call_ended') expect(s.after).toBe(s.before);
          }
          if (s.after.status === 'acknowledged') acked = true;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with short follow-ups: no page asking for acceptance after an ack until the request is reopened', () => {
    fc.assert(
      fc.property(routeArb(shortFollowUp), fc.array(intentArb, { maxLength: 40 }), (route, intents) => {
        let acked = false;
        for (const s of run(route, intents)) {
          const reopened =
            s.after.timeline.length > s.before.timeline.length &&
            s.after.timeline.slice(s.before.timeline.length).some((e) => e.type === 'reopened');
          if (acked && !reopened) expect(askingPages(s.actions)).toEqual([]);
          // A call's end never acts on an accepted request.
          if (
            s.event.type === 'call_ended' &&
            s.before.status !== 'paging' &&
            s.before.status !== 'unanswered'
          )
            expect(s.after).toBe(s.before);
          if (reopened) acked = false;
          if (s.after.status === 'acknowledged' || s.after.status === 'contacted') acked = true;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a call’s end is recorded at most once per attempt and person, and only for a call made', () => {
    fc.assert(
      fc.property(routeArb(shortFollowUp), fc.array(intentArb, { maxLength: 40 }), (route, intents) => {
        const steps = run(route, intents);
        const last = steps.at(-1)?.after;
        if (!last) return;
        const endings = callEndings(last);
        const keys = endings.map((e) => `${e.attempt}|${whoKey(e.who ?? { name: '?' })}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const e of endings) {
          expect(e.channel).toBe('voice');
          expect(CALL_ENDINGS.map((x) => `call_ended:${x}`)).toContain(e.reason);
          const made = last.timeline.some(
            (c) =>
              c.type === 'page_sent' &&
              isCall(c) &&
              c.attempt === e.attempt &&
              c.at <= e.at &&
              whoKey(c.who ?? { name: '' }) === whoKey(e.who ?? { name: '?' }),
          );
          expect(made).toBe(true);
        }
        // Each recorded ending came from a call_ended event that changed the request, and those that did
        // changed it by recording exactly one ending.
        for (const s of steps.filter((x) => x.event.type === 'call_ended' && x.after !== x.before))
          expect(callEndings(s.after).length - callEndings(s.before).length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('a call’s end that changes the request moves on only when the page is left with nothing to wait for', () => {
    fc.assert(
      fc.property(routeArb(shortFollowUp), fc.array(intentArb, { maxLength: 40 }), (route, intents) => {
        for (const s of run(route, intents)) {
          if (s.event.type !== 'call_ended' || s.after === s.before) continue;
          const movedOn = s.after.position.attempt !== s.before.position.attempt;
          const stillAwaited = s.before.awaiting.filter(
            (k) => !(s.event.type === 'call_ended' && k === `voice:${whoKey(s.event.to)}`),
          );
          expect(s.before.position.attempt).toBe((s.event as { attempt: number }).attempt);
          if (movedOn) {
            expect(s.before.status).toBe('paging');
            expect(stillAwaited).toEqual([]);
          } else {
            expect(askingPages(s.actions)).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
