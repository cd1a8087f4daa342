import type { Logger } from '@aws-lambda-powertools/logger';
import { cancelCover } from '../../shared/app/cover/answer-cover.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { coverParams } from '../http/params.js';

export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: coverParams,
    handle: ({ principal, params }) => cancelCover(deps, principal, params.clinicId, params.coverId),
  });
