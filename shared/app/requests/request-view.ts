import {
  isAcceptedStatus,
  isPagingStatus,
  stillMatters,
  type CrisisRequest,
  type TimelineEntry,
} from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import type { StoredRequest } from '../../ports/stored-request.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const EMERGENCY_PROTOCOL =
  'No clinician has accepted this request. Follow your emergency protocol now; paging continues until someone accepts.';

/** Summary and callback number only for the clinician who acknowledged: need to know, nothing more. */
export function canSeeDetails(stored: StoredRequest, principal: Principal | null): boolean {
  const assignee = stored.request.assignee;
  return (
    principal?.role === 'clinician' &&
    assignee?.clinicianId !== undefined &&
    assignee.clinicianId === principal.clinicianId &&
    stored.request.status !== 'cancelled'
  );
}

/**
 * Pages decided but not yet accepted by the provider, shown after the record as 'page_pending' (not stored
 * on the timeline, which names only pages that left) while someone is still being paged.
 */
function pendingEntries(request: CrisisRequest): TimelineEntry[] {
  return (request.pending ?? [])
    .filter((p) =>
      p.notice !== undefined
        ? stillMatters(request, p)
        : isPagingStatus(request.status) && p.attempt === request.position.attempt,
    )
    .map((p) => ({
      at: p.since ?? p.notBefore ?? request.createdAt,
      type: 'page_pending',
      who: p.who,
      channel: p.channel,
      attempt: p.attempt,
      ...(p.level !== undefined && { level: p.level, round: p.round }),
      ...(p.retry > 0 && { retry: p.retry }),
      ...(p.notice && { notice: p.notice }),
    }));
}

/** The request object of the API (docs/api.md, "The request object"): what a hotline worker watches. */
export function requestView(stored: StoredRequest, principal: Principal | null) {
  const { request } = stored;
  const open = isPagingStatus(request.status);
  const accepted = isAcceptedStatus(request.status);
  const lastAt = (type: TimelineEntry['type']) =>
    request.timeline.findLast((e) => e.type === type)?.at ?? null;
  return {
    requestId: request.requestId,
    clinicId: request.clinicId,
    serviceId: request.serviceId,
    routedServiceId: request.routedServiceId,
    reference: stored.reference,
    urgency: request.urgency,
    status: request.status,
    level: request.position.level,
    round: request.position.round,
    assignee: request.assignee,
    paging: open ? request.paged : [],
    nextEscalationAt: open ? iso(request.nextDueAt) : null,
    // Once accepted: the next reminder, reopen or still-open alert (docs/api.md, "Follow-through").
    nextFollowUpAt: accepted ? iso(request.nextDueAt) : null,
    acknowledgedAt: request.assignee ? iso(lastAt('acknowledged')) : null,
    contactedAt: iso(
      request.followUp?.contactedAt ?? (request.status === 'resolved' ? lastAt('contacted') : null),
    ),
    reopened: request.reopened ?? 0,
    createdAt: iso(request.createdAt),
    ...(request.status === 'unanswered'
      ? { emergencyProtocol: stored.emergencyProtocol ?? EMERGENCY_PROTOCOL }
      : {}),
    timeline: [...request.timeline, ...pendingEntries(request)].map((entry: TimelineEntry) => ({
      ...entry,
      at: iso(entry.at),
    })),
    ...(canSeeDetails(stored, principal) ? stored.details : {}),
  };
}
export type RequestView = ReturnType<typeof requestView>;
