// Cover requests: a clinician on the rota asks colleagues to take part of their shift. The first eligible
// colleague to accept wins (one conditional write on the record's state); the override that puts them on
// call is then written with an id derived from the request, so a retry rewrites the same override. Each
// decision here is pure: the store applies the returned state with "state is still what I read" as its
// condition, and every change appends one entry to the request's audit list (docs/api.md, "Cover requests").
import type { NotifyTarget, Service } from '../model.js';
import { makeOverrideId } from '../override-id.js';
import type { Unavailability } from './availability.js';
import type { Shift } from './shifts.js';

export type CoverState = 'open' | 'awaiting_approval' | 'covered' | 'cancelled' | 'expired';
export type CoverApproval = 'none' | 'admin';
export type CoverAction = 'requested' | 'accepted' | 'approved' | 'rejected' | 'cancelled' | 'expired';

export interface CoverHistoryEntry {
  at: number;
  action: CoverAction;
  /** clinicianId, or the admin key's label; "rota-check" for expiry. */
  by: string;
}

export interface CoverRequest {
  clinicId: string;
  serviceId: string;
  coverId: string;
  requesterId: string;
  start: number;
  end: number; // exclusive
  note?: string;
  state: CoverState;
  /** The colleagues offered it when it was asked for; only they may accept. */
  offeredTo: string[];
  acceptedBy?: string;
  acceptedAt?: number;
  /** Colleagues an admin rejected as takers: not offered it again. */
  refused: string[];
  expiresAt: number;
  /** When the offers left (the rota check sends them if the asking function died first). */
  offeredAt?: number;
  /** When the covering override was written (the rota check writes it if the accepting function died first). */
  overrideAt?: number;
  /** When the expiry alert left (to the fallback contacts and the requester). */
  expiryToldAt?: number;
  history: CoverHistoryEntry[];
  createdAt: number;
  updatedAt: number;
}

/** The shortest time colleagues get to answer, even for a shift that starts soon. */
export const COVER_MIN_ANSWER_MS = 15 * 60_000;
/** Unanswered requests expire this long before the covered window starts, so admins can still act. */
export const COVER_EXPIRY_LEAD_MS = 60 * 60_000;
/** The longest window one request may cover. */
export const COVER_MAX_WINDOW_MS = 14 * 86_400_000;

export const isOpenCover = (state: CoverState): boolean => state === 'open' || state === 'awaiting_approval';

/** An hour before the window, but never less than COVER_MIN_ANSWER_MS after asking nor after the window starts. */
export function coverExpiry(start: number, createdAt: number): number {
  return Math.min(start, Math.max(start - COVER_EXPIRY_LEAD_MS, createdAt + COVER_MIN_ANSWER_MS));
}

const clinicianTarget = (notify: NotifyTarget): string | null =>
  typeof notify === 'object' ? notify.clinicianId : null;

/** Rotation participants and the people the escalation names, minus the requester and anyone who cannot be paged. */
export function eligibleColleagues(
  service: Pick<Service, 'rotation' | 'escalation'>,
  requesterId: string,
  unavailable: Unavailability,
  refused: readonly string[] = [],
): string[] {
  const named = [
    ...service.rotation.participants,
    ...service.escalation.levels.map((level) => clinicianTarget(level.notify)).filter((id) => id !== null),
  ];
  return [...new Set(named)].filter(
    (id) => id !== requesterId && !refused.includes(id) && unavailable(id) === null,
  );
}

/**
 * Why the requester cannot ask for cover of [start, end), or null when they can: the window must be in the
 * future and held by them throughout (their shifts, from `shiftsBetween` over the window, may be several).
 */
export function coverWindowProblem(
  requesterShifts: readonly Shift[],
  requesterId: string,
  start: number,
  end: number,
  now: number,
): { field: 'start' | 'end'; reason: string } | null {
  if (!(end > start)) return { field: 'end', reason: 'must be after start' };
  if (start <= now) return { field: 'start', reason: 'must be in the future' };
  if (end - start > COVER_MAX_WINDOW_MS)
    return { field: 'end', reason: 'a cover request spans at most 14 days' };
  let reached = start;
  for (const shift of [...requesterShifts].sort((a, b) => a.start - b.start)) {
    if (shift.clinicianId !== requesterId || shift.end <= reached) continue;
    if (shift.start > reached) break;
    reached = shift.end;
    if (reached >= end) return null;
  }
  return {
    field: reached === start ? 'start' : 'end',
    reason: `the requester is not on call for this service from ${new Date(reached).toISOString()}`,
  };
}

export function newCoverRequest(input: {
  clinicId: string;
  serviceId: string;
  coverId: string;
  requesterId: string;
  start: number;
  end: number;
  note?: string;
  offeredTo: string[];
  by: string;
  now: number;
}): CoverRequest {
  const { by, now, note, ...rest } = input;
  return {
    ...rest,
    ...(note ? { note } : {}),
    state: 'open',
    refused: [],
    expiresAt: coverExpiry(input.start, now),
    history: [{ at: now, action: 'requested', by }],
    createdAt: now,
    updatedAt: now,
  };
}

/** A decision: the state to write (on condition the stored state is still `from`) and its audit entry. */
export interface CoverTransition {
  from: CoverState;
  to: CoverState;
  entry: CoverHistoryEntry;
  /** Set when a colleague takes it; they took it at `entry.at`. */
  acceptedBy?: string;
  /** Set when an admin rejects a taker: they join `refused` and acceptedBy is cleared. */
  refuse?: string;
}

export type CoverRefusal =
  | { problem: 'not_offered' }
  | { problem: 'own_request' }
  | { problem: 'taken'; acceptedBy?: string }
  | { problem: 'closed'; state: CoverState }
  | { problem: 'expired' }
  /** Expiry asked of a request whose expiry has not come yet. */
  | { problem: 'not_due' };

export type CoverDecision = { ok: true; transition: CoverTransition } | ({ ok: false } & CoverRefusal);

const refuse = (refusal: CoverRefusal): CoverDecision => ({ ok: false, ...refusal });

/** A colleague takes it: covered at once, or awaiting an admin where the clinic asks for approval. */
export function decideAccept(
  request: CoverRequest,
  clinicianId: string,
  approval: CoverApproval,
  now: number,
): CoverDecision {
  if (clinicianId === request.requesterId) return refuse({ problem: 'own_request' });
  if (!request.offeredTo.includes(clinicianId) || request.refused.includes(clinicianId))
    return refuse({ problem: 'not_offered' });
  if (request.state === 'covered' || request.state === 'awaiting_approval')
    return refuse({ problem: 'taken', ...(request.acceptedBy ? { acceptedBy: request.acceptedBy } : {}) });
  if (request.state !== 'open') return refuse({ problem: 'closed', state: request.state });
  if (now >= request.expiresAt) return refuse({ problem: 'expired' });
  return {
    ok: true,
    transition: {
      from: 'open',
      to: approval === 'admin' ? 'awaiting_approval' : 'covered',
      entry: { at: now, action: 'accepted', by: clinicianId },
      acceptedBy: clinicianId,
    },
  };
}

/** An admin approves the taker (covered) or rejects them (open again, for the other colleagues). */
export function decideReview(
  request: CoverRequest,
  decision: 'approve' | 'reject',
  by: string,
  now: number,
): CoverDecision {
  if (request.state !== 'awaiting_approval') return refuse({ problem: 'closed', state: request.state });
  if (decision === 'approve') {
    if (now >= request.start) return refuse({ problem: 'expired' });
    return {
      ok: true,
      transition: { from: request.state, to: 'covered', entry: { at: now, action: 'approved', by } },
    };
  }
  const taker = request.acceptedBy;
  return {
    ok: true,
    transition: {
      from: request.state,
      to: 'open',
      entry: { at: now, action: 'rejected', by },
      ...(taker ? { refuse: taker } : {}),
    },
  };
}

/** The requester or an admin withdraws it while nobody has been put on call for it. */
export function decideCancel(request: CoverRequest, by: string, now: number): CoverDecision {
  if (!isOpenCover(request.state)) return refuse({ problem: 'closed', state: request.state });
  return {
    ok: true,
    transition: { from: request.state, to: 'cancelled', entry: { at: now, action: 'cancelled', by } },
  };
}

/** Unanswered (or unapproved) at its expiry: expired, and the admins and the requester are told. */
export function decideExpiry(request: CoverRequest, now: number): CoverDecision {
  if (!isOpenCover(request.state)) return refuse({ problem: 'closed', state: request.state });
  if (now < request.expiresAt) return refuse({ problem: 'not_due' });
  return {
    ok: true,
    transition: {
      from: request.state,
      to: 'expired',
      entry: { at: now, action: 'expired', by: 'rota-check' },
    },
  };
}

/** The request after a transition, as the store writes it. */
export function applyCoverTransition(request: CoverRequest, t: CoverTransition): CoverRequest {
  const next: CoverRequest = {
    ...request,
    state: t.to,
    history: [...request.history, t.entry],
    updatedAt: t.entry.at,
    ...(t.acceptedBy ? { acceptedBy: t.acceptedBy, acceptedAt: t.entry.at } : {}),
  };
  if (t.refuse) {
    next.refused = [...request.refused, t.refuse];
    delete next.acceptedBy;
    delete next.acceptedAt;
  }
  return next;
}

/**
 * The override a covered request puts in place: its id comes from the request, so writing it twice (a retry,
 * or the rota check repairing a crash) leaves one override; createdAt is the acceptance, so an override made
 * later for the same time still wins over it.
 */
export function coverOverride(request: CoverRequest) {
  if (request.state !== 'covered' || !request.acceptedBy || request.acceptedAt === undefined) return null;
  return {
    overrideId: makeOverrideId(request.end, `cv${request.coverId}`),
    clinicId: request.clinicId,
    serviceId: request.serviceId,
    clinicianId: request.acceptedBy,
    start: request.start,
    end: request.end,
    createdAt: request.acceptedAt,
  };
}
