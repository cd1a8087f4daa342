import type { Logger } from '@aws-lambda-powertools/logger';
import { verifyContact } from '../../shared/app/contacts/contacts.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { verifyContactSchema } from '../../shared/schemas/clinician.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { contactParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: contactParams,
    body: verifyContactSchema,
    bodyOptional: true,
    handle: ({ principal, params, body }) =>
      verifyContact(
        deps,
        principal,
        params.clinicId,
        { clinicianId: params.clinicianId },
        params.contactId,
        body,
      ),
  });
