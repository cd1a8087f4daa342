import type { Principal } from '../../domain/model.js';
import { requireAccess } from '../access.js';
import { notFound } from '../errors.js';
import { applyEvent } from './apply-event.js';
import { settle, wasPaged } from './respond-to-page.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from '../../ports/stored-request.js';

/** The clinician who acknowledged closes the request with an outcome note. */
export async function resolveRequest(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  requestId: string,
  note: string | undefined,
): Promise<StoredRequest> {
  requireAccess(principal, clinicId, ['clinician']);
  const stored = await deps.requests.get(clinicId, requestId);
  if (!stored || !wasPaged(stored, principal.clinicianId)) throw notFound('request');
  const by = { clinicianId: principal.clinicianId, name: stored.request.assignee?.name ?? 'clinician' };
  return settle(
    await applyEvent(
      deps,
      { clinicId, requestId },
      { type: 'resolve', by, ...(note ? { note } : {}) },
      stored,
    ),
    'resolve',
  );
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
