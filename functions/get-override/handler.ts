import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { getOverride } from '../../shared/app/overrides.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { overrideParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: overrideParams,
    handle: ({ principal, params }) =>
      getOverride(deps, principal, params.clinicId, params.serviceId, params.overrideId),
  });
