import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { getKey } from '../../shared/app/api-keys.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { keyParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: keyParams,
    handle: ({ principal, params }) => getKey(deps, principal, params.clinicId, params.keyId),
  });
