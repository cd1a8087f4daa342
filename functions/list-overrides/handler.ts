import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { listOverrides } from '../../shared/app/overrides.js';
import { listOverridesQuerySchema } from '../../shared/schemas/page-query.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    query: listOverridesQuerySchema,
    handle: ({ principal, params, query }) =>
      listOverrides(deps, principal, params.clinicId, params.serviceId, query),
  });
