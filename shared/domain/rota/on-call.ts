// Who is on call at one instant: the rotation's holder unless an override covers the instant.
import type { Override, Rotation } from '../model.js';
import { bracketFromPlan, planHandoffs } from './handoffs.js';
import { latestVersions } from '../override-versions.js';
import { nextOverrideStart, overrideRunEnd, winnerAt } from './override-winner.js';

export interface OnCallSlot {
  clinicianId: string;
  /** End of this slot's segment; equals the `end` of the matching shift from shiftsBetween. */
  until: number;
  source: 'rotation' | 'override';
}

export interface OnCall {
  primary: OnCallSlot | null;
  secondary: OnCallSlot | null;
}

export interface OnCallInput {
  rotation: Rotation;
  timeZone: string;
  overrides: readonly Override[];
  at: number;
}

export function whoIsOnCall({ rotation, timeZone, overrides: stored, at }: OnCallInput): OnCall {
  // An override read twice while an update moved it counts once, as its latest version.
  const overrides = latestVersions(stored);
  const people = rotation.participants;
  const n = people.length;
  // No participants: no handoffs matter, only overrides can put someone on call.
  const shift = n > 0 ? bracketFromPlan(planHandoffs(rotation, timeZone), at) : null;
  const k = shift?.k ?? -1;
  const holder = k >= 0 ? people[k % n] : undefined;

  const winner = winnerAt(overrides, at);
  let primary: OnCallSlot | null = null;
  if (winner) {
    primary = {
      clinicianId: winner.clinicianId,
      until: overrideRunEnd(overrides, winner, at),
      source: 'override',
    };
  } else if (holder !== undefined && shift) {
    // Nobody overrides `at`, so the rotation holds until its next handoff or the first override to start.
    const until = Math.min(shift.end, nextOverrideStart(overrides, at));
    primary = { clinicianId: holder, until, source: 'rotation' };
  }

  let secondary: OnCallSlot | null = null;
  if (shift && k >= 0 && n >= 2) {
    // Next in line; if an override made them primary, the displaced rotation holder steps in instead.
    const next = people[(k + 1) % n];
    const pick = next !== primary?.clinicianId ? next : holder !== primary?.clinicianId ? holder : undefined;
    if (pick !== undefined) secondary = { clinicianId: pick, until: shift.end, source: 'rotation' };
  }
  return { primary, secondary };
}
