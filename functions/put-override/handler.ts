import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { updateOverride } from '../../shared/app/overrides.js';
import { putOverrideSchema } from '../../shared/schemas/override.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { overrideParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: overrideParams,
    body: putOverrideSchema,
    handle: ({ principal, params, body }) =>
      updateOverride(deps, principal, params.clinicId, params.serviceId, params.overrideId, body),
  });
