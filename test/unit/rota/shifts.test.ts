import type { Override, Rotation } from '../../../shared/domain/model.js';
import { shiftsBetween } from '../../../shared/domain/rota/index.js';
import { HOUR, daily, describeTimeline, ms, override } from './helpers.js';

const LONDON = 'Europe/London';

function timeline(
  rotation: Rotation,
  from: string,
  to: string,
  overrides: Override[] = [],
  timeZone = LONDON,
) {
  return describeTimeline(shiftsBetween({ rotation, timeZone, overrides, from: ms(from), to: ms(to) }));
}

// Daily at 01:30 London from 2026-03-27: ana 03-27 01:30Z, ben 03-28 01:30Z, cai 03-29 01:30Z (the
// skipped 01:30 becomes 02:30 BST), ana 03-30 00:30Z (01:30 BST).
const spring = daily(['ana', 'ben', 'cai'], '2026-03-27', '01:30');

describe('shiftsBetween', () => {
  it('tiles the window with a leading gap and DST-aware shifts', () => {
    expect(timeline(spring, '2026-03-27T00:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
      '2026-03-27T00:00:00.000Z 2026-03-27T01:30:00.000Z GAP',
      '2026-03-27T01:30:00.000Z 2026-03-28T01:30:00.000Z ana/rotation',
      '2026-03-28T01:30:00.000Z 2026-03-29T01:30:00.000Z ben/rotation',
      '2026-03-29T01:30:00.000Z 2026-03-30T00:30:00.000Z cai/rotation', // 23 h
      '2026-03-30T00:30:00.000Z 2026-03-30T12:00:00.000Z ana/rotation',
    ]);
  });

  it('has a 25-hour shift over the fall-back night', () => {
    const fall = daily(['ana', 'ben'], '2026-10-24', '01:30');
    const { shifts, gaps } = shiftsBetween({
      rotation: fall,
      timeZone: LONDON,
      overrides: [],
      from: ms('2026-10-24T00:30:00Z'),
      to: ms('2026-10-27T01:30:00Z'),
    });
    expect(gaps).toEqual([]);
    expect(shifts.map((s) => (s.end - s.start) / HOUR)).toEqual([24, 25, 24]);
    expect(shifts.map((s) => s.clinicianId)).toEqual(['ana', 'ben', 'ana']);
  });

  it('clips the first and last shift to the window', () => {
    expect(timeline(spring, '2026-03-28T12:00:00Z', '2026-03-28T13:00:00Z')).toEqual([
      '2026-03-28T12:00:00.000Z 2026-03-28T13:00:00.000Z ben/rotation',
    ]);
  });

  it('is empty for an empty or inverted window', () => {
    const t = ms('2026-03-28T12:00:00Z');
    expect(shiftsBetween({ rotation: spring, timeZone: LONDON, overrides: [], from: t, to: t })).toEqual({
      shifts: [],
      gaps: [],
    });
    expect(shiftsBetween({ rotation: spring, timeZone: LONDON, overrides: [], from: t, to: t - 1 })).toEqual({
      shifts: [],
      gaps: [],
    });
  });

  it('cuts a rotation shift around an override', () => {
    const o = [override('zoe', '2026-03-28T12:00:00Z', '2026-03-28T18:00:00Z', 1)];
    expect(timeline(spring, '2026-03-28T01:30:00Z', '2026-03-29T01:30:00Z', o)).toEqual([
      '2026-03-28T01:30:00.000Z 2026-03-28T12:00:00.000Z ben/rotation',
      '2026-03-28T12:00:00.000Z 2026-03-28T18:00:00.000Z zoe/override',
      '2026-03-28T18:00:00.000Z 2026-03-29T01:30:00.000Z ben/rotation',
    ]);
  });

  it('keeps one override shift across a rotation handoff', () => {
    const o = [override('zoe', '2026-03-28T20:00:00Z', '2026-03-29T06:00:00Z', 1)];
    expect(timeline(spring, '2026-03-28T12:00:00Z', '2026-03-30T00:00:00Z', o)).toEqual([
      '2026-03-28T12:00:00.000Z 2026-03-28T20:00:00.000Z ben/rotation',
      '2026-03-28T20:00:00.000Z 2026-03-29T06:00:00.000Z zoe/override',
      '2026-03-29T06:00:00.000Z 2026-03-30T00:00:00.000Z cai/rotation',
    ]);
  });

  it('resolves overlapping overrides by creation, newest on top', () => {
    const zoe = override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T20:00:00Z', 1);
    const yan = override('yan', '2026-03-28T12:00:00Z', '2026-03-28T14:00:00Z', 2);
    expect(timeline(spring, '2026-03-28T09:00:00Z', '2026-03-28T21:00:00Z', [yan, zoe])).toEqual([
      '2026-03-28T09:00:00.000Z 2026-03-28T10:00:00.000Z ben/rotation',
      '2026-03-28T10:00:00.000Z 2026-03-28T12:00:00.000Z zoe/override',
      '2026-03-28T12:00:00.000Z 2026-03-28T14:00:00.000Z yan/override',
      '2026-03-28T14:00:00.000Z 2026-03-28T20:00:00.000Z zoe/override',
      '2026-03-28T20:00:00.000Z 2026-03-28T21:00:00.000Z ben/rotation',
    ]);
    const yanOlder = { ...yan, createdAt: 0 };
    expect(timeline(spring, '2026-03-28T09:00:00Z', '2026-03-28T21:00:00Z', [zoe, yanOlder])).toEqual([
      '2026-03-28T09:00:00.000Z 2026-03-28T10:00:00.000Z ben/rotation',
      '2026-03-28T10:00:00.000Z 2026-03-28T20:00:00.000Z zoe/override',
      '2026-03-28T20:00:00.000Z 2026-03-28T21:00:00.000Z ben/rotation',
    ]);
  });

  it('merges back-to-back overrides for the same clinician, not for different ones', () => {
    const o = [
      override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T12:00:00Z', 1),
      override('zoe', '2026-03-28T12:00:00Z', '2026-03-28T14:00:00Z', 2),
      override('yan', '2026-03-28T14:00:00Z', '2026-03-28T15:00:00Z', 3),
    ];
    expect(timeline(spring, '2026-03-28T10:00:00Z', '2026-03-28T15:00:00Z', o)).toEqual([
      '2026-03-28T10:00:00.000Z 2026-03-28T14:00:00.000Z zoe/override',
      '2026-03-28T14:00:00.000Z 2026-03-28T15:00:00.000Z yan/override',
    ]);
  });

  it('keeps an override for the rotation holder as its own override shift', () => {
    const o = [override('ben', '2026-03-28T12:00:00Z', '2026-03-28T14:00:00Z', 1)];
    expect(timeline(spring, '2026-03-28T11:00:00Z', '2026-03-28T15:00:00Z', o)).toEqual([
      '2026-03-28T11:00:00.000Z 2026-03-28T12:00:00.000Z ben/rotation',
      '2026-03-28T12:00:00.000Z 2026-03-28T14:00:00.000Z ben/override',
      '2026-03-28T14:00:00.000Z 2026-03-28T15:00:00.000Z ben/rotation',
    ]);
  });

  it('does not merge consecutive rotation shifts of the same clinician (one per handoff)', () => {
    const solo = daily(['ana'], '2026-03-27', '01:30');
    expect(timeline(solo, '2026-03-28T00:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
      '2026-03-28T00:00:00.000Z 2026-03-28T01:30:00.000Z ana/rotation',
      '2026-03-28T01:30:00.000Z 2026-03-29T01:30:00.000Z ana/rotation',
      '2026-03-29T01:30:00.000Z 2026-03-30T00:30:00.000Z ana/rotation',
      '2026-03-30T00:30:00.000Z 2026-03-30T12:00:00.000Z ana/rotation',
    ]);
  });

  it('fills the gap before the first handoff with an override', () => {
    const o = [override('zoe', '2026-03-26T20:00:00Z', '2026-03-27T03:30:00Z', 1)];
    expect(timeline(spring, '2026-03-26T18:00:00Z', '2026-03-27T06:00:00Z', o)).toEqual([
      '2026-03-26T18:00:00.000Z 2026-03-26T20:00:00.000Z GAP',
      '2026-03-26T20:00:00.000Z 2026-03-27T03:30:00.000Z zoe/override',
      '2026-03-27T03:30:00.000Z 2026-03-27T06:00:00.000Z ana/rotation',
    ]);
  });

  it('is all gap with no participants, apart from overrides', () => {
    const empty = daily([], '2026-03-27', '01:30');
    const o = [override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T12:00:00Z', 1)];
    expect(timeline(empty, '2026-03-28T00:00:00Z', '2026-03-29T00:00:00Z', o)).toEqual([
      '2026-03-28T00:00:00.000Z 2026-03-28T10:00:00.000Z GAP',
      '2026-03-28T10:00:00.000Z 2026-03-28T12:00:00.000Z zoe/override',
      '2026-03-28T12:00:00.000Z 2026-03-29T00:00:00.000Z GAP',
    ]);
  });

  it('clips overrides that stick out of the window', () => {
    const o = [override('zoe', '2026-03-20T00:00:00Z', '2026-04-20T00:00:00Z', 1)];
    expect(timeline(spring, '2026-03-28T00:00:00Z', '2026-03-29T00:00:00Z', o)).toEqual([
      '2026-03-28T00:00:00.000Z 2026-03-29T00:00:00.000Z zoe/override',
    ]);
  });

  it('follows the Chatham 02:45 change in a weekly rotation', () => {
    const chatham = {
      participants: ['ana', 'ben'],
      start: '2026-09-20',
      handoff: { every: 'week' as const, count: 1, at: '09:00', weekday: 'sun' as const },
    };
    expect(timeline(chatham, '2026-09-19T20:15:00Z', '2026-10-03T19:15:00Z', [], 'Pacific/Chatham')).toEqual([
      '2026-09-19T20:15:00.000Z 2026-09-26T19:15:00.000Z ana/rotation', // a week minus an hour
      '2026-09-26T19:15:00.000Z 2026-10-03T19:15:00.000Z ben/rotation',
    ]);
  });
});
