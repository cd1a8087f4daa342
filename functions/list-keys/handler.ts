import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { listKeys } from '../../shared/app/api-keys.js';
import { pageQuerySchema } from '../../shared/schemas/page-query.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    query: pageQuerySchema,
    handle: ({ principal, params, query }) => listKeys(deps, principal, params.clinicId, query),
  });
