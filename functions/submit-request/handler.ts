import type { Logger } from '@aws-lambda-powertools/logger';
import { invalid } from '../../shared/app/errors.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { submitRequest } from '../../shared/app/requests/submit-request.js';
import { idempotencyKeySchema, submitRequestSchema } from '../../shared/schemas/request.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';
import { readHeaderValues, validate } from '../http/parse-input.js';

export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    body: submitRequestSchema,
    status: 202,
    handle: async ({ principal, params, body, event }) => {
      const keys = readHeaderValues(event, 'idempotency-key');
      if (keys.length > 1) throw invalid([{ path: 'Idempotency-Key', message: 'send the header once' }]);
      const key = validate(idempotencyKeySchema, keys[0], 'Idempotency-Key');
      const { stored } = await submitRequest(deps, principal, params.clinicId, key, body);
      logger.info('request accepted', { requestId: stored.request.requestId, status: stored.request.status });
      return requestView(stored, principal);
    },
  });
