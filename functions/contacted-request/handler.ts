import type { Logger } from '@aws-lambda-powertools/logger';
import { actAsAcceptor } from '../../shared/app/requests/close-request.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { requestActionSchema } from '../../shared/schemas/request.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { requestParams } from '../http/params.js';
import { optionalJsonBody } from '../http/parse-input.js';

/** POST …/contacted: the acceptor called the caller back; the resolve deadline starts. */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: requestParams,
    handle: async ({ principal, params, event }) => {
      optionalJsonBody(event, requestActionSchema);
      const stored = await actAsAcceptor(deps, principal, params.clinicId, params.requestId, {
        type: 'contacted',
      });
      return requestView(stored, principal);
    },
  });
