import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { putService } from '../../shared/app/services.js';
import { putServiceSchema } from '../../shared/schemas/service.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    body: putServiceSchema,
    handle: ({ principal, params, body }) =>
      putService(deps, principal, params.clinicId, params.serviceId, body),
  });
