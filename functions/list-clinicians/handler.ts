import type { Logger } from '@aws-lambda-powertools/logger';
import { listClinicians } from '../../shared/app/clinicians.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: AdminDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    handle: ({ principal, params }) => listClinicians(deps, principal, params.clinicId),
  });
