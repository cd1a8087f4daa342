import type { Logger } from '@aws-lambda-powertools/logger';
import { reviewCover } from '../../shared/app/cover/answer-cover.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { reviewCoverSchema } from '../../shared/schemas/cover.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { coverParams } from '../http/params.js';

export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: coverParams,
    body: reviewCoverSchema,
    handle: ({ principal, params, body }) =>
      reviewCover(deps, principal, params.clinicId, params.coverId, body.decision),
  });
