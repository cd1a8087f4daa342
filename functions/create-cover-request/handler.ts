import type { Logger } from '@aws-lambda-powertools/logger';
import { askForCover } from '../../shared/app/cover/ask-for-cover.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { createCoverSchema } from '../../shared/schemas/cover.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    body: createCoverSchema,
    status: 201,
    handle: ({ principal, params, body }) =>
      askForCover(deps, principal, params.clinicId, params.serviceId, body),
  });
