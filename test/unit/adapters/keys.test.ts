import { keys, requestKeys } from '../../../shared/adapters/aws/keys.js';

describe('sort keys of the single table', () => {
  it('sort in time order, whole milliseconds, also for fractional instants', () => {
    const instants = [1_780_000_000_000.5, 999, 1_780_000_000_001, 1_780_000_000_000];
    const sorted = instants.map((t) => keys.override(t, 'o')).sort();
    expect(sorted).toEqual([
      'OVR#000000000000999#o',
      'OVR#001780000000000#o',
      'OVR#001780000000000#o',
      'OVR#001780000000001#o',
    ]);
  });

  it('bound a range query so an override ending after a fractional instant is still found', () => {
    const since = 1_780_000_000_000.5;
    const ending = keys.override(1_780_000_000_001, 'o');
    expect(ending >= keys.overridesEndingAfter(since)).toBe(true);
    expect(keys.override(1_780_000_000_000, 'o') >= keys.overridesEndingAfter(since)).toBe(false);
  });

  it("keep an override's ref item out of the rota's range, and every override key inside the list range", () => {
    const ref = keys.overrideRef('mm781og0-abcdef123');
    expect(ref < keys.overridesEndingAfter(0)).toBe(true);
    expect(ref < keys.overridePrefix).toBe(true);
    const latest = keys.override(Number.MAX_SAFE_INTEGER, 'z'.repeat(40));
    expect(latest < keys.overridesEnd && latest > keys.overridePrefix).toBe(true);
    // And the clinic's own records still sort after every override.
    expect(keys.overridesEnd < keys.clinic()).toBe(true);
  });

  it('keep due-index keys of one instant before the range end marker', () => {
    expect(requestKeys.due(5_000.7, 'c', 'r') <= requestKeys.dueUntil(5_000)).toBe(true);
    expect(requestKeys.due(5_001, 'c', 'r') <= requestKeys.dueUntil(5_000)).toBe(false);
  });
});
