import type { Logger } from '@aws-lambda-powertools/logger';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { putClinic } from '../../shared/app/clinics.js';
import { putClinicSchema } from '../../shared/schemas/clinic.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    body: putClinicSchema,
    handle: ({ principal, params, body }) => putClinic(deps, principal, params.clinicId, body),
  });
