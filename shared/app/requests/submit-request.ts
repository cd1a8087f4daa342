import { createRequest, decide } from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import type { SubmitRequestInput } from '../../schemas/request.js';
import { requireAccess } from '../access.js';
import { conflict, invalid, notFound } from '../errors.js';
import { runActions } from './apply-event.js';
import { bodyHashOf, requestIdFor } from './identifiers.js';
import { redeliver } from './redeliver.js';
import { reserveReference } from './reference.js';
import type { RequestDeps } from './request-deps.js';
import { resolveRoute } from './resolve-route.js';
import type { StoredRequest } from '../../ports/stored-request.js';

const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export interface SubmitResult {
  stored: StoredRequest;
  /** True when this was a retry of an earlier submit: nobody was paged again. */
  replayed: boolean;
}

/**
 * Accept, freeze the route, and send the first page before answering: the rota read and the reference
 * reservation in parallel, one conditional write (the request, already started by the engine's own `start`
 * step, its pages pending), one round of independent writes (link token, reply code), the page, then its
 * outcome. If this process dies anywhere after the request is written, the request is not lost and its
 * pending page is not either: a retried submit (same Idempotency-Key), the delivery check timer or the
 * sweeper sends it again once it is a few seconds old.
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

  const [rota, reference] = await Promise.all([
    deps.clinics.loadRota(clinicId, now),
    reserveReference(deps, clinicId, requestId, now),
  ]);
  if (!rota) throw notFound('clinic');
  const service = rota.services.find((s) => s.serviceId === input.serviceId);
  if (!service) throw invalid([{ path: 'serviceId', message: 'no such service in this clinic' }]);

  const needs = {
    ...(input.language !== undefined && { language: input.language }),
    ...(input.ageGroup !== undefined && { ageGroup: input.ageGroup }),
  };
  const { route, routedServiceId, routedServiceName } = resolveRoute(rota, service, now, needs);
  const fresh = createRequest({
    requestId,
    clinicId,
    serviceId: service.serviceId,
    routedServiceId,
    urgency: input.urgency,
    route,
    now,
  });
  const started = decide(fresh, { type: 'start' }, now);
  if (started.unchanged) throw new Error(`a new request did not start: ${started.reason}`);
  const stored: StoredRequest = {
    request: started.request,
    details: {
      summary: input.summary,
      ...(input.callbackPhone ? { callbackPhone: input.callbackPhone } : {}),
      ...(input.requesterName ? { requesterName: input.requesterName } : {}),
      ...needs,
    },
    reference,
    clinicName: rota.clinic.name,
    ...(rota.clinic.emergencyProtocol && { emergencyProtocol: rota.clinic.emergencyProtocol }),
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
    // A retry after a crash between the first step and its page: send again what is still pending.
    await redeliver(deps, existing);
    return { stored: (await deps.requests.get(clinicId, requestId)) ?? existing, replayed: true };
  }
  // Nobody can have answered a page not sent yet: no last look needed before this one.
  return { stored: await runActions(deps, stored, started.actions, { recheck: false }), replayed: false };
}
