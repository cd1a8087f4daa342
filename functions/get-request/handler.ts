import type { Logger } from '@aws-lambda-powertools/logger';
import { getRequest } from '../../shared/app/requests/close-request.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { requestParams } from '../http/params.js';

export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: requestParams,
    handle: async ({ principal, params }) =>
      requestView(await getRequest(deps, principal, params.clinicId, params.requestId), principal),
  });
