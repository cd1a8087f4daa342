import type { RequestEvent, ResolveOutcome } from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import { requireAccess } from '../access.js';
import { notFound } from '../errors.js';
import { applyEvent } from './apply-event.js';
import { settle, wasPaged } from './respond-to-page.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from '../../ports/stored-request.js';

type AcceptorAction =
  | { type: 'contacted' }
  | { type: 'handback'; reason: string }
  | { type: 'resolve'; outcome: ResolveOutcome; note?: string };

/**
 * A clinician key acts on a request it accepted: contacted, hand back, resolve. Fallback contacts, who have
 * no key, do the same from their case link.
 */
export async function actAsAcceptor(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  requestId: string,
  action: AcceptorAction,
): Promise<StoredRequest> {
  requireAccess(principal, clinicId, ['clinician']);
  const stored = await deps.requests.get(clinicId, requestId);
  if (!stored || !wasPaged(stored, principal.clinicianId)) throw notFound('request');
  const by = { clinicianId: principal.clinicianId, name: stored.request.assignee?.name ?? 'clinician' };
  const event: RequestEvent = { ...action, by, via: 'api' };
  const outcome = await applyEvent(deps, { clinicId, requestId }, event, stored);
  // Saying "contacted" twice is not an error: the record already says so.
  if (outcome.kind === 'unchanged' && outcome.decision.reason === 'already_contacted') return outcome.stored;
  return settle(outcome, event.type);
}

/** The clinician who accepted closes the request with an outcome ("other" when an older client sends none). */
export function resolveRequest(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  requestId: string,
  input: { outcome?: ResolveOutcome; note?: string | undefined },
): Promise<StoredRequest> {
  return actAsAcceptor(deps, principal, clinicId, requestId, {
    type: 'resolve',
    outcome: input.outcome ?? 'other',
    ...(input.note ? { note: input.note } : {}),
  });
}

/** The hotline (or an admin) withdraws a request, e.g. the caller was reached another way. */
export async function cancelRequest(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  requestId: string,
  reason: string | undefined,
): Promise<StoredRequest> {
  requireAccess(principal, clinicId, ['intake', 'admin']);
  const stored = await deps.requests.get(clinicId, requestId);
  if (!stored) throw notFound('request');
  const by = { name: principal.role === 'admin' ? 'clinic admin' : 'hotline', role: principal.role };
  return settle(
    await applyEvent(
      deps,
      { clinicId, requestId },
      { type: 'cancel', by, reason: reason ?? 'cancelled' },
      stored,
    ),
    'cancel',
  );
}

/** Status for the hotline, the admin, or a clinician who was paged for it. */
export async function getRequest(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  requestId: string,
): Promise<StoredRequest> {
  requireAccess(principal, clinicId, ['intake', 'admin', 'clinician']);
  const stored = await deps.requests.get(clinicId, requestId);
  if (!stored) throw notFound('request');
  if (principal.role === 'clinician' && !wasPaged(stored, principal.clinicianId)) throw notFound('request');
  return stored;
}
