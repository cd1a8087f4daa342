import type { Principal } from '../../domain/model.js';
import { isOpenCover, type CoverRequest } from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { iso } from '../views.js';
import { nameIn, serviceNameIn } from './cover-context.js';

/** Whether this viewer could take it now: offered to them, not refused, still open and not expired. */
export function canAccept(principal: Principal, request: CoverRequest, now: number): boolean {
  const me = principal.role === 'clinician' ? principal.clinicianId : undefined;
  return (
    me !== undefined &&
    request.state === 'open' &&
    now < request.expiresAt &&
    me !== request.requesterId &&
    request.offeredTo.includes(me) &&
    !request.refused.includes(me)
  );
}

/** A cover request as the API shows it: times in ISO 8601, people with their names (docs/api.md). */
export function coverView(rota: RotaSnapshot, request: CoverRequest, principal: Principal, now: number) {
  const person = (clinicianId: string) => ({ clinicianId, name: nameIn(rota, clinicianId) });
  const seesOffers = principal.role === 'admin' || principal.clinicianId === request.requesterId;
  return {
    coverId: request.coverId,
    clinicId: request.clinicId,
    serviceId: request.serviceId,
    serviceName: serviceNameIn(rota, request.serviceId),
    requester: person(request.requesterId),
    start: iso(request.start),
    end: iso(request.end),
    ...(request.note !== undefined && { note: request.note }),
    state: request.state,
    open: isOpenCover(request.state),
    ...(request.acceptedBy !== undefined && { acceptedBy: person(request.acceptedBy) }),
    ...(request.acceptedAt !== undefined && { acceptedAt: iso(request.acceptedAt) }),
    expiresAt: iso(request.expiresAt),
    canAccept: canAccept(principal, request, now),
    // Who else was asked is for the requester and admins, not for each colleague.
    ...(seesOffers && {
      offeredTo: request.offeredTo.map(person),
      refused: request.refused.map(person),
    }),
    history: request.history.map((e) => ({
      at: iso(e.at),
      action: e.action,
      by: e.by,
      // A key's actor (`admin key …`, `rota-check`) is no clinician: nameIn gives it back as it is.
      byName: nameIn(rota, e.by),
    })),
    createdAt: iso(request.createdAt),
    updatedAt: iso(request.updatedAt),
  };
}
