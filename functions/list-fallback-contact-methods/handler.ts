import type { Logger } from '@aws-lambda-powertools/logger';
import { listContacts } from '../../shared/app/contacts/contacts.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { fallbackParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: fallbackParams,
    handle: ({ principal, params }) =>
      listContacts(deps, principal, params.clinicId, { fallbackId: params.fallbackId }),
  });
