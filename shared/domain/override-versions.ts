// Which stored copy of an override counts. The store sorts overrides by end (override-id.ts), so an update
// that changes the end moves the override to another item: it writes the new version first and removes the
// old one after, and a read in between (or after a change that was cut short) can hold both. Each update
// moves the version on, so the later one is the override.
import type { Override } from './model.js';

/** Grows with every update of one override: its updatedAt, or createdAt while it was never updated. */
export const overrideVersion = (o: Pick<Override, 'createdAt' | 'updatedAt'>): number =>
  o.updatedAt ?? o.createdAt;

/** Each override once, at its latest version; the list itself when nothing repeats (the usual case). */
export function latestVersions(overrides: readonly Override[]): readonly Override[] {
  const latest = new Map<string, Override>();
  for (const o of overrides) {
    const seen = latest.get(o.overrideId);
    if (!seen || overrideVersion(o) > overrideVersion(seen)) latest.set(o.overrideId, o);
  }
  return latest.size === overrides.length ? overrides : [...latest.values()];
}
