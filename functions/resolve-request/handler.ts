import type { Logger } from '@aws-lambda-powertools/logger';
import { resolveRequest } from '../../shared/app/requests/close-request.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { resolveRequestSchema } from '../../shared/schemas/request.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { requestParams } from '../http/params.js';
import { optionalJsonBody } from '../http/parse-input.js';

export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: requestParams,
    handle: async ({ principal, params, event }) => {
      const input = optionalJsonBody(event, resolveRequestSchema);
      const stored = await resolveRequest(deps, principal, params.clinicId, params.requestId, input);
      return requestView(stored, principal);
    },
  });
