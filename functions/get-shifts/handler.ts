import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { getShifts } from '../../shared/app/on-call.js';
import { shiftsQuerySchema } from '../../shared/schemas/rota-query.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    query: shiftsQuerySchema,
    handle: ({ principal, params, query }) =>
      getShifts(deps, principal, params.clinicId, params.serviceId, query),
  });
