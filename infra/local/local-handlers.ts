import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import type { HttpHandler } from '../../functions/http/http-route.js';
import { createHandler as clearBrokenContact } from '../../functions/clear-broken-contact/handler.js';
import { createHandler as createKey } from '../../functions/create-key/handler.js';
import { createHandler as createOverride } from '../../functions/create-override/handler.js';
import { createHandler as deleteOverride } from '../../functions/delete-override/handler.js';
import { createHandler as getClinic } from '../../functions/get-clinic/handler.js';
import { createHandler as getClinician } from '../../functions/get-clinician/handler.js';
import { createHandler as getOncall } from '../../functions/get-oncall/handler.js';
import { createHandler as getService } from '../../functions/get-service/handler.js';
import { createHandler as getShifts } from '../../functions/get-shifts/handler.js';
import { createHandler as health } from '../../functions/health/handler.js';
import { createHandler as listClinicians } from '../../functions/list-clinicians/handler.js';
import { createHandler as listServices } from '../../functions/list-services/handler.js';
import { createHandler as putClinic } from '../../functions/put-clinic/handler.js';
import { createHandler as putClinician } from '../../functions/put-clinician/handler.js';
import { createHandler as putService } from '../../functions/put-service/handler.js';
import { createHandler as revokeKey } from '../../functions/revoke-key/handler.js';
import { createHandler as submitRequest } from '../../functions/submit-request/handler.js';
import { createHandler as getRequest } from '../../functions/get-request/handler.js';
import { createHandler as acknowledgeRequest } from '../../functions/acknowledge-request/handler.js';
import { createHandler as declineRequest } from '../../functions/decline-request/handler.js';
import { createHandler as resolveRequest } from '../../functions/resolve-request/handler.js';
import { createHandler as cancelRequest } from '../../functions/cancel-request/handler.js';
import { createHandler as ackPage } from '../../functions/ack-page/handler.js';
import { createHandler as ackPageSubmit } from '../../functions/ack-page-submit/handler.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';

/** The same factories the Lambda entry points call, given the local stack's dependencies. */
export function localHandlers(
  deps: AdminDeps,
  requestDeps: RequestDeps,
  logger: Logger,
): Record<string, HttpHandler> {
  return {
    health: health(logger),
    'put-clinic': putClinic(deps, logger),
    'get-clinic': getClinic(deps, logger),
    'create-key': createKey(deps, logger),
    'revoke-key': revokeKey(deps, logger),
    'put-clinician': putClinician(deps, logger),
    'get-clinician': getClinician(deps, logger),
    'clear-broken-contact': clearBrokenContact(deps, logger),
    'list-clinicians': listClinicians(deps, logger),
    'put-service': putService(deps, logger),
    'get-service': getService(deps, logger),
    'list-services': listServices(deps, logger),
    'create-override': createOverride(deps, logger),
    'delete-override': deleteOverride(deps, logger),
    'get-oncall': getOncall(deps, logger),
    'get-shifts': getShifts(deps, logger),
    'submit-request': submitRequest(requestDeps, logger),
    'get-request': getRequest(requestDeps, logger),
    'acknowledge-request': acknowledgeRequest(requestDeps, logger),
    'decline-request': declineRequest(requestDeps, logger),
    'resolve-request': resolveRequest(requestDeps, logger),
    'cancel-request': cancelRequest(requestDeps, logger),
    'ack-page': ackPage(requestDeps, logger),
    'ack-page-submit': ackPageSubmit(requestDeps, logger),
  };
}
