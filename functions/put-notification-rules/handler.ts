import type { Logger } from '@aws-lambda-powertools/logger';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { putNotificationRules } from '../../shared/app/contacts/notification-rules.js';
import { notificationRulesSchema } from '../../shared/schemas/clinician.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicianParams } from '../http/params.js';

export const createHandler = (deps: ContactDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicianParams,
    body: notificationRulesSchema,
    handle: ({ principal, params, body }) =>
      putNotificationRules(deps, principal, params.clinicId, params.clinicianId, body),
  });
