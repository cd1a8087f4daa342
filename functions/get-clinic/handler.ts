import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { getClinic } from '../../shared/app/clinics.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    handle: ({ principal, params }) => getClinic(deps, principal, params.clinicId),
  });
