import type { Logger } from '@aws-lambda-powertools/logger';
import { actAsAcceptor } from '../../shared/app/requests/close-request.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { handbackRequestSchema } from '../../shared/schemas/request.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { requestParams } from '../http/params.js';
import { readJsonBody, validate } from '../http/parse-input.js';

/** POST …/handback {reason}: the acceptor can't take it after all; the next level is paged at once. */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: requestParams,
    handle: async ({ principal, params, event }) => {
      const { reason } = validate(handbackRequestSchema, readJsonBody(event));
      const stored = await actAsAcceptor(deps, principal, params.clinicId, params.requestId, {
        type: 'handback',
        reason,
      });
      return requestView(stored, principal);
    },
  });
