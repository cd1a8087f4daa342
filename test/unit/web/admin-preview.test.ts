// The rotation editor's 14-day preview: the server's rota engine run in the browser, each shift whole,
// clock changes marked, unpageable clinicians' shifts as gaps, and the words for lengths and rows.
import type { Override, Rotation } from '../../../shared/domain/model.js';
import {
  buildPreview,
  dstNote,
  lengthWords,
  offsetMinutes,
  previewWindow,
  rotationProblems,
  rowWhen,
  rowWho,
} from '../../../web/src/admin/preview.js';
import { fromLocalInput, localDate, toLocalInput } from '../../../web/src/admin/zoned.js';

const LONDON = 'Europe/London';
const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const names: Record<string, string> = { ana: 'Dr Ana Okafor', ben: 'Ben Haddad', chloe: 'Chloe Martin' };
const nameOf = (id: string) => names[id] ?? id;

const daily = (participants: string[], handoffAt = '09:00'): Rotation => ({
  participants,
  start: '2026-01-05',
  handoff: { every: 'day', count: 1, at: handoffAt },
});

describe('lengths and clock changes', () => {
  it.each([
    [45 * 60_000, '45 min'],
    [23 * H, '23 h'],
    [24 * H, '24 h'],
    [12.5 * H, '12 h 30 min'],
    [25 * H, '25 h'],
    [48 * H, '2 days'],
    [7 * 24 * H, '7 days'],
    [(7 * 24 - 1) * H, '6 days 23 h'],
    [0, '0 min'],
  ])('%s ms → %s', (ms, words) => expect(lengthWords(ms)).toBe(words));

  it('London is UTC+0 in winter, +1 in summer', () => {
    expect(offsetMinutes(at('2026-01-15T12:00:00Z'), LONDON)).toBe(0);
    expect(offsetMinutes(at('2026-07-15T12:00:00Z'), LONDON)).toBe(60);
  });

  it('marks a shift the spring change shortens and one the autumn change lengthens', () => {
    // Sat 28 Mar 09:00 GMT → Sun 29 Mar 09:00 BST
    expect(dstNote(at('2026-03-28T09:00:00Z'), at('2026-03-29T08:00:00Z'), LONDON)).toBe(
      'clocks go forward: this shift is 23 h',
    );
    // Sat 24 Oct 09:00 BST → Sun 25 Oct 09:00 GMT
    expect(dstNote(at('2026-10-24T08:00:00Z'), at('2026-10-25T09:00:00Z'), LONDON, 'gap')).toBe(
      'clocks go back: this gap is 25 h',
    );
    expect(dstNote(at('2026-03-29T08:00:00Z'), at('2026-03-30T08:00:00Z'), LONDON)).toBeNull();
    // Ending exactly at the change is not across it.
    expect(dstNote(at('2026-03-28T01:00:00Z'), at('2026-03-29T01:00:00Z'), LONDON)).toBeNull();
  });
});

describe('the 14-day preview', () => {
  it('starts at midnight today in the clinic zone and spans 14 local days', () => {
    const { from, to } = previewWindow(at('2026-03-20T15:00:00Z'), LONDON);
    expect(new Date(from).toISOString()).toBe('2026-03-20T00:00:00.000Z');
    // 14 days later, after the spring change: midnight BST.
    expect(new Date(to).toISOString()).toBe('2026-04-02T23:00:00.000Z');
  });

  it('a daily rotation across the spring change: whole shifts, one of 23 h marked', () => {
    const preview = buildPreview({
      rotation: daily(['ana', 'ben', 'chloe']),
      timeZone: LONDON,
      now: at('2026-03-20T15:00:00Z'),
    });
    expect(preview.gaps).toBe(0);
    // 20 Mar 00:00 is inside the shift that began 19 Mar 09:00: shown from its real start.
    const first = preview.rows[0];
    expect(new Date(first?.start ?? 0).toISOString()).toBe('2026-03-19T09:00:00.000Z');
    expect(preview.rows).toHaveLength(15);
    const marked = preview.rows.filter((r) => r.dst);
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({
      start: at('2026-03-28T09:00:00Z'),
      end: at('2026-03-29T08:00:00Z'),
      length: '23 h',
      dst: 'clocks go forward: this shift is 23 h',
    });
    // Round robin, as the server's shifts say.
    expect(preview.rows.slice(0, 4).map((r) => r.clinicianId)).toEqual(
      preview.rows.slice(3, 7).map((r) => r.clinicianId),
    );
  });

  it('a weekly rotation across the autumn change: the week is 7 days and an hour', () => {
    const rotation: Rotation = {
      participants: ['ana', 'ben'],
      start: '2026-01-05',
      handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
    };
    const preview = buildPreview({ rotation, timeZone: LONDON, now: at('2026-10-21T12:00:00Z') });
    const long = preview.rows.find((r) => r.dst);
    expect(long).toMatchObject({
      start: at('2026-10-19T08:00:00Z'),
      end: at('2026-10-26T09:00:00Z'),
      length: '7 days 1 h',
      dst: 'clocks go back: this shift is 7 days 1 h',
    });
    expect(preview.rows.every((r) => r.kind === 'shift')).toBe(true);
  });

  it('before the rotation starts is a gap; an inactive clinician’s shifts are gaps with why; cover shows', () => {
    const now = at('2026-06-01T12:00:00Z');
    const rotation: Rotation = {
      participants: ['ana', 'ben'],
      start: '2026-06-05',
      handoff: { every: 'day', count: 1, at: '08:00' },
    };
    const cover: Override = {
      overrideId: 'o1',
      clinicId: 'c',
      serviceId: 's',
      clinicianId: 'chloe',
      start: at('2026-06-10T07:00:00Z'),
      end: at('2026-06-10T19:00:00Z'),
      createdAt: now,
    };
    const preview = buildPreview({
      rotation,
      timeZone: LONDON,
      now,
      overrides: [cover],
      unavailable: (id) => (id === 'ben' ? 'clinician_inactive' : null),
    });
    const [before] = preview.rows;
    expect(before).toMatchObject({ kind: 'gap', end: at('2026-06-05T07:00:00Z'), openStart: true });
    expect(before?.clinicianId).toBeUndefined();
    expect(rowWho(before!, nameOf)).toBe('Nobody on call');
    expect(rowWhen(before!, (ms) => new Date(ms).toISOString())).toBe('Until 2026-06-05T07:00:00.000Z');
    const shift = preview.rows[1]!;
    expect(rowWhen(shift, (ms) => new Date(ms).toISOString().slice(5, 16))).toBe('06-05T07:00 → 06-06T07:00');
    const benGap = preview.rows.find((r) => r.kind === 'gap' && r.clinicianId === 'ben');
    expect(benGap).toMatchObject({ reason: 'clinician_inactive', length: '24 h' });
    expect(rowWho(benGap!, nameOf)).toBe('Nobody: Ben Haddad is marked inactive, so they are never paged');
    const covered = preview.rows.find((r) => r.source === 'override');
    expect(covered).toMatchObject({
      clinicianId: 'chloe',
      start: cover.start,
      end: cover.end,
      length: '12 h',
    });
    expect(rowWho(covered!, nameOf)).toBe('Chloe Martin (cover)');
    // Rows tile the time they cover: each ends where the next begins.
    for (let i = 1; i < preview.rows.length; i++)
      expect(preview.rows[i]?.start).toBe(preview.rows[i - 1]?.end);
  });

  it('nobody on the rotation: one gap over the whole window and beyond', () => {
    const preview = buildPreview({ rotation: daily([]), timeZone: LONDON, now: at('2026-06-01T12:00:00Z') });
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]).toMatchObject({ kind: 'gap', openStart: true, openEnd: true });
    expect(preview.rows[0]?.length).toBe('');
    expect(rowWhen(preview.rows[0]!, () => 'x')).toBe('All the time shown');
  });

  it('says what keeps a rotation from being previewed, as the API would', () => {
    const bad: Rotation = {
      participants: [],
      start: '2026-02-30',
      handoff: { every: 'day', count: 0, at: '25:00' },
    };
    expect(rotationProblems(bad).map((p) => p.path)).toEqual([
      'rotation.start',
      'rotation.handoff.count',
      'rotation.handoff.at',
    ]);
    expect(rotationProblems(daily(['ana']))).toEqual([]);
  });
});

describe('clinic-time inputs', () => {
  it('datetime-local values are read and written in the clinic zone', () => {
    expect(toLocalInput(at('2026-07-01T08:30:00Z'), LONDON)).toBe('2026-07-01T09:30');
    expect(fromLocalInput('2026-07-01T09:30', LONDON)).toBe(at('2026-07-01T08:30:00Z'));
    // A time the spring change skips moves later by the gap.
    expect(fromLocalInput('2026-03-29T01:30', LONDON)).toBe(at('2026-03-29T01:30:00Z'));
    expect(fromLocalInput('nope', LONDON)).toBeNull();
    expect(localDate(at('2026-07-01T23:30:00Z'), LONDON)).toBe('2026-07-02');
  });
});
