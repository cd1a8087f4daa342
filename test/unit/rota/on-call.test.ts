import type { Override, Rotation } from '../../../shared/domain/model.js';
import { whoIsOnCall } from '../../../shared/domain/rota/index.js';
import type { OnCallSlot } from '../../../shared/domain/rota/index.js';
import { daily, iso, ms, override, weekly } from './helpers.js';

const LONDON = 'Europe/London';

function onCall(rotation: Rotation, at: string, overrides: Override[] = [], timeZone = LONDON) {
  const result = whoIsOnCall({ rotation, timeZone, overrides, at: ms(at) });
  const show = (slot: OnCallSlot | null) =>
    slot && { who: slot.clinicianId, until: iso(slot.until), source: slot.source };
  return { primary: show(result.primary), secondary: show(result.secondary) };
}

const rot = (who: string, until: string) => ({ who, until, source: 'rotation' });
const ovr = (who: string, until: string) => ({ who, until, source: 'override' });

describe('whoIsOnCall from the rotation', () => {
  // Daily at 01:30 London from 2026-03-27: handoffs 03-27 01:30Z (ana), 03-28 01:30Z (ben),
  // 03-29 01:30Z (cai; 01:30 is skipped so 02:30 BST), 03-30 00:30Z (ana again).
  const spring = daily(['ana', 'ben', 'cai'], '2026-03-27', '01:30');

  it('is nobody before the first handoff (a gap)', () => {
    expect(onCall(spring, '2026-03-27T01:29:59.999Z')).toEqual({ primary: null, secondary: null });
    expect(onCall(spring, '2026-01-01T00:00:00Z')).toEqual({ primary: null, secondary: null });
  });

  it('starts exactly at the first handoff', () => {
    expect(onCall(spring, '2026-03-27T01:30:00Z')).toEqual({
      primary: rot('ana', '2026-03-28T01:30:00.000Z'),
      secondary: rot('ben', '2026-03-28T01:30:00.000Z'),
    });
  });

  it('hands over at the moved handoff on the spring-forward day', () => {
    expect(onCall(spring, '2026-03-29T01:29:59.999Z')).toEqual({
      primary: rot('ben', '2026-03-29T01:30:00.000Z'),
      secondary: rot('cai', '2026-03-29T01:30:00.000Z'),
    });
    expect(onCall(spring, '2026-03-29T01:30:00Z')).toEqual({
      primary: rot('cai', '2026-03-30T00:30:00.000Z'),
      secondary: rot('ana', '2026-03-30T00:30:00.000Z'),
    });
    expect(onCall(spring, '2026-03-30T00:29:59.999Z').primary).toEqual(
      rot('cai', '2026-03-30T00:30:00.000Z'),
    );
    expect(onCall(spring, '2026-03-30T00:30:00Z').primary).toEqual(rot('ana', '2026-03-31T00:30:00.000Z'));
  });

  it('hands over once, at the first 01:30, on the fall-back day', () => {
    const fall = daily(['ana', 'ben', 'cai'], '2026-10-24', '01:30');
    expect(onCall(fall, '2026-10-25T00:29:59.999Z').primary).toEqual(rot('ana', '2026-10-25T00:30:00.000Z'));
    expect(onCall(fall, '2026-10-25T00:30:00Z').primary).toEqual(rot('ben', '2026-10-26T01:30:00.000Z'));
    // The second 01:30 (GMT) is not a handoff.
    expect(onCall(fall, '2026-10-25T01:30:00Z').primary).toEqual(rot('ben', '2026-10-26T01:30:00.000Z'));
  });

  it('hands over in New York at 03:30 EDT when 02:30 does not exist', () => {
    const ny = daily(['ana', 'ben'], '2026-03-07', '02:30');
    const zone = 'America/New_York';
    expect(onCall(ny, '2026-03-08T07:29:59.999Z', [], zone).primary).toEqual(
      rot('ana', '2026-03-08T07:30:00.000Z'),
    );
    expect(onCall(ny, '2026-03-08T07:30:00Z', [], zone)).toEqual({
      primary: rot('ben', '2026-03-09T06:30:00.000Z'),
      secondary: rot('ana', '2026-03-09T06:30:00.000Z'),
    });
  });

  it('aligns a weekly rotation to its weekday and honours count', () => {
    // Start Wednesday 2026-03-25, Mondays 09:00 UTC every 2 weeks: 03-30 ana, 04-13 ben, 04-27 ana.
    const fortnightly = weekly(['ana', 'ben'], '2026-03-25', '09:00', 'mon', 2);
    expect(onCall(fortnightly, '2026-03-28T00:00:00Z', [], 'UTC').primary).toBeNull();
    expect(onCall(fortnightly, '2026-04-12T00:00:00Z', [], 'UTC').primary).toEqual(
      rot('ana', '2026-04-13T09:00:00.000Z'),
    );
    expect(onCall(fortnightly, '2026-04-13T09:00:00Z', [], 'UTC').primary).toEqual(
      rot('ben', '2026-04-27T09:00:00.000Z'),
    );
  });

  it('has no secondary with a single participant', () => {
    expect(onCall(daily(['ana'], '2026-03-27', '01:30'), '2026-03-28T12:00:00Z')).toEqual({
      primary: rot('ana', '2026-03-29T01:30:00.000Z'),
      secondary: null,
    });
  });

  it('has only override cover with no participants', () => {
    const empty = daily([], '2026-03-27', '01:30');
    expect(onCall(empty, '2026-03-28T12:00:00Z')).toEqual({ primary: null, secondary: null });
    const cover = [override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T14:00:00Z', 1)];
    expect(onCall(empty, '2026-03-28T12:00:00Z', cover)).toEqual({
      primary: ovr('zoe', '2026-03-28T14:00:00.000Z'),
      secondary: null,
    });
  });
});

describe('whoIsOnCall with overrides', () => {
  // ben holds 2026-03-28T01:30Z .. 2026-03-29T01:30Z; cai is next.
  const spring = daily(['ana', 'ben', 'cai'], '2026-03-27', '01:30');

  it('replaces the rotation clinician for [start, end)', () => {
    const o = [override('zoe', '2026-03-28T12:00:00Z', '2026-03-28T18:00:00Z', 1)];
    expect(onCall(spring, '2026-03-28T11:59:59.999Z', o).primary).toEqual(
      rot('ben', '2026-03-28T12:00:00.000Z'),
    );
    expect(onCall(spring, '2026-03-28T12:00:00Z', o)).toEqual({
      primary: ovr('zoe', '2026-03-28T18:00:00.000Z'),
      secondary: rot('cai', '2026-03-29T01:30:00.000Z'),
    });
    expect(onCall(spring, '2026-03-28T18:00:00Z', o).primary).toEqual(rot('ben', '2026-03-29T01:30:00.000Z'));
  });

  it('lets the last-created override win where they overlap', () => {
    const zoe = override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T20:00:00Z', 1);
    const yan = override('yan', '2026-03-28T12:00:00Z', '2026-03-28T14:00:00Z', 2);
    expect(onCall(spring, '2026-03-28T11:00:00Z', [yan, zoe]).primary).toEqual(
      ovr('zoe', '2026-03-28T12:00:00.000Z'),
    );
    expect(onCall(spring, '2026-03-28T13:00:00Z', [yan, zoe]).primary).toEqual(
      ovr('yan', '2026-03-28T14:00:00.000Z'),
    );
    expect(onCall(spring, '2026-03-28T15:00:00Z', [yan, zoe]).primary).toEqual(
      ovr('zoe', '2026-03-28T20:00:00.000Z'),
    );
    // Created the other way round, the long override hides the short one entirely.
    const yanFirst = { ...yan, createdAt: 0 };
    expect(onCall(spring, '2026-03-28T11:00:00Z', [zoe, yanFirst]).primary).toEqual(
      ovr('zoe', '2026-03-28T20:00:00.000Z'),
    );
    expect(onCall(spring, '2026-03-28T13:00:00Z', [zoe, yanFirst]).primary).toEqual(
      ovr('zoe', '2026-03-28T20:00:00.000Z'),
    );
  });

  it('breaks a createdAt tie by the greater overrideId, whatever the input order', () => {
    const a = override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T20:00:00Z', 5, 'ov-a');
    const b = override('yan', '2026-03-28T10:00:00Z', '2026-03-28T20:00:00Z', 5, 'ov-b');
    expect(onCall(spring, '2026-03-28T11:00:00Z', [a, b]).primary?.who).toBe('yan');
    expect(onCall(spring, '2026-03-28T11:00:00Z', [b, a]).primary?.who).toBe('yan');
  });

  it('reports until as the end of the whole same-clinician run', () => {
    const back2back = [
      override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T12:00:00Z', 1),
      override('zoe', '2026-03-28T12:00:00Z', '2026-03-28T14:00:00Z', 2),
    ];
    expect(onCall(spring, '2026-03-28T11:00:00Z', back2back).primary).toEqual(
      ovr('zoe', '2026-03-28T14:00:00.000Z'),
    );
    // A newer override for the same clinician that starts later and runs on extends the run.
    const extended = [
      override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T14:00:00Z', 1),
      override('zoe', '2026-03-28T13:00:00Z', '2026-03-28T18:00:00Z', 2),
    ];
    expect(onCall(spring, '2026-03-28T11:00:00Z', extended).primary).toEqual(
      ovr('zoe', '2026-03-28T18:00:00.000Z'),
    );
    // An older override for someone else starting inside does not cut it.
    const olderInside = [
      override('zoe', '2026-03-28T10:00:00Z', '2026-03-28T20:00:00Z', 2),
      override('yan', '2026-03-28T15:00:00Z', '2026-03-28T16:00:00Z', 1),
    ];
    expect(onCall(spring, '2026-03-28T11:00:00Z', olderInside).primary).toEqual(
      ovr('zoe', '2026-03-28T20:00:00.000Z'),
    );
  });

  it('keeps an override across a rotation handoff; the secondary still changes at the handoff', () => {
    const o = [override('zoe', '2026-03-28T20:00:00Z', '2026-03-29T06:00:00Z', 1)];
    expect(onCall(spring, '2026-03-28T22:00:00Z', o)).toEqual({
      primary: ovr('zoe', '2026-03-29T06:00:00.000Z'),
      secondary: rot('cai', '2026-03-29T01:30:00.000Z'),
    });
    expect(onCall(spring, '2026-03-29T02:00:00Z', o)).toEqual({
      primary: ovr('zoe', '2026-03-29T06:00:00.000Z'),
      secondary: rot('ana', '2026-03-30T00:30:00.000Z'),
    });
    expect(onCall(spring, '2026-03-29T06:00:00Z', o).primary).toEqual(rot('cai', '2026-03-30T00:30:00.000Z'));
  });

  it('counts an override for the rotation holder as an override', () => {
    const o = [override('ben', '2026-03-28T12:00:00Z', '2026-03-28T14:00:00Z', 1)];
    expect(onCall(spring, '2026-03-28T11:00:00Z', o).primary).toEqual(rot('ben', '2026-03-28T12:00:00.000Z'));
    expect(onCall(spring, '2026-03-28T13:00:00Z', o).primary).toEqual(ovr('ben', '2026-03-28T14:00:00.000Z'));
  });

  it('puts the override clinician on call during the gap before the first handoff', () => {
    // First handoff 2026-03-27T01:30Z.
    const o = [override('zoe', '2026-03-26T23:30:00Z', '2026-03-27T03:30:00Z', 1)];
    expect(onCall(spring, '2026-03-26T23:29:59.999Z', o).primary).toBeNull();
    expect(onCall(spring, '2026-03-27T00:30:00Z', o)).toEqual({
      primary: ovr('zoe', '2026-03-27T03:30:00.000Z'),
      secondary: null,
    });
    expect(onCall(spring, '2026-03-27T02:30:00Z', o)).toEqual({
      primary: ovr('zoe', '2026-03-27T03:30:00.000Z'),
      secondary: rot('ben', '2026-03-28T01:30:00.000Z'),
    });
    const inGap = [override('zoe', '2026-03-26T20:00:00Z', '2026-03-26T22:00:00Z', 1)];
    expect(onCall(spring, '2026-03-26T21:00:00Z', inGap).primary).toEqual(
      ovr('zoe', '2026-03-26T22:00:00.000Z'),
    );
    expect(onCall(spring, '2026-03-26T22:00:00Z', inGap).primary).toBeNull();
  });

  it('ignores overrides that cover nothing (end <= start)', () => {
    const o = [
      override('zoe', '2026-03-28T12:00:00Z', '2026-03-28T12:00:00Z', 9),
      override('yan', '2026-03-28T13:00:00Z', '2026-03-28T12:30:00Z', 9),
    ];
    expect(onCall(spring, '2026-03-28T11:00:00Z', o).primary).toEqual(rot('ben', '2026-03-29T01:30:00.000Z'));
    expect(onCall(spring, '2026-03-28T12:00:00Z', o).primary).toEqual(rot('ben', '2026-03-29T01:30:00.000Z'));
  });
});

describe('whoIsOnCall secondary', () => {
  it('is the displaced rotation clinician when the next in line is overriding', () => {
    const pair = daily(['ana', 'ben'], '2026-03-27', '01:30');
    // ana holds 03-27 01:30Z .. 03-28 01:30Z, ben is next but takes over by override.
    const o = [override('ben', '2026-03-27T10:00:00Z', '2026-03-27T12:00:00Z', 1)];
    expect(onCall(pair, '2026-03-27T11:00:00Z', o)).toEqual({
      primary: ovr('ben', '2026-03-27T12:00:00.000Z'),
      secondary: rot('ana', '2026-03-28T01:30:00.000Z'),
    });
  });

  it('stays the next in line when the holder covers by override', () => {
    const pair = daily(['ana', 'ben'], '2026-03-27', '01:30');
    const o = [override('ana', '2026-03-27T10:00:00Z', '2026-03-27T12:00:00Z', 1)];
    expect(onCall(pair, '2026-03-27T11:00:00Z', o).secondary).toEqual(rot('ben', '2026-03-28T01:30:00.000Z'));
  });

  it('is nobody when both candidates are the primary', () => {
    const twice = daily(['ana', 'ana'], '2026-03-27', '01:30');
    // Listed twice: never page the same person as their own secondary.
    expect(onCall(twice, '2026-03-27T11:00:00Z').secondary).toBeNull();
    const o = [override('ana', '2026-03-27T10:00:00Z', '2026-03-27T12:00:00Z', 1)];
    expect(onCall(twice, '2026-03-27T11:00:00Z', o)).toEqual({
      primary: ovr('ana', '2026-03-27T12:00:00.000Z'),
      secondary: null,
    });
  });

  it('is unaffected by an override for someone outside the rotation', () => {
    const three = daily(['ana', 'ben', 'cai'], '2026-03-27', '01:30');
    const o = [override('zoe', '2026-03-27T10:00:00Z', '2026-03-27T12:00:00Z', 1)];
    expect(onCall(three, '2026-03-27T11:00:00Z', o).secondary).toEqual(
      rot('ben', '2026-03-28T01:30:00.000Z'),
    );
  });
});
