// The rota over a window, as shifts and gaps that tile [from, to) exactly.
//
// Segmentation (the same one whoIsOnCall's `until` reports):
// - a rotation shift is one handoff period (cut where overrides take over); consecutive periods are NOT
//   merged even when the same clinician holds both (one participant, or a name listed twice), so a shift
//   always ends at a real handoff and `until` stays finite;
// - override time is merged while the same clinician stays on call, across rotation handoffs and across
//   back-to-back or overlapping overrides for that clinician;
// - rotation and override time are never merged with each other (the source differs).
// Shifts are computed here by a sweep, independently of whoIsOnCall's per-instant scan.
import type { Override, Rotation } from '../model.js';
import { bracketFromPlan, handoffFromPlan, planHandoffs } from './handoffs.js';
import { latestVersions } from '../override-versions.js';
import { outranks } from './override-winner.js';

export interface Shift {
  clinicianId: string;
  start: number;
  end: number; // exclusive
  source: 'rotation' | 'override';
}

export interface Gap {
  start: number;
  end: number; // exclusive
}

export interface ShiftsInput {
  rotation: Rotation;
  timeZone: string;
  overrides: readonly Override[];
  from: number;
  to: number;
}

interface Piece {
  start: number;
  end: number;
  k: number; // rotation shift index; -1 for nobody
}

interface OverrideSegment {
  start: number;
  end: number;
  clinicianId: string;
}

/** Rotation shifts (or the gap) tiling [from, to), one piece per handoff period. */
function rotationPieces(rotation: Rotation, timeZone: string, from: number, to: number): Piece[] {
  if (rotation.participants.length === 0) return [{ start: from, end: to, k: -1 }];
  const plan = planHandoffs(rotation, timeZone);
  const pieces: Piece[] = [];
  let { k, end } = bracketFromPlan(plan, from);
  let start = from;
  for (;;) {
    const clipped = Math.min(end, to);
    if (clipped > start) pieces.push({ start, end: clipped, k });
    if (end >= to) return pieces;
    start = end;
    k += 1;
    end = handoffFromPlan(plan, k + 1);
  }
}

/** Winning-override segments inside [from, to), merged while the clinician stays the same. */
function overrideSegments(overrides: readonly Override[], from: number, to: number): OverrideSegment[] {
  const relevant = overrides.filter((o) => o.start < o.end && o.start < to && o.end > from);
  const points = new Set<number>([from, to]);
  for (const o of relevant) {
    points.add(Math.max(o.start, from));
    points.add(Math.min(o.end, to));
  }
  const cuts = [...points].sort((a, b) => a - b);
  const byStart = [...relevant].sort((a, b) => a.start - b.start);
  const segments: OverrideSegment[] = [];
  let active: Override[] = [];
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    while (next < byStart.length && (byStart[next] as Override).start <= start) {
      active.push(byStart[next] as Override);
      next += 1;
    }
    active = active.filter((o) => o.end > start);
    let best: Override | null = null;
    for (const o of active) if (best === null || outranks(o, best)) best = o;
    if (best === null) continue;
    const last = segments[segments.length - 1];
    if (last && last.end === start && last.clinicianId === best.clinicianId) last.end = end;
    else segments.push({ start, end, clinicianId: best.clinicianId });
  }
  return segments;
}

export function shiftsBetween({ rotation, timeZone, overrides, from, to }: ShiftsInput): {
  shifts: Shift[];
  gaps: Gap[];
} {
  const shifts: Shift[] = [];
  const gaps: Gap[] = [];
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('from and to must be finite');
  if (!(from < to)) return { shifts, gaps };
  const people = rotation.participants;
  // Identity of the last emitted shift, so touching pieces of the same segment are joined.
  let lastKey: string | null = null;

  const emit = (
    start: number,
    end: number,
    key: string,
    clinicianId: string | null,
    fromOverride: boolean,
  ) => {
    if (end <= start) return;
    if (clinicianId === null) {
      const lastGap = gaps[gaps.length - 1];
      if (lastGap && lastGap.end === start) lastGap.end = end;
      else gaps.push({ start, end });
      lastKey = null;
      return;
    }
    const last = shifts[shifts.length - 1];
    if (last && last.end === start && lastKey === key) last.end = end;
    else shifts.push({ clinicianId, start, end, source: fromOverride ? 'override' : 'rotation' });
    lastKey = key;
  };

  // An override read twice while an update moved it counts once, as its latest version.
  const segments = overrideSegments(latestVersions(overrides), from, to);
  let s = 0;
  for (const piece of rotationPieces(rotation, timeZone, from, to)) {
    const holder = piece.k >= 0 ? (people[piece.k % people.length] ?? null) : null;
    const rotationKey = `r:${piece.k}`;
    let t = piece.start;
    // Segments are sorted and disjoint; one that runs past this piece is revisited for the next piece.
    while (s < segments.length && (segments[s] as OverrideSegment).start < piece.end) {
      const seg = segments[s] as OverrideSegment;
      emit(t, seg.start, rotationKey, holder, false);
      const segEnd = Math.min(seg.end, piece.end);
      emit(Math.max(seg.start, t), segEnd, `o:${s}`, seg.clinicianId, true);
      t = segEnd;
      if (seg.end > piece.end) break;
      s += 1;
    }
    emit(t, piece.end, rotationKey, holder, false);
  }
  return { shifts, gaps };
}
