import type { Logger } from '@aws-lambda-powertools/logger';
import { getClinician } from '../../shared/app/clinicians.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicianParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicianParams,
    handle: ({ principal, params }) => getClinician(deps, principal, params.clinicId, params.clinicianId),
  });
