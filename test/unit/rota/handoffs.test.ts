// Handoff instants across 2026's DST changes. Expected UTC values were worked out from the zone rules and
// checked against Python's zoneinfo (fold=0: first occurrence; in a gap, the pre-transition offset).
import { handoffInstant, shiftIndexAt } from '../../../shared/domain/rota/index.js';
import { DAY, HOUR, daily, iso, ms, oracleInstant, weekly } from './helpers.js';

const people = ['ana', 'ben', 'cai'];

interface Case {
  name: string;
  zone: string;
  start: string;
  at: string;
  /** handoffs 0, 1, 2: the day before the change, the change day, the day after */
  expected: [string, string, string];
}

const dailyCases: Case[] = [
  {
    name: 'London spring forward: 01:30 does not exist, becomes 02:30 BST',
    zone: 'Europe/London',
    start: '2026-03-28',
    at: '01:30',
    expected: ['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'],
  },
  {
    name: 'London fall back: 01:30 happens twice, first (BST) occurrence',
    zone: 'Europe/London',
    start: '2026-10-24',
    at: '01:30',
    expected: ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
  },
  {
    name: 'New York spring forward: 02:30 becomes 03:30 EDT',
    zone: 'America/New_York',
    start: '2026-03-07',
    at: '02:30',
    expected: ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'],
  },
  {
    name: 'New York fall back: 01:30 first (EDT) occurrence',
    zone: 'America/New_York',
    start: '2026-10-31',
    at: '01:30',
    expected: ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
  },
  {
    name: 'Sydney DST ends 2026-04-05 03:00 AEDT -> 02:00 AEST: 02:30 first (AEDT) occurrence',
    zone: 'Australia/Sydney',
    start: '2026-04-04',
    at: '02:30',
    expected: ['2026-04-03T15:30:00.000Z', '2026-04-04T15:30:00.000Z', '2026-04-05T16:30:00.000Z'],
  },
  {
    name: 'Sydney DST starts 2026-10-04 02:00 -> 03:00: 02:30 becomes 03:30 AEDT',
    zone: 'Australia/Sydney',
    start: '2026-10-03',
    at: '02:30',
    expected: ['2026-10-02T16:30:00.000Z', '2026-10-03T16:30:00.000Z', '2026-10-04T15:30:00.000Z'],
  },
  {
    name: 'Chatham DST ends 2026-04-05 03:45 -> 02:45: 03:00 first (+13:45) occurrence',
    zone: 'Pacific/Chatham',
    start: '2026-04-04',
    at: '03:00',
    expected: ['2026-04-03T13:15:00.000Z', '2026-04-04T13:15:00.000Z', '2026-04-05T14:15:00.000Z'],
  },
  {
    name: 'Chatham DST starts 2026-09-27 02:45 -> 03:45: 03:00 becomes 04:00 +13:45',
    zone: 'Pacific/Chatham',
    start: '2026-09-26',
    at: '03:00',
    expected: ['2026-09-25T14:15:00.000Z', '2026-09-26T14:15:00.000Z', '2026-09-27T13:15:00.000Z'],
  },
  {
    name: 'Kolkata has no DST: always +05:30',
    zone: 'Asia/Kolkata',
    start: '2026-03-28',
    at: '02:30',
    expected: ['2026-03-27T21:00:00.000Z', '2026-03-28T21:00:00.000Z', '2026-03-29T21:00:00.000Z'],
  },
];

const weeklyCases: Case[] = [
  {
    name: 'London weekly Sunday 09:00 across spring forward',
    zone: 'Europe/London',
    start: '2026-03-22',
    at: '09:00',
    expected: ['2026-03-22T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-04-05T08:00:00.000Z'],
  },
  {
    name: 'London weekly Sunday 09:00 across fall back',
    zone: 'Europe/London',
    start: '2026-10-18',
    at: '09:00',
    expected: ['2026-10-18T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-11-01T09:00:00.000Z'],
  },
  {
    name: 'London weekly Sunday 01:30, the middle one inside the skipped hour',
    zone: 'Europe/London',
    start: '2026-03-22',
    at: '01:30',
    expected: ['2026-03-22T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-04-05T00:30:00.000Z'],
  },
  {
    name: 'New York weekly Sunday 09:00 across spring forward',
    zone: 'America/New_York',
    start: '2026-03-01',
    at: '09:00',
    expected: ['2026-03-01T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-15T13:00:00.000Z'],
  },
  {
    name: 'New York weekly Sunday 09:00 across fall back',
    zone: 'America/New_York',
    start: '2026-10-25',
    at: '09:00',
    expected: ['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-08T14:00:00.000Z'],
  },
  {
    name: 'Sydney weekly Sunday 09:00 across DST end',
    zone: 'Australia/Sydney',
    start: '2026-03-29',
    at: '09:00',
    expected: ['2026-03-28T22:00:00.000Z', '2026-04-04T23:00:00.000Z', '2026-04-11T23:00:00.000Z'],
  },
  {
    name: 'Sydney weekly Sunday 09:00 across DST start',
    zone: 'Australia/Sydney',
    start: '2026-09-27',
    at: '09:00',
    expected: ['2026-09-26T23:00:00.000Z', '2026-10-03T22:00:00.000Z', '2026-10-10T22:00:00.000Z'],
  },
  {
    name: 'Chatham weekly Sunday 09:00 across DST end',
    zone: 'Pacific/Chatham',
    start: '2026-03-29',
    at: '09:00',
    expected: ['2026-03-28T19:15:00.000Z', '2026-04-04T20:15:00.000Z', '2026-04-11T20:15:00.000Z'],
  },
  {
    name: 'Chatham weekly Sunday 09:00 across DST start',
    zone: 'Pacific/Chatham',
    start: '2026-09-20',
    at: '09:00',
    expected: ['2026-09-19T20:15:00.000Z', '2026-09-26T19:15:00.000Z', '2026-10-03T19:15:00.000Z'],
  },
];

describe('handoffInstant across DST changes', () => {
  describe.each(dailyCases)('daily: $name', ({ zone, start, at, expected }) => {
    const rotation = daily(people, start, at);

    it('lands on the expected UTC instants', () => {
      expect([0, 1, 2].map((k) => iso(handoffInstant(rotation, zone, k)))).toEqual(expected);
    });

    it('agrees with an Intl-only resolution of the same wall times', () => {
      const dates = [0, 1, 2].map((k) => iso(ms(`${start}T00:00:00Z`) + k * DAY).slice(0, 10));
      expect(dates.map((d) => iso(oracleInstant(d, at, zone)))).toEqual(expected);
    });

    it('places each shift boundary exactly at its handoff', () => {
      expected.forEach((value, k) => {
        expect(shiftIndexAt(rotation, zone, ms(value))).toBe(k);
        expect(shiftIndexAt(rotation, zone, ms(value) - 1)).toBe(k - 1);
      });
    });
  });

  describe.each(weeklyCases)('weekly: $name', ({ zone, start, at, expected }) => {
    it('keeps the wall-clock time each week', () => {
      const rotation = weekly(people, start, at, 'sun');
      expect([0, 1, 2].map((k) => iso(handoffInstant(rotation, zone, k)))).toEqual(expected);
      expect(shiftIndexAt(rotation, zone, ms(expected[1]) - 1)).toBe(0);
      expect(shiftIndexAt(rotation, zone, ms(expected[1]))).toBe(1);
    });
  });

  it('shifts on change days are an hour short or long (London)', () => {
    const spring = daily(people, '2026-03-28', '12:00');
    expect(handoffInstant(spring, 'Europe/London', 1) - handoffInstant(spring, 'Europe/London', 0)).toBe(
      23 * HOUR,
    );
    const fall = daily(people, '2026-10-24', '12:00');
    expect(handoffInstant(fall, 'Europe/London', 1) - handoffInstant(fall, 'Europe/London', 0)).toBe(
      25 * HOUR,
    );
  });

  it('every 2 days across the skipped hour still lands on wall-clock time', () => {
    const rotation = daily(people, '2026-03-27', '01:30', 2);
    expect([0, 1, 2].map((k) => iso(handoffInstant(rotation, 'Europe/London', k)))).toEqual([
      '2026-03-27T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });
});

describe('handoff 0 and counts', () => {
  it('daily: handoff 0 is `at` on the start date', () => {
    expect(iso(handoffInstant(daily(people, '2026-01-05', '08:00'), 'UTC', 0))).toBe(
      '2026-01-05T08:00:00.000Z',
    );
  });

  it.each([
    ['mon', '2026-03-30T09:00:00.000Z'],
    ['tue', '2026-03-31T09:00:00.000Z'],
    ['wed', '2026-03-25T09:00:00.000Z'], // start itself is a Wednesday
    ['thu', '2026-03-26T09:00:00.000Z'],
    ['sun', '2026-03-29T09:00:00.000Z'],
  ] as const)('weekly on %s starting Wednesday 2026-03-25: first handoff %s', (weekday, expected) => {
    expect(iso(handoffInstant(weekly(people, '2026-03-25', '09:00', weekday), 'UTC', 0))).toBe(expected);
  });

  it('weekly without a weekday starts on the start date', () => {
    expect(iso(handoffInstant(weekly(people, '2026-03-25', '09:00'), 'UTC', 1))).toBe(
      '2026-04-01T09:00:00.000Z',
    );
  });

  it('count > 1 multiplies the step', () => {
    expect(iso(handoffInstant(daily(people, '2026-01-01', '08:00', 3), 'UTC', 2))).toBe(
      '2026-01-07T08:00:00.000Z',
    );
    // First Friday on/after Thursday 2026-01-01 is 01-02; 3 fortnights later is 02-13.
    const fortnightly = weekly(people, '2026-01-01', '08:00', 'fri', 2);
    expect(iso(handoffInstant(fortnightly, 'UTC', 3))).toBe('2026-02-13T08:00:00.000Z');
    expect(shiftIndexAt(fortnightly, 'UTC', ms('2026-02-13T07:59:59.999Z'))).toBe(2);
    expect(shiftIndexAt(fortnightly, 'UTC', ms('2026-01-30T08:00:00.000Z'))).toBe(2);
  });

  it('rejects a negative or fractional k, and a count below 1', () => {
    expect(() => handoffInstant(daily(people, '2026-01-01', '08:00'), 'UTC', -1)).toThrow(RangeError);
    expect(() => handoffInstant(daily(people, '2026-01-01', '08:00'), 'UTC', 1.5)).toThrow(RangeError);
    expect(() => handoffInstant(daily(people, '2026-01-01', '08:00', 0), 'UTC', 0)).toThrow(RangeError);
  });
});

describe('shiftIndexAt', () => {
  const rotation = daily(people, '2016-01-01', '08:00');

  it('is -1 before the first handoff', () => {
    expect(shiftIndexAt(rotation, 'Europe/London', ms('2016-01-01T07:59:59.999Z'))).toBe(-1);
    expect(shiftIndexAt(rotation, 'Europe/London', ms('2015-06-01T00:00:00Z'))).toBe(-1);
    expect(shiftIndexAt(rotation, 'Europe/London', ms('2016-01-01T08:00:00Z'))).toBe(0);
  });

  it('finds the right shift on a rotation ten years old', () => {
    // 3834 days from 2016-01-01 to 2026-07-01; at 08:00 BST = 07:00Z.
    expect(shiftIndexAt(rotation, 'Europe/London', ms('2026-07-01T06:59:59.999Z'))).toBe(3833);
    expect(shiftIndexAt(rotation, 'Europe/London', ms('2026-07-01T07:00:00Z'))).toBe(3834);
  });

  it('does not walk from the first handoff (2,000 uncached lookups on ten-year-old rotas)', () => {
    // A distinct start date per lookup defeats the memo caches, so every handoff is really resolved.
    const began = performance.now();
    for (let i = 0; i < 2_000; i += 1) {
      const old = daily(people, iso(ms('2016-01-01T00:00:00Z') + (i % 300) * DAY).slice(0, 10), '08:00');
      const at = ms('2026-01-01T00:00:00Z') + i * 5 * HOUR;
      const k = shiftIndexAt(old, 'America/New_York', at);
      expect(handoffInstant(old, 'America/New_York', k)).toBeLessThanOrEqual(at);
      expect(handoffInstant(old, 'America/New_York', k + 1)).toBeGreaterThan(at);
    }
    // A few handoffs per lookup takes well under a second; walking ~3,600 handoffs each would take minutes.
    expect(performance.now() - began).toBeLessThan(8_000);
  });
});
