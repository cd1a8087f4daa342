import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { getService } from '../../shared/app/services.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    handle: ({ principal, params }) => getService(deps, principal, params.clinicId, params.serviceId),
  });
