import type { Logger } from '@aws-lambda-powertools/logger';
import { revokeFeed, type FeedDeps } from '../../shared/app/calendar/feeds.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicianParams } from '../http/params.js';

export const createHandler = (deps: FeedDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicianParams,
    status: 204,
    handle: ({ principal, params }) =>
      revokeFeed(deps, principal, params.clinicId, { kind: 'clinician', clinicianId: params.clinicianId }),
  });
