import type { Logger } from '@aws-lambda-powertools/logger';
import { removeContact } from '../../shared/app/contacts/contacts.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { fallbackContactParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: fallbackContactParams,
    status: 204,
    handle: ({ principal, params }) =>
      removeContact(deps, principal, params.clinicId, { fallbackId: params.fallbackId }, params.contactId),
  });
