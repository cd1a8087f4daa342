import type { Logger } from '@aws-lambda-powertools/logger';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { respondByApi } from '../../shared/app/requests/respond-to-page.js';
import { requestActionSchema } from '../../shared/schemas/request.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { requestParams } from '../http/params.js';
import { optionalJsonBody } from '../http/parse-input.js';

export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: requestParams,
    handle: async ({ principal, params, event }) => {
      optionalJsonBody(event, requestActionSchema);
      const stored = await respondByApi(deps, principal, params.clinicId, params.requestId, 'acknowledge');
      return requestView(stored, principal);
    },
  });
