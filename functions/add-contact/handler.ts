import type { Logger } from '@aws-lambda-powertools/logger';
import { addContact } from '../../shared/app/contacts/contacts.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { addContactSchema } from '../../shared/schemas/clinician.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicianParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicianParams,
    body: addContactSchema,
    // 201 for a new method and for a code sent again: either way a code is on its way.
    status: 201,
    handle: async ({ principal, params, body }) =>
      (await addContact(deps, principal, params.clinicId, { clinicianId: params.clinicianId }, body)).contact,
  });
