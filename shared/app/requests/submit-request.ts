import { createRequest } from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import type { SubmitRequestInput } from '../../schemas/request.js';
import { requireAccess } from '../access.js';
import { conflict, invalid, notFound } from '../errors.js';
import { applyEvent } from './apply-event.js';
import { bodyHashOf, referenceFor, requestIdFor } from './identifiers.js';
import type { RequestDeps } from './request-deps.js';
import { resolveRoute } from './resolve-route.js';
import type { StoredRequest } from './stored-request.js';

const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export interface SubmitResult {
  stored: StoredRequest;
  /** True when this was a retry of an earlier submit: nobody was paged again. */
  replayed: boolean;
}

/**
 * Accept, freeze the route, and send the first page before answering. One read (the rota), then the
 * request is created due at once (so if this process dies, the sweeper starts it), then started by the
 * same conditional step every other transition uses, then the page's credentials and the page itself.
 */
export async function submitRequest(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  idempotencyKey: string,
  input: SubmitRequestInput,
): Promise<SubmitResult> {
  requireAccess(principal, clinicId, ['intake']);
  const now = deps.clock();
  const requestId = requestIdFor(clinicId, idempotencyKey);
  const bodyHash = bodyHashOf(input);

  const rota = await deps.clinics.loadRota(clinicId, now);
  if (!rota) throw notFound('clinic');
  const service = rota.services.find((s) => s.serviceId === input.serviceId);
  if (!service) throw invalid([{ path: 'serviceId', message: 'no such service in this clinic' }]);

  const { route, routedServiceId, routedServiceName } = resolveRoute(rota, service, now);
  const fresh = createRequest({
    requestId,
    clinicId,
    serviceId: service.serviceId,
    routedServiceId,
    urgency: input.urgency,
    route,
    now,
  });
  const stored: StoredRequest = {
    request: fresh,
    details: {
      summary: input.summary,
      ...(input.callbackPhone ? { callbackPhone: input.callbackPhone } : {}),
      ...(input.requesterName ? { requesterName: input.requesterName } : {}),
    },
    reference: referenceFor(requestId),
    clinicName: rota.clinic.name,
    serviceName: routedServiceName,
    idempotencyKey,
    bodyHash,
  };
  const created = await deps.requests.create(stored);
  if (!created.created) {
    const { existing } = created;
    if (existing.bodyHash !== bodyHash)
      throw conflict('this Idempotency-Key was already used with a different body');
    if (now - existing.request.createdAt > IDEMPOTENCY_WINDOW_MS)
      throw conflict(
        'this Idempotency-Key was used more than 24 hours ago: send a new key for a new request',
      );
    // A retry after a crash between create and start: start it now rather than wait for the sweeper.
    if (existing.request.position.attempt === 0)
      return { stored: await start(deps, existing), replayed: true };
    return { stored: existing, replayed: true };
  }
  return { stored: await start(deps, stored), replayed: false };
}

async function start(deps: RequestDeps, stored: StoredRequest): Promise<StoredRequest> {
  const { clinicId, requestId } = stored.request;
  const outcome = await applyEvent(deps, { clinicId, requestId }, { type: 'start' }, stored);
  return outcome.kind === 'missing' ? stored : outcome.stored;
}
