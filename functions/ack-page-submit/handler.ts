import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { explainUnchanged } from '../../shared/app/requests/explain.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { eventTypeOf, respondByLink } from '../../shared/app/requests/respond-to-page.js';
import { ackFormSchema } from '../../shared/schemas/request.js';
import { acceptedPage, badFormPage, declinedPage, invalidLinkPage, noLongerPage } from '../http/ack-pages.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';
import { MAX_BODY_BYTES, readHeader } from '../http/parse-input.js';

function formAction(event: APIGatewayProxyEvent): 'acknowledge' | 'decline' | null {
  const type = readHeader(event, 'content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return null;
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const parsed = ackFormSchema.safeParse({ action: new URLSearchParams(raw).get('action') });
  return parsed.success ? parsed.data.action : null;
}

/** POST /ack/{token}: a plain HTML form post (works without JavaScript), single use. */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
    if ((event.body?.length ?? 0) > MAX_BODY_BYTES) return badFormPage(413, 'The form is too large.');
    const action = formAction(event);
    if (!action) return badFormPage(400, 'Choose Accept or Can\u2019t take it on the page.');
    const result = await respondByLink(deps, event.pathParameters?.token ?? '', action);
    if (result.kind === 'invalid') return invalidLinkPage();
    if (result.kind === 'used') return noLongerPage(result.stored, 'This link has already been used.');
    const { outcome } = result;
    // Says why nothing changed, e.g. that the clinician who accepted can't decline now.
    if (outcome.kind === 'unchanged')
      return noLongerPage(outcome.stored, explainUnchanged(outcome.decision, eventTypeOf(action)).message);
    logger.info('page answered by link', { requestId: outcome.stored.request.requestId, action });
    return action === 'acknowledge' ? acceptedPage(outcome.stored) : declinedPage(outcome.stored);
  });
