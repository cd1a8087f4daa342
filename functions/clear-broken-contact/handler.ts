import type { Logger } from '@aws-lambda-powertools/logger';
import { clearBrokenContact } from '../../shared/app/clinicians.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { brokenContactParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: brokenContactParams,
    handle: ({ principal, params }) =>
      clearBrokenContact(deps, principal, params.clinicId, params.clinicianId, params.channel),
  });
