// Requests for the queue tests, on either store: submitted through the real use case at chosen instants,
// in two clinics, and closed by writing the stored request (as any step would, through the adapter).
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createHandler } from '../../functions/list-requests/handler.js';
import { submitRequest } from '../../shared/app/requests/submit-request.js';
import type { Principal } from '../../shared/domain/model.js';
import type { ClinicStore } from '../../shared/ports/clinic-store.js';
import type { RequestStore } from '../../shared/ports/request-store.js';
import { apiEvent, lambdaContext, parse, type ParsedResult } from '../unit/api/events.js';
import { body, clinician, service, type Harness } from '../unit/requests/fakes.js';

export const OTHER_CLINIC = 'southside';
export const otherIntake: Principal = { keyId: 'k-south', clinicId: OTHER_CLINIC, role: 'intake' };
export const platform: Principal = { keyId: 'k-platform', clinicId: '*', role: 'platform' };

/** seedClinic made the second clinic without a rota: give it a service and clinicians, like the first. */
export async function seedSecondClinic(clinics: ClinicStore): Promise<void> {
  for (const id of ['ana', 'ben'] as const)
    await clinics.putClinician(clinician(id, { clinicId: OTHER_CLINIC }));
  await clinics.putService(service({ clinicId: OTHER_CLINIC }));
}

/** Submits one request at `at` (the harness clock is set to it) and answers its id. */
export async function submitAt(
  h: Harness,
  principal: Principal,
  at: number,
  key: string,
  serviceId = 'general',
): Promise<string> {
  h.setNow(at);
  const { stored } = await submitRequest(
    h.deps,
    principal,
    principal.clinicId ?? '',
    key,
    body({ serviceId }),
  );
  return stored.request.requestId;
}

/** Closes a request the way a resolve or cancel step stores it: one conditional write of the new state. */
export async function closeAs(
  store: RequestStore,
  clinicId: string,
  requestId: string,
  status: 'resolved' | 'cancelled',
  now: number,
): Promise<void> {
  const stored = await store.get(clinicId, requestId);
  if (!stored) throw new Error(`no request ${requestId}`);
  const version = stored.request.version;
  const closed = {
    ...stored,
    request: { ...stored.request, status, nextDueAt: null, version: version + 1 },
  };
  if (!(await store.replace(closed, version))) throw new Error(`lost the race closing ${requestId}`);
  await store.releaseReference(clinicId, stored.reference, requestId, now);
}

/** GET …/requests through the real handler, with the given query string and caller. */
export function queueCaller(deps: Harness['deps']) {
  const handler = createHandler(deps, new Logger({ serviceName: 'queue-test', logLevel: 'SILENT' }));
  return async (
    principal: Principal,
    query: Record<string, string> = {},
    clinicId = principal.clinicId ?? 'northside',
  ): Promise<ParsedResult> => {
    const event: APIGatewayProxyEvent = apiEvent({
      method: 'GET',
      resource: '/v1/clinics/{clinicId}/requests',
      pathParameters: { clinicId },
      query: Object.keys(query).length > 0 ? query : null,
      principal,
    });
    return parse(await handler(event, lambdaContext('list-requests')));
  };
}
