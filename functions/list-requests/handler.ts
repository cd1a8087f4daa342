import type { Logger } from '@aws-lambda-powertools/logger';
import { listRequests } from '../../shared/app/requests/list-requests.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { listRequestsQuerySchema } from '../../shared/schemas/request-query.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    query: listRequestsQuerySchema,
    handle: ({ principal, params, query }) => listRequests(deps, principal, params.clinicId, query),
  });
