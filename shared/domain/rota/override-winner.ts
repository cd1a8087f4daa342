// Which override holds an instant. Where overrides overlap, the one created last wins (docs/api.md, "Rota
// rules"); equal createdAt falls back to the greater overrideId (plain string order) so the answer never
// depends on the order the store returned them in. Overrides with end <= start cover nothing and are ignored.
import type { Override } from '../model.js';

export function outranks(a: Override, b: Override): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.overrideId > b.overrideId);
}

export function covers(o: Override, t: number): boolean {
  return o.start <= t && t < o.end;
}

/** The winning override covering t, or null. A single pass, no allocation. */
export function winnerAt(overrides: readonly Override[], t: number): Override | null {
  let best: Override | null = null;
  for (const o of overrides) if (covers(o, t) && (best === null || outranks(o, best))) best = o;
  return best;
}

/** Earliest override start strictly after t (Infinity if none): where an override can take over. */
export function nextOverrideStart(overrides: readonly Override[], t: number): number {
  let next = Infinity;
  for (const o of overrides) if (o.start > t && o.start < o.end && o.start < next) next = o.start;
  return next;
}

/**
 * End of the run, from `at`, during which overrides keep `winner.clinicianId` as primary: back-to-back or
 * overlapping overrides for the same clinician extend it; an outranking override for someone else, or no
 * override at all, ends it. Each step is one pass; steps are as many as same-clinician hand-overs.
 */
export function overrideRunEnd(overrides: readonly Override[], winner: Override, at: number): number {
  let current = winner;
  let t = at;
  for (;;) {
    // Until `current` ends, only an override that outranks it and starts later can take over.
    let preempt = current.end;
    for (const o of overrides) {
      if (o.start > t && o.start < preempt && o.start < o.end && outranks(o, current)) preempt = o.start;
    }
    const next = winnerAt(overrides, preempt);
    if (next === null || next.clinicianId !== winner.clinicianId) return preempt;
    current = next;
    t = preempt;
  }
}
