// Calendar feeds read back by an independent parser (ical.js, which resolves each TZID through the feed's
// own VTIMEZONE): for random rotations and overrides in five zones, every event starts and ends at the
// second /shifts gives, the file is well-formed, and UIDs are unique and the same when generated again.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { renderIcs } from '../../../shared/app/calendar/render-ics.js';
import {
  clinicianFeedEvents,
  serviceFeedEvents,
  type FeedRota,
} from '../../../shared/domain/calendar/feed-events.js';
import type { Override, Service } from '../../../shared/domain/model.js';
import { shiftsBetween } from '../../../shared/domain/rota/index.js';

const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];
const PEOPLE = ['p0', 'p1', 'p2', 'p3'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
const RUNS = { numRuns: 60 };

const pad = (n: number) => String(n).padStart(2, '0');

const serviceArb = fc
  .record({
    participants: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 4 }),
    startDay: fc.integer({ min: 0, max: 700 }),
    every: fc.constantFrom<'day' | 'week'>('day', 'week'),
    count: fc.integer({ min: 1, max: 2 }),
    hour: fc.constantFrom(0, 1, 2, 3, 8, 18, 23),
    minute: fc.constantFrom(0, 30, 45),
  })
  .map(({ participants, startDay, every, count, hour, minute }) => {
    const start = new Date(Date.UTC(2025, 0, 1) + startDay * DAY).toISOString().slice(0, 10);
    const service: Service = {
      clinicId: 'c1',
      serviceId: 'general',
      name: 'General',
      rotation: { participants, start, handoff: { every, count, at: `${pad(hour)}:${pad(minute)}` } },
      escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
      updatedAt: 0,
    };
    return service;
  });

const scenarioArb = fc
  .record({
    service: serviceArb,
    timeZone: fc.constantFrom(...ZONES),
    offsetDays: fc.integer({ min: -5, max: 300 }),
    overrides: fc.array(
      fc.record({
        clinicianId: fc.constantFrom(...PEOPLE),
        atHours: fc.integer({ min: 0, max: 90 * 24 }),
        hours: fc.integer({ min: 1, max: 72 }),
        createdAt: fc.integer({ min: 0, max: 5 }),
      }),
      { maxLength: 5 },
    ),
  })
  .map(({ service, timeZone, offsetDays, overrides }) => {
    const from = Date.parse(`${service.rotation.start}T00:00:00Z`) + offsetDays * DAY;
    const to = from + 90 * DAY;
    const stored: Override[] = overrides.map((o, i) => ({
      overrideId: `o${i}`,
      clinicId: 'c1',
      serviceId: 'general',
      clinicianId: o.clinicianId,
      start: from + o.atHours * HOUR,
      end: from + (o.atHours + o.hours) * HOUR,
      createdAt: o.createdAt,
    }));
    const rota: FeedRota = {
      clinicId: 'c1',
      clinicName: 'Northside',
      timeZone,
      overrides: stored,
      from,
      to,
      nameOf: (id) => `Dr ${id}`,
      unavailability: (id) => (id === 'p3' ? 'clinician_inactive' : null),
    };
    return { service, rota };
  });

/** Every VEVENT as [uid, start ms, end ms], read through the feed's own VTIMEZONE. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  ICAL.TimezoneService.reset();
  return events.map((e) => ({
    uid: e.uid,
    start: e.startDate.toJSDate().getTime(),
    end: e.endDate.toJSDate().getTime(),
    tzid: e.startDate.zone?.tzid,
  }));
}

describe('calendar feeds against /shifts', () => {
  it('a service feed has one event per shift and per gap, each at the second /shifts gives', () => {
    fc.assert(
      fc.property(scenarioArb, ({ service, rota }) => {
        const events = serviceFeedEvents(service, rota);
        const text = renderIcs({ ...rota, name: 'General', events, now: rota.from });
        const parsed = parseFeed(text);
        const raw = shiftsBetween({
          rotation: service.rotation,
          timeZone: rota.timeZone,
          overrides: rota.overrides,
          from: rota.from,
          to: rota.to,
        });
        // p3 is inactive: their shifts are gaps, as on /shifts.
        const shown = raw.shifts.filter((s) => s.clinicianId !== 'p3');
        expect(parsed.map(({ start, end }) => [start, end]).sort((a, b) => a[0]! - b[0]!)).toEqual(
          events.map((e) => [e.start, e.end]),
        );
        expect(events.filter((e) => e.kind !== 'gap').map((e) => [e.start, e.end])).toEqual(
          shown.map((s) => [s.start, s.end]),
        );
        // Shifts and gaps tile the window exactly.
        const covered = events.reduce((sum, e) => sum + (e.end - e.start), 0);
        expect(covered).toBe(rota.to - rota.from);
        expect(new Set(parsed.map((e) => e.uid)).size).toBe(parsed.length);
        // Local to the clinic, except an event touching the repeated hour, which is written in UTC.
        expect(parsed.every((e) => e.tzid === rota.timeZone || e.tzid === 'UTC')).toBe(true);
      }),
      RUNS,
    );
  });

  it('a clinician feed is exactly that clinician’s shifts, with the same UIDs when made again', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...PEOPLE), ({ service, rota }, clinicianId) => {
        const events = clinicianFeedEvents(clinicianId, [service], rota);
        const again = clinicianFeedEvents(clinicianId, [service], rota);
        expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
        const text = renderIcs({ ...rota, name: 'Mine', events, now: rota.to });
        const parsed = parseFeed(text);
        const expected =
          clinicianId === 'p3'
            ? []
            : shiftsBetween({
                rotation: service.rotation,
                timeZone: rota.timeZone,
                overrides: rota.overrides,
                from: rota.from,
                to: rota.to,
              }).shifts.filter((s) => s.clinicianId === clinicianId);
        expect(parsed.map(({ start, end }) => [start, end])).toEqual(expected.map((s) => [s.start, s.end]));
      }),
      RUNS,
    );
  });
});

describe('the file itself', () => {
  const rota: FeedRota = {
    clinicId: 'c1',
    clinicName: 'Northside',
    timeZone: 'Europe/London',
    overrides: [],
    from: Date.parse('2026-03-20T00:00:00Z'),
    to: Date.parse('2026-04-05T00:00:00Z'),
    nameOf: (id) => `Dr ${id}`,
    unavailability: () => null,
  };
  const service: Service = {
    clinicId: 'c1',
    serviceId: 'general',
    name: 'General',
    rotation: {
      participants: ['p0', 'p1'],
      start: '2026-03-02',
      handoff: { every: 'day', count: 1, at: '08:00' },
    },
    escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
    updatedAt: 0,
  };
  const text = renderIcs({
    ...rota,
    name: 'General, Northside',
    events: serviceFeedEvents(service, rota),
    now: Date.parse('2026-03-19T12:00:00Z'),
  });

  it('carries a VTIMEZONE with the clocks-forward change, TZID times and DTSTAMP in UTC', () => {
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/London\r\n/);
    expect(text).toMatch(
      /BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:\+0000\r\nTZOFFSETTO:\+0100\r\n/,
    );
    expect(text).toMatch(/DTSTART;TZID=Europe\/London:20260329T080000\r\n/);
    expect(text).toMatch(/DTSTAMP:20260319T120000Z\r\n/);
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    // The 28 → 29 March shift is 23 hours long: 08:00 GMT to 08:00 BST.
    const short = parseFeed(text).find((e) => e.start === Date.parse('2026-03-28T08:00:00Z'));
    expect(short && (short.end - short.start) / HOUR).toBe(23);
  });

  it('writes an event that starts in the repeated hour in UTC, so no app reads it as the other one', () => {
    const autumn = renderIcs({
      ...rota,
      name: 'G',
      events: serviceFeedEvents(
        { ...service, rotation: { ...service.rotation, handoff: { every: 'day', count: 1, at: '01:30' } } },
        { ...rota, from: Date.parse('2026-10-20T00:00:00Z'), to: Date.parse('2026-10-30T00:00:00Z') },
      ),
      from: Date.parse('2026-10-20T00:00:00Z'),
      to: Date.parse('2026-10-30T00:00:00Z'),
      now: 0,
    });
    // 25 Oct 01:30 BST is 00:30 UTC (the first 01:30, as the rota takes it); the shift before ends then.
    expect(autumn).toMatch(/DTSTART:20261025T003000Z\r\n/);
    expect(autumn).toMatch(/DTSTART;TZID=Europe\/London:20261022T013000\r\n/);
  });

  it('names the person on call and the service, and marks shifts as not busy', () => {
    expect(text).toMatch(/SUMMARY:On call: Dr p0 \(General\)/);
    expect(text).toMatch(/TRANSP:TRANSPARENT/);
    expect(text).toMatch(/UID:svc\.c1\.general\.shift\.\d+@crisis-router/);
  });
});
