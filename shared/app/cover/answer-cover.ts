// Taking, approving, rejecting and withdrawing a cover request (docs/api.md, "Cover requests"). Each is a
// pure decision on the request read, written on condition it is still what was read: of two colleagues
// taking it at once one wins, and the other is told who did.
import type { Principal } from '../../domain/model.js';
import {
  applyCoverTransition,
  decideAccept,
  decideCancel,
  decideReview,
  type CoverDecision,
  type CoverRefusal,
  type CoverRequest,
} from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { requireAccess } from '../access.js';
import { AppError, conflict, forbidden, notFound } from '../errors.js';
import { iso } from '../views.js';
import { actorOf, loadRotaOf, mayView, nameIn } from './cover-context.js';
import type { CoverDeps } from './cover-deps.js';
import { followUp, putCoverOverride } from './cover-follow-up.js';
import { coverView } from './cover-view.js';

const STATE_WORDS: Record<CoverRequest['state'], string> = {
  open: 'still open',
  awaiting_approval: 'waiting for an admin to approve its taker',
  covered: 'already covered',
  cancelled: 'cancelled',
  expired: 'expired',
};

/** Why not, in words a clinician understands; the taker's id rides along for clients. */
export function refusalError(rota: RotaSnapshot, request: CoverRequest, refusal: CoverRefusal): AppError {
  switch (refusal.problem) {
    case 'not_offered':
      return forbidden('this cover request was not offered to you');
    case 'own_request':
      return conflict('you asked for this cover yourself: cancel it instead');
    case 'taken':
      return conflict(
        refusal.acceptedBy
          ? `${nameIn(rota, refusal.acceptedBy)} has already taken this cover`
          : 'someone has already taken this cover',
        refusal.acceptedBy
          ? { acceptedBy: { clinicianId: refusal.acceptedBy, name: nameIn(rota, refusal.acceptedBy) } }
          : undefined,
      );
    case 'closed':
      return conflict(`this cover request is ${STATE_WORDS[refusal.state]}`, { state: refusal.state });
    case 'expired':
      return conflict(`this cover request expired at ${iso(request.expiresAt)}, unanswered`);
    case 'not_due':
      return conflict('this cover request has not expired');
  }
}

/** Reads, decides, writes; a write that lost a race reads again, so the answer names the winner. */
export async function changeCover(
  deps: CoverDeps,
  clinicId: string,
  coverId: string,
  decide: (request: CoverRequest, rota: RotaSnapshot, now: number) => CoverDecision,
  /** Throws when this caller may not change it (404 when they may not even see it). */
  guard: (request: CoverRequest) => void = () => undefined,
) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.clock();
    const [request, rota] = await Promise.all([
      deps.covers.getCoverRequest(clinicId, coverId),
      loadRotaOf(deps, clinicId, now),
    ]);
    if (!request) throw notFound('cover request');
    guard(request);
    const decision = decide(request, rota, now);
    if (!decision.ok) throw refusalError(rota, request, decision);
    if (await deps.covers.applyCoverTransition(request, decision.transition)) {
      const next = applyCoverTransition(request, decision.transition);
      await followUp(deps, rota, next, decision.transition);
      return { rota, request: next };
    }
  }
  throw conflict('the cover request was changed by someone else at the same time: try again');
}

/**
 * Takes it for `clinicianId`. Taking it again is a success, not "someone has already taken it": the first try
 * may have landed and then died before its answer (or its override, which is written now if missing).
 */
export async function takeCover(
  deps: CoverDeps,
  clinicId: string,
  coverId: string,
  clinicianId: string,
  guard?: (request: CoverRequest) => void,
) {
  try {
    return await changeCover(
      deps,
      clinicId,
      coverId,
      (r, rota, now) => decideAccept(r, clinicianId, rota.clinic.coverApproval ?? 'none', now),
      guard,
    );
  } catch (error) {
    const taker =
      error instanceof AppError ? (error.extra?.acceptedBy as { clinicianId?: string }) : undefined;
    if (taker?.clinicianId !== clinicianId) throw error;
    const request = await deps.covers.getCoverRequest(clinicId, coverId);
    if (!request) throw error;
    if (request.state === 'covered' && request.overrideAt === undefined)
      await putCoverOverride(deps, request);
    return { rota: await loadRotaOf(deps, clinicId, deps.clock()), request };
  }
}

/** A colleague takes it with their own key (the offer's link does the same without one: cover-links.ts). */
export async function acceptCover(deps: CoverDeps, principal: Principal, clinicId: string, coverId: string) {
  requireAccess(principal, clinicId, ['clinician']);
  const { rota, request } = await takeCover(deps, clinicId, coverId, principal.clinicianId ?? '', (r) => {
    if (!mayView(principal, r)) throw notFound('cover request');
  });
  return coverView(rota, request, principal, deps.clock());
}

export async function reviewCover(
  deps: CoverDeps,
  principal: Principal,
  clinicId: string,
  coverId: string,
  decision: 'approve' | 'reject',
) {
  requireAccess(principal, clinicId, ['admin']);
  const { rota, request } = await changeCover(deps, clinicId, coverId, (r, _rota, now) =>
    decideReview(r, decision, actorOf(principal), now),
  );
  return coverView(rota, request, principal, deps.clock());
}

/** The requester or an admin withdraws it while nobody is on call for it yet. */
export async function cancelCover(deps: CoverDeps, principal: Principal, clinicId: string, coverId: string) {
  requireAccess(principal, clinicId, ['admin', 'clinician']);
  const { rota, request } = await changeCover(
    deps,
    clinicId,
    coverId,
    (r, _rota, now) => decideCancel(r, actorOf(principal), now),
    (r) => {
      if (!mayView(principal, r)) throw notFound('cover request');
      if (principal.role !== 'admin' && r.requesterId !== principal.clinicianId)
        throw forbidden('only the clinician who asked for it, or an admin, may cancel it');
    },
  );
  return coverView(rota, request, principal, deps.clock());
}
