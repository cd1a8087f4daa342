import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { deleteOverride } from '../../shared/app/overrides.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { overrideParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: overrideParams,
    status: 204,
    handle: ({ principal, params }) =>
      deleteOverride(deps, principal, params.clinicId, params.serviceId, params.overrideId),
  });
