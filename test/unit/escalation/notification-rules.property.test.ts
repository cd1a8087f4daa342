// Random notification rules (SMS and email tried 0-50 s after a page opens, per person) on random routes,
// under random streams of provider outcomes, acks, declines, redeliveries and timers at random instants:
// nobody is asked again for a page someone accepted, every level opened pages or says why not, and a delayed
// channel never leaves before its time.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createRequest, decide } from '../../../shared/domain/escalation/index.js';
import type {
  Action,
  CrisisRequest,
  Decision,
  PageAction,
  Recipient,
  RequestEvent,
  Route,
  TimelineEntry,
  Who,
} from '../../../shared/domain/escalation/index.js';
import type { ContactChannel } from '../../../shared/domain/model.js';
import { deepFreeze, desk, S, T0 } from './fixtures.js';

type Delays = Partial<Record<ContactChannel, number>>;

/** Four people: two with phone and email, one phone only, one with nothing usable (SMS known broken). */
const PEOPLE = [
  { clinicianId: 'c-eve', name: 'Eve Evans', phone: '+15550000011', email: 'eve@example.org' },
  { clinicianId: 'c-finn', name: 'Finn Fox', phone: '+15550000012', email: 'finn@example.org' },
  { clinicianId: 'c-gail', name: 'Gail Gray', phone: '+15550000013' },
  { clinicianId: 'c-hank', name: 'Hank Hill', phone: '+15550000014', smsBroken: true },
] as const;

/** The recipient resolveRoute freezes: delays only for channels tried after 0 s. */
function recipientOf(i: number, delays: Delays): Recipient {
  const p = PEOPLE[i] ?? PEOPLE[0];
  const later = Object.entries(delays).filter(([, s]) => (s ?? 0) > 0);
  return {
    kind: 'clinician',
    ...p,
    ...(later.length > 0 && { delays: Object.fromEntries(later) }),
  };
}

const delayArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 50 }) },
);

const routeArb: fc.Arbitrary<Route> = fc
  .record({
    delays: fc.array(fc.record({ sms: delayArb, email: delayArb }), {
      minLength: PEOPLE.length,
      maxLength: PEOPLE.length,
    }),
    levels: fc.array(fc.uniqueArray(fc.nat(PEOPLE.length - 1), { minLength: 1, maxLength: 2 }), {
      minLength: 1,
      maxLength: 3,
    }),
    repeat: fc.integer({ min: 0, max: 1 }),
  })
  .map(({ delays, levels, repeat }) => ({
    levels: levels.map((people) => ({
      notify: 'primary' as const,
      recipients: people.map((i) => recipientOf(i, delays[i] ?? {})),
      ackTimeoutSeconds: 60,
    })),
    repeat,
    fallbackRepeatSeconds: 300,
    fallbackContacts: [desk],
  }));

const dt = fc.integer({ min: 0, max: 20 * S });
type Intent =
  | { kind: 'provider'; pick: number; outcome: 'sent' | 'transient' | 'permanent'; dt: number }
  | { kind: 'ack'; pick: number; dt: number }
  | { kind: 'decline'; pick: number; dt: number }
  /** A scheduled timer message, delivered at its instant or a little late. */
  | { kind: 'scheduled'; pick: number; late: number }
  | { kind: 'timer'; dt: number }
  | { kind: 'redeliver'; sendersGone: boolean; dt: number };

const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('provider' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('sent' as const, 'sent' as const, 'transient' as const, 'permanent' as const),
      dt,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ack' as const), pick: fc.nat(), dt }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('decline' as const), pick: fc.nat(), dt }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('scheduled' as const),
      pick: fc.nat(),
      late: fc.integer({ min: 0, max: 3 * S }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('timer' as const), dt }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('redeliver' as const), sendersGone: fc.boolean(), dt }),
  },
);

interface Sim {
  request: CrisisRequest;
  now: number;
  messages: { at: number; attempt: number }[];
  /** Attempts someone accepted: never paged again. */
  acked: Set<number>;
  /** When each attempt opened, for the delays. */
  openedAt: Map<number, number>;
}

const everyone: Who[] = PEOPLE.map((p) => ({ clinicianId: p.clinicianId, name: p.name }));

/** The event an intent stands for, at its instant; null when it has nothing to act on (skipped). */
function toEvent(sim: Sim, intent: Intent): { event: RequestEvent; now: number } | null {
  const r = sim.request;
  switch (intent.kind) {
    case 'provider': {
      // The provider answers only for a page some sender has in hand.
      const inFlight = (r.pending ?? []).filter((p) => p.since !== undefined);
      const page = inFlight[intent.pick % Math.max(1, inFlight.length)];
      if (!page) return null;
      const base = { attempt: page.attempt, to: page.who, channel: page.channel, retry: page.retry };
      const result =
        intent.outcome === 'sent'
          ? { ...base, outcome: 'sent' as const, messageId: `m-${intent.pick}` }
          : {
              ...base,
              outcome: 'failed' as const,
              code: intent.outcome === 'permanent' ? 'OptedOut' : 'Throttling',
              permanent: intent.outcome === 'permanent',
            };
      return { event: { type: 'delivery', results: [result] }, now: sim.now + intent.dt };
    }
    case 'ack':
    case 'decline': {
      // Mostly someone the current page went to, sometimes anyone.
      const pool = [...r.paged, ...everyone];
      const by = pool[intent.pick % (intent.pick % 3 === 0 ? pool.length : Math.max(1, r.paged.length))];
      if (!by) return null;
      return { event: { type: intent.kind, by }, now: sim.now + intent.dt };
    }
    case 'scheduled': {
      const m = sim.messages[intent.pick % sim.messages.length];
      if (!m) return null;
      return { event: { type: 'timer', attempt: m.attempt }, now: Math.max(sim.now, m.at + intent.late) };
    }
    case 'timer':
      return { event: { type: 'timer', attempt: r.position.attempt }, now: sim.now + intent.dt };
    case 'redeliver':
      return {
        event: { type: 'redeliver', ...(intent.sendersGone && { sendersGone: true }) },
        now: sim.now + intent.dt,
      };
  }
}

// ---- an independent oracle of who a level can page ---------------------------------------------------

const whoOfRecipient = (r: Recipient): Who =>
  r.kind === 'clinician' ? { clinicianId: r.clinicianId, name: r.name } : { name: r.name };
const keyOf = (w: Who) => (w.clinicianId !== undefined ? `c:${w.clinicianId}` : `f:${w.name}`);

function usable(r: Recipient, request: CrisisRequest): ContactChannel[] {
  if (r.kind === 'fallback') return ['sms'];
  const broken = (c: ContactChannel) =>
    request.brokenContacts.some((b) => b.clinicianId === r.clinicianId && b.channel === c);
  return [
    ...(r.phone !== undefined && !r.smsBroken && !broken('sms') ? (['sms'] as const) : []),
    ...(r.email !== undefined && !broken('email') ? (['email'] as const) : []),
  ];
}

const delayOf = (r: Recipient, c: ContactChannel) => (r.kind === 'clinician' ? (r.delays?.[c] ?? 0) : 0);

/** Distinct recipients of a level not declined in this request. */
function candidates(request: CrisisRequest, level: number): Recipient[] {
  const seen = new Set<string>();
  return (request.route.levels[level]?.recipients ?? []).filter((r) => {
    const key = keyOf(whoOfRecipient(r));
    if (seen.has(key)) return false;
    seen.add(key);
    return !(r.kind === 'clinician' && request.declinedBy.includes(r.clinicianId));
  });
}

const pageable = (request: CrisisRequest, level: number) =>
  candidates(request, level).some((r) => usable(r, request).length > 0);

/** The levels pageFrom passes from `from` up to `to` (exclusive), or to the end of the route. */
function passed(
  route: Route,
  from: { round: number; level: number },
  to: { round: number; level: number } | null,
) {
  const out: { round: number; level: number }[] = [];
  let { round, level } = from;
  while (round <= route.repeat) {
    if (level >= route.levels.length) {
      round++;
      level = 0;
      continue;
    }
    if (to && round === to.round && level === to.level) break;
    out.push({ round, level });
    level++;
  }
  return out;
}

const calls = (actions: readonly Action[]) =>
  actions.filter((a): a is PageAction => a.type === 'page' && a.notice === undefined);

const seen = {
  acked: 0,
  ackedWithDelayedPending: 0,
  delayedSent: 0,
  openedWithNoImmediatePage: 0,
  levelSkipped: 0,
  noUsableChannel: 0,
  escalated: 0,
  permanentKeptLevel: 0,
  unanswered: 0,
};

function checkStep(sim: Sim, event: RequestEvent, now: number, d: Decision): void {
  const before = sim.request;
  // Never a page asking for acceptance of an attempt someone already accepted.
  if (!d.unchanged) for (const p of calls(d.actions)) expect(sim.acked.has(p.attempt)).toBe(false);
  if (d.unchanged) return;
  const after = d.request;
  const added: TimelineEntry[] = after.timeline.slice(before.timeline.length);

  if (event.type === 'ack' && after.status === 'acknowledged' && before.status !== 'acknowledged') {
    sim.acked.add(before.position.attempt);
    seen.acked++;
    if ((before.pending ?? []).some((p) => p.attempt === before.position.attempt && p.since === undefined))
      seen.ackedWithDelayedPending++;
  }

  // A delayed channel never leaves before the page opened plus its delay.
  for (const p of calls(d.actions)) {
    if (p.retry !== 0) continue;
    const opened = p.attempt === after.position.attempt && after.position.attempt !== before.position.attempt;
    const openedAt = opened ? now : sim.openedAt.get(p.attempt);
    expect(openedAt).toBeDefined();
    for (const c of p.channels) {
      const delay = delayOf(p.recipient, c);
      expect(now).toBeGreaterThanOrEqual((openedAt ?? Infinity) + delay * S);
      if (delay > 0) seen.delayedSent++;
    }
  }

  // Redelivery sends every delayed channel of the current page that came due and is still awaited.
  if (event.type === 'redeliver' && before.status === 'paging') {
    const due = (before.pending ?? []).filter(
      (p) =>
        p.notice === undefined &&
        p.since === undefined &&
        (p.notBefore ?? 0) <= now &&
        p.attempt === before.position.attempt &&
        before.awaiting.includes(`${p.channel}:${keyOf(p.who)}`),
    );
    for (const p of due)
      expect(
        calls(d.actions).some(
          (a) =>
            a.attempt === p.attempt &&
            a.channels.includes(p.channel) &&
            keyOf(whoOfRecipient(a.recipient)) === keyOf(p.who),
        ),
      ).toBe(true);
  }

  if (event.type === 'delivery' && event.results.some((r) => r.outcome === 'failed' && r.permanent)) {
    const stillDelayed = (before.pending ?? []).some((p) => p.since === undefined && p.retry === 0);
    if (stillDelayed && after.position.attempt === before.position.attempt && after.status === 'paging')
      seen.permanentKeptLevel++;
  }
  if (added.some((e) => e.type === 'escalated')) seen.escalated++;
  if (after.status === 'unanswered' && before.status !== 'unanswered') seen.unanswered++;

  // ---- a new page opened (a follow-up reminder also takes a new attempt, while still accepted) ----
  if (after.position.attempt === before.position.attempt) return;
  if (after.status !== 'paging' && after.status !== 'unanswered') return;
  const attempt = after.position.attempt;
  sim.openedAt.set(attempt, now);
  const opensLevel = after.status === 'paging';
  const recipients = opensLevel ? candidates(after, after.position.level) : after.route.fallbackContacts;
  let reached = 0;
  for (const r of recipients) {
    const who = whoOfRecipient(r);
    const channels = usable(r, after);
    const actions = calls(d.actions).filter(
      (a) => a.attempt === attempt && keyOf(whoOfRecipient(a.recipient)) === keyOf(who),
    );
    if (channels.length === 0) {
      // Why not, on the record.
      expect(added).toContainEqual(
        expect.objectContaining({ type: 'page_failed', attempt, who, reason: 'no_usable_channel' }),
      );
      expect(actions).toEqual([]);
      seen.noUsableChannel++;
      continue;
    }
    reached++;
    const now0 = channels.filter((c) => delayOf(r, c) <= 0);
    // One page action for the channels due at once (none if every channel waits), each channel pending.
    expect(actions.map((a) => a.channels)).toEqual(now0.length > 0 ? [now0] : []);
    if (now0.length === 0) seen.openedWithNoImmediatePage++;
    for (const c of channels) {
      const delay = delayOf(r, c);
      expect(after.awaiting).toContain(`${c}:${keyOf(who)}`);
      expect(after.pending).toContainEqual(
        expect.objectContaining(
          delay > 0
            ? { attempt, who, channel: c, retry: 0, notBefore: now + delay * S }
            : { attempt, who, channel: c, retry: 0, since: now },
        ),
      );
      if (delay > 0) {
        const p = after.pending?.find(
          (x) => x.attempt === attempt && x.channel === c && keyOf(x.who) === keyOf(who),
        );
        expect(p?.since).toBeUndefined();
        expect(d.actions).toContainEqual({ type: 'schedule', at: now + delay * S, attempt });
      }
    }
  }
  // A level is opened only when someone on it can be paged: it pages them, or is skipped with a reason.
  if (opensLevel) expect(reached).toBeGreaterThan(0);

  // Levels passed over on the way were logged as skipped, and really had nobody to page.
  const from =
    before.position.attempt === 0
      ? { round: 0, level: 0 }
      : before.status === 'paging'
        ? { round: before.position.round, level: before.position.level + 1 }
        : null;
  if (from && (opensLevel || before.status === 'paging')) {
    const to = opensLevel ? { round: after.position.round, level: after.position.level } : null;
    for (const p of passed(after.route, from, to)) {
      expect(added).toContainEqual(expect.objectContaining({ type: 'level_skipped', ...p }));
      expect(pageable(after, p.level)).toBe(false);
      seen.levelSkipped++;
    }
  }
  for (const e of added.filter((x) => x.type === 'level_skipped'))
    expect(pageable(after, e.level ?? -1)).toBe(false);
}

describe('notification rules: properties', () => {
  it('never re-pages an accepted attempt, pages or explains every level it opens, never sends a channel early', () => {
    fc.assert(
      fc.property(routeArb, fc.array(intentArb, { minLength: 1, maxLength: 50 }), (route, intents) => {
        const fresh = createRequest({
          requestId: 'r',
          clinicId: 'c',
          serviceId: 's',
          urgency: 'urgent',
          route,
          now: T0,
        });
        const sim: Sim = {
          request: deepFreeze(fresh),
          now: T0,
          messages: [],
          acked: new Set(),
          openedAt: new Map(),
        };
        const run = (event: RequestEvent, now: number) => {
          const d = decide(sim.request, event, now);
          checkStep(sim, event, now, d);
          sim.now = now;
          if (!d.unchanged) {
            sim.request = deepFreeze(d.request);
            for (const a of d.actions)
              if (a.type === 'schedule') sim.messages.push({ at: a.at, attempt: a.attempt });
          }
        };
        run({ type: 'start' }, T0);
        for (const intent of intents) {
          const next = toEvent(sim, intent);
          if (next) run(next.event, next.now);
        }
      }),
      { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20260302) },
    );
    // The streams reach every corner (otherwise the properties above would hold vacuously).
    for (const [what, count] of Object.entries(seen)) expect([what, count > 0]).toEqual([what, true]);
  });
});
