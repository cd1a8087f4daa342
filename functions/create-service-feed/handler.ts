import type { Logger } from '@aws-lambda-powertools/logger';
import { createFeed, type FeedDeps } from '../../shared/app/calendar/feeds.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { serviceParams } from '../http/params.js';

export const createHandler = (deps: FeedDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: serviceParams,
    status: 201,
    handle: ({ principal, params }) =>
      createFeed(deps, principal, params.clinicId, { kind: 'service', serviceId: params.serviceId }),
  });
