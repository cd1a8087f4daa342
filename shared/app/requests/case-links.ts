import { holdsRequest, isClosedStatus, type RequestEvent, type Who } from '../../domain/escalation/index.js';
import { sameWho } from '../../domain/escalation/recipients.js';
import type { StoredRequest } from '../../ports/stored-request.js';
import { hashSecret, isTokenShaped } from '../secrets.js';
import { applyEvent, type EventOutcome } from './apply-event.js';
import type { RequestDeps } from './request-deps.js';

/** A closed request's case page stays readable this long, for the acceptor's own notes. */
export const CLOSED_CASE_READABLE_MS = 24 * 3_600_000;

export type CaseView =
  | { kind: 'invalid' }
  /** The link's person holds the request: details and actions. */
  | { kind: 'active'; stored: StoredRequest; who: Who }
  /** Closed less than a day ago, and this person held it: read only. */
  | { kind: 'closed'; stored: StoredRequest; who: Who; closedAt: number }
  /** Someone else holds it now, or it was passed on: no details. */
  | { kind: 'passed_on'; stored: StoredRequest; who: Who };

function closedAt(stored: StoredRequest): number {
  const entry = stored.request.timeline.findLast((e) => e.type === 'resolved' || e.type === 'cancelled');
  return entry?.at ?? stored.request.createdAt;
}

/** What a case link shows right now; reading it changes nothing and can be repeated any number of times. */
export async function openCase(deps: RequestDeps, token: string): Promise<CaseView> {
  if (!isTokenShaped(token)) return { kind: 'invalid' };
  const record = await deps.requests.findCaseLink(hashSecret(token));
  if (!record) return { kind: 'invalid' };
  const stored = await deps.requests.get(record.clinicId, record.requestId);
  if (!stored) return { kind: 'invalid' };
  const { request } = stored;
  if (isClosedStatus(request.status)) {
    // Read only for whoever closed it (the assignee is kept on a closed request).
    const closer = request.assignee !== null && sameWho(request.assignee, record.who);
    const at = closedAt(stored);
    if (!closer || deps.clock() - at > CLOSED_CASE_READABLE_MS) return { kind: 'invalid' };
    return { kind: 'closed', stored, who: record.who, closedAt: at };
  }
  if (holdsRequest(request, record.who)) return { kind: 'active', stored, who: record.who };
  return { kind: 'passed_on', stored, who: record.who };
}

export type CaseAction =
  | { type: 'contacted' }
  | { type: 'resolve'; outcome: Extract<RequestEvent, { type: 'resolve' }>['outcome']; note?: string }
  | { type: 'handback'; reason: string };

export type CaseActionResult =
  | { kind: 'not_active'; view: CaseView }
  | { kind: 'done'; outcome: EventOutcome & { kind: 'changed' | 'unchanged' } };

/** A case page form: acts as the link's person, who alone may act while they hold the request. */
export async function actOnCase(
  deps: RequestDeps,
  token: string,
  action: CaseAction,
): Promise<CaseActionResult> {
  const view = await openCase(deps, token);
  if (view.kind !== 'active') return { kind: 'not_active', view };
  const by = view.who;
  const event: RequestEvent =
    action.type === 'resolve'
      ? {
          type: 'resolve',
          by,
          outcome: action.outcome,
          ...(action.note ? { note: action.note } : {}),
          via: 'case',
        }
      : action.type === 'handback'
        ? { type: 'handback', by, reason: action.reason, via: 'case' }
        : { type: 'contacted', by, via: 'case' };
  const { clinicId, requestId } = view.stored.request;
  const outcome = await applyEvent(deps, { clinicId, requestId }, event, view.stored);
  if (outcome.kind === 'missing') return { kind: 'not_active', view: { kind: 'invalid' } };
  return { kind: 'done', outcome };
}
