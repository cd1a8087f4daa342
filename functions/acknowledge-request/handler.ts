import type { Logger } from '@aws-lambda-powertools/logger';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { requestView } from '../../shared/app/requests/request-view.js';
import { issueCaseLink } from '../../shared/app/requests/issue-case-link.js';
import { respondByApi } from '../../shared/app/requests/respond-to-page.js';
import { holdsRequest } from '../../shared/domain/escalation/index.js';
import { requestActionSchema } from '../../shared/schemas/request.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { requestParams } from '../http/params.js';
import { optionalJsonBody } from '../http/parse-input.js';

export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: requestParams,
    handle: async ({ principal, params, event }) => {
      optionalJsonBody(event, requestActionSchema);
      const stored = await respondByApi(deps, principal, params.clinicId, params.requestId, 'acknowledge');
      // The acceptor's case link, for an app that hands the clinician over to the case page.
      const who = stored.request.assignee;
      const caseUrl =
        who && holdsRequest(stored.request, who) ? await issueCaseLink(deps, stored, who) : undefined;
      return { ...requestView(stored, principal), ...(caseUrl && { caseUrl }) };
    },
  });
