import type { Logger } from '@aws-lambda-powertools/logger';
import { putClinicSettings } from '../../shared/app/clinics.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { clinicSettingsSchema } from '../../shared/schemas/clinic.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    body: clinicSettingsSchema,
    handle: ({ principal, params, body }) => putClinicSettings(deps, principal, params.clinicId, body),
  });
