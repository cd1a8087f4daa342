// Who the rota names is not always who can be paged: an inactive clinician holds shifts on paper, yet the
// submit path skips them. The API and the board apply the same rule, so their shifts read as gaps, with why.
import type { OnCall, OnCallSlot } from './on-call.js';
import type { Gap, Shift } from './shifts.js';

/** Why a clinician cannot be paged, or null when they can. */
export type Unavailability = (clinicianId: string) => string | null;

export interface ExplainedGap extends Gap {
  /** Absent for plain gaps (nobody on the rota); else why the shift's holder cannot be paged. */
  reason?: string;
  clinicianId?: string;
}

/** Shifts of clinicians who cannot be paged become gaps with the reason; the tiling of the window stays exact. */
export function withAvailability(
  rota: { shifts: readonly Shift[]; gaps: readonly Gap[] },
  unavailable: Unavailability,
): { shifts: Shift[]; gaps: ExplainedGap[] } {
  const shifts: Shift[] = [];
  const gaps: ExplainedGap[] = [...rota.gaps];
  for (const shift of rota.shifts) {
    const reason = unavailable(shift.clinicianId);
    if (reason === null) shifts.push(shift);
    else gaps.push({ start: shift.start, end: shift.end, reason, clinicianId: shift.clinicianId });
  }
  gaps.sort((a, b) => a.start - b.start);
  return { shifts, gaps };
}

export interface UnavailableSlot {
  role: 'primary' | 'secondary';
  clinicianId: string;
  reason: string;
}

/** Primary and secondary as the submit path sees them: a slot whose holder cannot be paged is empty. */
export function onCallWithAvailability(
  onCall: OnCall,
  unavailable: Unavailability,
): { primary: OnCallSlot | null; secondary: OnCallSlot | null; unavailable: UnavailableSlot[] } {
  const skipped: UnavailableSlot[] = [];
  const keep = (role: UnavailableSlot['role'], slot: OnCallSlot | null) => {
    const reason = slot ? unavailable(slot.clinicianId) : null;
    if (slot && reason !== null) skipped.push({ role, clinicianId: slot.clinicianId, reason });
    return reason === null ? slot : null;
  };
  return {
    primary: keep('primary', onCall.primary),
    secondary: keep('secondary', onCall.secondary),
    unavailable: skipped,
  };
}
