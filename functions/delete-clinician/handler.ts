import type { Logger } from '@aws-lambda-powertools/logger';
import { deleteClinician } from '../../shared/app/clinician-deletion.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicianParams } from '../http/params.js';

// Contact deps: the clinician's email methods are subscriptions of the page topic, ended with them.
export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicianParams,
    status: 204,
    handle: ({ principal, params }) => deleteClinician(deps, principal, params.clinicId, params.clinicianId),
  });
