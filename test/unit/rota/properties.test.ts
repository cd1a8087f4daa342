// Property tests: random rotations, zones, windows and overrides. whoIsOnCall (a per-instant scan) and
// shiftsBetween (a sweep) are implemented separately, so checking them against each other is meaningful.
import fc from 'fast-check';
import type { Override, Rotation, Weekday } from '../../../shared/domain/model.js';
import {
  handoffInstant,
  shiftIndexAt,
  shiftsBetween,
  whoIsOnCall,
} from '../../../shared/domain/rota/index.js';
import type { Gap, Shift } from '../../../shared/domain/rota/index.js';
import { DAY, HOUR, addDays, iso, localDate, ms, oracleInstant } from './helpers.js';

const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const RUNS = { numRuns: 200 };

const pad = (n: number) => String(n).padStart(2, '0');

// Times near DST changes in these zones are over-represented, so gaps and repeats come up often.
const atArb = fc.oneof(
  fc.constantFrom('00:00', '01:30', '02:00', '02:30', '02:45', '03:00', '03:30'),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${pad(h)}:${pad(m)}`),
);

// Starts from 2025-01-01 to 2027-12-31, so windows cross 2025-2028's DST changes.
const startArb = fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDays('2025-01-01', d));

const rotationArb: fc.Arbitrary<Rotation> = fc
  .record({
    participants: fc.oneof(
      { weight: 9, arbitrary: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.constant<string[]>([]) },
    ),
    start: startArb,
    every: fc.constantFrom<'day' | 'week'>('day', 'week'),
    count: fc.integer({ min: 1, max: 3 }),
    at: atArb,
    weekday: fc.option(fc.constantFrom(...WEEKDAYS), { nil: undefined }),
  })
  .map(({ participants, start, every, count, at, weekday }) => ({
    participants,
    start,
    handoff: { every, count, at, ...(every === 'week' && weekday ? { weekday } : {}) },
  }));

interface Scenario {
  rotation: Rotation;
  timeZone: string;
  from: number;
  to: number;
  overrides: Override[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    rotation: rotationArb,
    timeZone: fc.constantFrom(...ZONES),
    // Window from 10 days before the start to ~400 days after, up to 60 days long.
    offset: fc.integer({ min: -10 * DAY, max: 400 * DAY }),
    length: fc.integer({ min: 1, max: 60 * DAY }),
    overrides: fc.array(
      fc.record({
        clinicianId: fc.constantFrom(...PEOPLE, 'x', 'y'),
        at: fc.double({ min: -0.2, max: 1.2, noNaN: true }),
        length: fc.oneof(fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: 1, max: 6 * HOUR })),
        createdAt: fc.integer({ min: 0, max: 20 }), // small range: ties happen
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ rotation, timeZone, offset, length, overrides }) => {
    const from = ms(`${rotation.start}T00:00:00Z`) + offset;
    const to = from + length;
    return {
      rotation,
      timeZone,
      from,
      to,
      overrides: overrides.map((o, i) => {
        const start = from + Math.round(o.at * length);
        return {
          overrideId: `ov-${i}`,
          clinicId: 'c',
          serviceId: 's',
          clinicianId: o.clinicianId,
          start,
          end: start + o.length,
          createdAt: o.createdAt,
        };
      }),
    };
  });

type Piece = (Shift & { kind: 'shift' }) | (Gap & { kind: 'gap' });

function pieces(result: { shifts: Shift[]; gaps: Gap[] }): Piece[] {
  return [
    ...result.shifts.map((s) => ({ ...s, kind: 'shift' as const })),
    ...result.gaps.map((g) => ({ ...g, kind: 'gap' as const })),
  ].sort((a, b) => a.start - b.start);
}

/** Who holds t according to a shiftsBetween result: 'gap', or source:clinician. */
function holderAt(result: { shifts: Shift[]; gaps: Gap[] }, t: number): string {
  const shift = result.shifts.find((s) => s.start <= t && t < s.end);
  if (shift) return `${shift.source}:${shift.clinicianId}`;
  if (result.gaps.some((g) => g.start <= t && t < g.end)) return 'gap';
  throw new Error(`${iso(t)} is in neither a shift nor a gap`);
}

describe('rota properties', () => {
  it('(1) shifts and gaps tile the window exactly', () => {
    fc.assert(
      fc.property(scenarioArb, ({ rotation, timeZone, from, to, overrides }) => {
        const result = shiftsBetween({ rotation, timeZone, overrides, from, to });
        const all = pieces(result);
        expect(all[0]?.start).toBe(from);
        expect(all[all.length - 1]?.end).toBe(to);
        all.forEach((p, i) => {
          expect(p.start).toBeLessThan(p.end);
          const next = all[i + 1];
          if (next) expect(next.start).toBe(p.end);
        });
        // The shift list is itself in order.
        result.shifts.forEach((s, i) => {
          const next = result.shifts[i + 1];
          if (next) expect(next.start).toBeGreaterThanOrEqual(s.end);
        });
        // Gaps only before the first handoff, unless nobody is in the rotation.
        if (rotation.participants.length > 0) {
          const first = handoffInstant(rotation, timeZone, 0);
          for (const g of result.gaps) expect(g.end).toBeLessThanOrEqual(first);
        }
        // Merge rule: touching override shifts always change clinician; a rotation shift never spans a
        // handoff and is held by participants[k mod n].
        all.forEach((p, i) => {
          const next = all[i + 1];
          if (
            p.kind === 'shift' &&
            next?.kind === 'shift' &&
            p.source === 'override' &&
            next.source === 'override'
          )
            expect(next.clinicianId).not.toBe(p.clinicianId);
          if (p.kind === 'shift' && p.source === 'rotation') {
            const k = shiftIndexAt(rotation, timeZone, p.start);
            expect(shiftIndexAt(rotation, timeZone, p.end - 1)).toBe(k);
            expect(p.clinicianId).toBe(rotation.participants[k % rotation.participants.length]);
          }
        });
      }),
      RUNS,
    );
  });

  it('(2) whoIsOnCall(t).primary is the shift containing t, until its end', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 5,
        }),
        ({ rotation, timeZone, from, to, overrides }, fractions) => {
          const result = shiftsBetween({ rotation, timeZone, overrides, from, to });
          // Random instants plus every boundary (and the instant before each) inside the window.
          const instants = [
            ...fractions.map((f) => from + Math.floor(f * (to - from))),
            ...pieces(result).flatMap((p) => [p.start, p.end - 1]),
          ];
          for (const t of instants) {
            const { primary, secondary } = whoIsOnCall({ rotation, timeZone, overrides, at: t });
            const shift = result.shifts.find((s) => s.start <= t && t < s.end);
            if (!shift) {
              expect(primary).toBeNull();
              expect(secondary).toBeNull();
              continue;
            }
            expect(primary).not.toBeNull();
            expect(primary?.clinicianId).toBe(shift.clinicianId);
            expect(primary?.source).toBe(shift.source);
            if (shift.end < to) expect(primary?.until).toBe(shift.end);
            else expect(primary?.until).toBeGreaterThanOrEqual(to);
            if (secondary) {
              expect(secondary.clinicianId).not.toBe(primary?.clinicianId);
              expect(secondary.until).toBe(
                handoffInstant(rotation, timeZone, shiftIndexAt(rotation, timeZone, t) + 1),
              );
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('(3) a newest override changes the holder exactly within its span and nowhere else', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom(...PEOPLE, 'x', 'y'),
        fc.double({ min: -0.2, max: 1.2, noNaN: true }),
        fc.integer({ min: 1, max: 5 * DAY }),
        ({ rotation, timeZone, from, to, overrides }, clinicianId, at, length) => {
          const start = from + Math.round(at * (to - from));
          const added: Override = {
            overrideId: 'ov-new',
            clinicId: 'c',
            serviceId: 's',
            clinicianId,
            start,
            end: start + length,
            createdAt: 1 + Math.max(0, ...overrides.map((o) => o.createdAt)),
          };
          const before = shiftsBetween({ rotation, timeZone, overrides, from, to });
          const after = shiftsBetween({ rotation, timeZone, overrides: [...overrides, added], from, to });
          // Holders are constant between boundaries, so checking every boundary of both checks everywhere.
          const points = new Set([from, ...[added.start, added.end].filter((p) => p >= from && p < to)]);
          for (const p of [...pieces(before), ...pieces(after)]) points.add(p.start);
          for (const t of points) {
            if (added.start <= t && t < added.end) expect(holderAt(after, t)).toBe(`override:${clinicianId}`);
            else expect(holderAt(after, t)).toBe(holderAt(before, t));
          }
        },
      ),
      RUNS,
    );
  });

  it('(4) handoffs increase strictly and shiftIndexAt inverts them', () => {
    fc.assert(
      fc.property(
        rotationArb,
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 3000 }),
        (rotation, timeZone, k) => {
          const h = handoffInstant(rotation, timeZone, k);
          const next = handoffInstant(rotation, timeZone, k + 1);
          expect(next).toBeGreaterThan(h);
          expect(shiftIndexAt(rotation, timeZone, h)).toBe(k);
          expect(shiftIndexAt(rotation, timeZone, h - 1)).toBe(k - 1);
          expect(shiftIndexAt(rotation, timeZone, next - 1)).toBe(k);
          // Independently: handoff k is `at` on the local date firstDate + k steps, resolved by the
          // RFC 5545 rule (an Intl-only oracle, no Temporal).
          const first = localDate(handoffInstant(rotation, timeZone, 0), timeZone);
          const { every, count, weekday } = rotation.handoff;
          const step = count * (every === 'week' ? 7 : 1);
          if (every === 'week' && weekday) {
            expect(new Date(ms(`${first}T00:00:00Z`)).getUTCDay()).toBe((WEEKDAYS.indexOf(weekday) + 1) % 7);
            expect(ms(`${first}T00:00:00Z`) - ms(`${rotation.start}T00:00:00Z`)).toBeLessThan(7 * DAY);
            expect(first >= rotation.start).toBe(true);
          } else {
            expect(first).toBe(rotation.start);
          }
          expect(iso(h)).toBe(iso(oracleInstant(addDays(first, k * step), rotation.handoff.at, timeZone)));
        },
      ),
      RUNS,
    );
  });
});
