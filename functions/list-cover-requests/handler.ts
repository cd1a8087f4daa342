import type { Logger } from '@aws-lambda-powertools/logger';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { listCovers } from '../../shared/app/cover/list-covers.js';
import { listCoverQuerySchema } from '../../shared/schemas/cover.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    query: listCoverQuerySchema,
    handle: ({ principal, params, query }) => listCovers(deps, principal, params.clinicId, query),
  });
