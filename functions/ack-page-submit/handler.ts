import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { explainUnchanged } from '../../shared/app/requests/explain.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { caseLinkFromPage, eventTypeOf, respondByLink } from '../../shared/app/requests/respond-to-page.js';
import { ackFormSchema } from '../../shared/schemas/request.js';
import { badFormPage, declinedPage, invalidLinkPage, noLongerPage, seeOther } from '../http/ack-pages.js';
import { readForm } from '../http/form.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';
import { MAX_BODY_BYTES } from '../http/parse-input.js';

/**
 * From /ack/{token} to /case/{caseToken}, relative: the browser stays on the origin it used (the form's CSP
 * allows only 'self'), and an API stage path is kept.
 */
const casePath = (caseUrl: string) => `../case/${caseUrl.slice(caseUrl.lastIndexOf('/') + 1)}`;

function formAction(event: APIGatewayProxyEvent): 'acknowledge' | 'decline' | 'case' | null {
  const parsed = ackFormSchema.safeParse({ action: readForm(event)?.action });
  return parsed.success ? parsed.data.action : null;
}

/**
 * POST /ack/{token}: a plain HTML form post (works without JavaScript). Accept and decline are single use;
 * accepting leads straight to the case page, and "Open the case" works for the acceptor at any time.
 */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
    if ((event.body?.length ?? 0) > MAX_BODY_BYTES) return badFormPage(413, 'The form is too large.');
    const action = formAction(event);
    if (!action) return badFormPage(400, 'Choose Accept or Can\u2019t take it on the page.');
    const token = event.pathParameters?.token ?? '';
    if (action === 'case') {
      const caseUrl = await caseLinkFromPage(deps, token);
      return caseUrl ? seeOther(casePath(caseUrl)) : invalidLinkPage();
    }
    const result = await respondByLink(deps, token, action);
    if (result.kind === 'invalid') return invalidLinkPage();
    if (result.kind === 'used') return noLongerPage(result.stored, 'This link has already been used.');
    const { outcome } = result;
    if (result.caseUrl) {
      logger.info('page answered by link', { requestId: outcome.stored.request.requestId, action });
      return seeOther(`${casePath(result.caseUrl)}?done=accepted`);
    }
    // Says why nothing changed, e.g. that the clinician who accepted can't decline now.
    if (outcome.kind === 'unchanged')
      return noLongerPage(outcome.stored, explainUnchanged(outcome.decision, eventTypeOf(action)).message);
    logger.info('page answered by link', { requestId: outcome.stored.request.requestId, action });
    return declinedPage(outcome.stored);
  });
