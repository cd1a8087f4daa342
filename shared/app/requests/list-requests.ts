import { isClosedStatus } from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import { InvalidCursorError, type QueueStatus, type RequestListing } from '../../ports/request-store.js';
import { CURSOR_MESSAGE, type ListRequestsQuery } from '../../schemas/request-query.js';
import { requireAccess } from '../access.js';
import { invalid } from '../errors.js';
import type { RequestDeps } from './request-deps.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One row of the queue (docs/api.md, "The request queue"): no summary, callback number or timeline. */
export function requestSummary(listing: RequestListing) {
  return {
    requestId: listing.requestId,
    reference: listing.reference,
    serviceId: listing.serviceId,
    routedServiceId: listing.routedServiceId,
    serviceName: listing.serviceName,
    urgency: listing.urgency,
    status: listing.status,
    level: listing.level,
    round: listing.round,
    assignee: listing.assignee,
    // Listings written before these fields existed lack them until their next write.
    paging: listing.paging ?? [],
    acknowledgedAt: iso(listing.acknowledgedAt ?? null),
    contactedAt: iso(listing.contactedAt ?? null),
    createdAt: iso(listing.createdAt),
    nextEscalationAt: iso(listing.nextDueAt),
  };
}
export type RequestSummary = ReturnType<typeof requestSummary>;

export interface RequestQueueView {
  requests: RequestSummary[];
  nextCursor: string | null;
}

const inStatus = (status: QueueStatus, listing: RequestListing) =>
  status === 'all' || (status === 'closed') === isClosedStatus(listing.status);

/**
 * The hotline's queue: the clinic's requests, newest first, a page at a time; or the requests with one short
 * reference. For intake and admin keys of the clinic.
 */
export async function listRequests(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  query: ListRequestsQuery,
): Promise<RequestQueueView> {
  requireAccess(principal, clinicId, ['intake', 'admin']);
  if (query.reference !== undefined) {
    const found = await deps.requests.findByReference(clinicId, query.reference, deps.clock());
    const status = query.status ?? 'all';
    const matches = found.filter(
      (listing) =>
        inStatus(status, listing) &&
        (query.serviceId === undefined || listing.serviceId === query.serviceId) &&
        (query.from === undefined || listing.createdAt >= query.from) &&
        (query.to === undefined || listing.createdAt < query.to),
    );
    return { requests: matches.slice(0, query.limit).map(requestSummary), nextCursor: null };
  }
  try {
    const page = await deps.requests.listByClinic(clinicId, {
      status: query.status ?? 'open',
      limit: query.limit,
      ...(query.serviceId !== undefined && { serviceId: query.serviceId }),
      ...(query.from !== undefined && { from: query.from }),
      ...(query.to !== undefined && { to: query.to }),
      ...(query.cursor !== undefined && { cursor: query.cursor }),
    });
    return { requests: page.items.map(requestSummary), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalid([{ path: 'cursor', message: CURSOR_MESSAGE }]);
    throw error;
  }
}
