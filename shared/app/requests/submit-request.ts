import { createRequest, decide } from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import type { SubmitRequestInput } from '../../schemas/request.js';
import { requireAccess } from '../access.js';
import { conflict, invalid, notFound } from '../errors.js';
import { runActions } from './apply-event.js';
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
 * Accept, freeze the route, and send the first page before answering. One read (the rota), one
 * conditional write (the request, already holding its first step), then the page's credentials.
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
  const start = decide(fresh, { type: 'start' }, now);
  if (start.unchanged) throw new Error(`a new request did not start: ${start.reason}`);

  const stored: StoredRequest = {
    request: start.request,
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
    return { stored: existing, replayed: true };
  }
  return { stored: await runActions(deps, stored, start.actions), replayed: false };
}
