import type { Logger } from '@aws-lambda-powertools/logger';
import { putClinician } from '../../shared/app/clinicians.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { putClinicianSchema } from '../../shared/schemas/clinician.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicianParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicianParams,
    body: putClinicianSchema,
    handle: ({ principal, params, body }) =>
      putClinician(deps, principal, params.clinicId, params.clinicianId, body),
  });
