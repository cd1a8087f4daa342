import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { createOverride } from '../../shared/app/overrides.js';
import { createOverrideSchema } from '../../shared/schemas/override.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    body: createOverrideSchema,
    status: 201,
    handle: ({ principal, params, body }) =>
      createOverride(deps, principal, params.clinicId, params.serviceId, body),
  });
