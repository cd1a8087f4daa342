import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { getGaps } from '../../shared/app/on-call.js';
import { gapsQuerySchema } from '../../shared/schemas/rota-query.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    query: gapsQuerySchema,
    handle: ({ principal, params, query }) =>
      getGaps(deps, principal, params.clinicId, params.serviceId, query),
  });
