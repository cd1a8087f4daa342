import type { Logger } from '@aws-lambda-powertools/logger';
import { addContact } from '../../shared/app/contacts/contacts.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { addContactSchema } from '../../shared/schemas/clinician.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { fallbackParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: fallbackParams,
    body: addContactSchema,
    // As for a clinician's: 201 whether the method is new or its code was sent again.
    status: 201,
    handle: async ({ principal, params, body }) =>
      (await addContact(deps, principal, params.clinicId, { fallbackId: params.fallbackId }, body)).contact,
  });
