// Asking for cover (docs/api.md, "Cover requests"): the window must be the requester's own time on call,
// the colleagues who could take it are offered it at once, each by their channels with their own link.
import type { Principal } from '../../domain/model.js';
import {
  coverWindowProblem,
  eligibleColleagues,
  isOpenCover,
  newCoverRequest,
} from '../../domain/rota/cover-requests.js';
import { shiftsBetween } from '../../domain/rota/index.js';
import type { CreateCoverInput } from '../../schemas/cover.js';
import { requireAccess } from '../access.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { unavailabilityIn } from '../on-call.js';
import { randomToken } from '../secrets.js';
import { actorOf, loadRotaOf, personIn } from './cover-context.js';
import type { CoverDeps } from './cover-deps.js';
import { sendOffers } from './cover-messages.js';
import { coverView } from './cover-view.js';

function requesterOf(principal: Principal, input: CreateCoverInput): string {
  if (principal.role === 'admin') {
    if (!input.requesterId)
      throw invalid([
        { path: 'requesterId', message: 'is required with an admin key: whose time is to be covered' },
      ]);
    return input.requesterId;
  }
  const me = principal.clinicianId ?? '';
  if (input.requesterId !== undefined && input.requesterId !== me)
    throw forbidden('a clinician key asks for cover of its own time on call only');
  return me;
}

export async function askForCover(
  deps: CoverDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  input: CreateCoverInput,
) {
  requireAccess(principal, clinicId, ['admin', 'clinician']);
  const requesterId = requesterOf(principal, input);
  const now = deps.clock();
  const rota = await loadRotaOf(deps, clinicId, now);
  const service = rota.services.find((s) => s.serviceId === serviceId);
  if (!service) throw notFound('service');
  if (!personIn(rota, requesterId))
    throw invalid([{ path: 'requesterId', message: 'no such clinician in this clinic' }]);

  const { shifts } = shiftsBetween({
    rotation: service.rotation,
    timeZone: rota.clinic.timezone,
    overrides: rota.overrides.filter((o) => o.serviceId === serviceId),
    from: input.start,
    to: input.end,
  });
  const problem = coverWindowProblem(shifts, requesterId, input.start, input.end, now);
  if (problem) throw invalid([{ path: problem.field, message: problem.reason }]);

  // Two open requests for the same time could both be taken: one at a time per stretch.
  const existing = await deps.covers.listCoverRequests(clinicId);
  const overlapping = existing.find(
    (r) =>
      r.serviceId === serviceId &&
      r.requesterId === requesterId &&
      isOpenCover(r.state) &&
      r.start < input.end &&
      input.start < r.end,
  );
  if (overlapping)
    throw conflict('an open cover request already asks for part of this time: cancel it first', {
      coverId: overlapping.coverId,
    });

  const offeredTo = eligibleColleagues(service, requesterId, unavailabilityIn(rota));
  if (offeredTo.length === 0)
    throw conflict(
      'nobody else on this service could take it (colleagues must be active, with a verified contact method): ask an admin for an override',
    );

  const request = newCoverRequest({
    clinicId,
    serviceId,
    coverId: `cov_${randomToken(9)}`,
    requesterId,
    start: input.start,
    end: input.end,
    ...(input.note ? { note: input.note } : {}),
    offeredTo,
    by: actorOf(principal),
    now,
  });
  if (!(await deps.covers.createCoverRequest(request)))
    throw conflict('a cover request with this id exists already: try again');
  deps.signals.count('CoverRequests');
  // The request stands once stored: offers that fail now are sent again by the rota check (offeredAt).
  const offers = await sendOffers(deps, rota, request).catch(() => ({ sent: 0, failed: 0 }));
  return { ...coverView(rota, request, principal, deps.clock()), offers };
}
