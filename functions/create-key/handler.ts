import type { Logger } from '@aws-lambda-powertools/logger';
import { createKey } from '../../shared/app/api-keys.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { createKeySchema } from '../../shared/schemas/key.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    body: createKeySchema,
    status: 201,
    handle: ({ principal, params, body }) => createKey(deps, principal, params.clinicId, body),
  });
