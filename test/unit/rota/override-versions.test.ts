// An override read twice (an update moved it: the store writes the new version before it removes the old)
// counts once, as its latest version, for who is on call and for the shifts alike.
import { describe, expect, it } from '@jest/globals';
import { latestVersions, overrideVersion } from '../../../shared/domain/override-versions.js';
import { shiftsBetween, whoIsOnCall } from '../../../shared/domain/rota/index.js';
import { daily, describeTimeline, HOUR, ms, override } from './helpers.js';

const rotation = daily(['ana', 'ben'], '2026-03-02', '08:00');
const timeZone = 'Europe/London';
const created = ms('2026-03-01T00:00:00Z');
// Bob covered 12:00-20:00; the update gave the cover to Cy and cut it to 12:00-16:00.
const before = override('bob', '2026-03-04T12:00:00Z', '2026-03-04T20:00:00Z', created, 'mm-cover');
const after = { ...before, clinicianId: 'cy', end: ms('2026-03-04T16:00:00Z'), updatedAt: created + HOUR };

describe('latestVersions', () => {
  it('keeps the latest version of each override, and the list itself when nothing repeats', () => {
    const other = override('dee', '2026-03-05T12:00:00Z', '2026-03-05T14:00:00Z', created);
    expect(latestVersions([before, other, after])).toEqual([after, other]);
    expect(latestVersions([after, before])).toEqual([after]);
    const plain = [before, other];
    expect(latestVersions(plain)).toBe(plain);
    expect([overrideVersion(before), overrideVersion(after)]).toEqual([created, created + HOUR]);
  });

  it('whoIsOnCall sees the update only, whichever copy comes first', () => {
    for (const overrides of [
      [before, after],
      [after, before],
    ]) {
      const during = whoIsOnCall({ rotation, timeZone, overrides, at: ms('2026-03-04T13:00:00Z') });
      expect(during.primary).toMatchObject({ clinicianId: 'cy', source: 'override' });
      expect(during.primary?.until).toBe(ms('2026-03-04T16:00:00Z'));
      // Past the new end the old version's hours are the rotation's again.
      const later = whoIsOnCall({ rotation, timeZone, overrides, at: ms('2026-03-04T18:00:00Z') });
      expect(later.primary?.source).toBe('rotation');
    }
  });

  it('shiftsBetween draws the update only', () => {
    const window = { from: ms('2026-03-04T08:00:00Z'), to: ms('2026-03-05T08:00:00Z') };
    const both = shiftsBetween({ rotation, timeZone, overrides: [before, after], ...window });
    const updated = shiftsBetween({ rotation, timeZone, overrides: [after], ...window });
    expect(both).toEqual(updated);
    expect(describeTimeline(both)).toEqual([
      '2026-03-04T08:00:00.000Z 2026-03-04T12:00:00.000Z ana/rotation',
      '2026-03-04T12:00:00.000Z 2026-03-04T16:00:00.000Z cy/override',
      '2026-03-04T16:00:00.000Z 2026-03-05T08:00:00.000Z ana/rotation',
    ]);
  });
});
