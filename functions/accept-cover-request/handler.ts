import type { Logger } from '@aws-lambda-powertools/logger';
import { acceptCover } from '../../shared/app/cover/answer-cover.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { coverParams } from '../http/params.js';

/** A colleague takes it with their own key; no body. */
export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: coverParams,
    handle: ({ principal, params }) => acceptCover(deps, principal, params.clinicId, params.coverId),
  });
