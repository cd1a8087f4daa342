import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { actOnCase, type CaseAction } from '../../shared/app/requests/case-links.js';
import { explainUnchanged } from '../../shared/app/requests/explain.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { caseFormSchema } from '../../shared/schemas/request.js';
import { badFormPage, seeOther } from '../http/ack-pages.js';
import { casePage } from '../http/case-page.js';
import { readForm } from '../http/form.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';
import { MAX_BODY_BYTES } from '../http/parse-input.js';

function caseAction(event: APIGatewayProxyEvent): CaseAction | string {
  const form = readForm(event);
  if (!form) return 'Use the buttons on the case page.';
  // An empty optional note is no note.
  if (form.note === '') delete form.note;
  const parsed = caseFormSchema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'action');
    if (field === 'outcome') return 'Choose how it ended before resolving.';
    if (field === 'reason') return `Say why you are handing it back: ${issue?.message ?? ''}.`;
    if (field === 'note') return `The note ${issue?.message ?? 'is not valid'}.`;
    return 'Use the buttons on the case page.';
  }
  const data = parsed.data;
  if (data.action === 'resolve')
    return { type: 'resolve', outcome: data.outcome, ...(data.note ? { note: data.note } : {}) };
  if (data.action === 'handback') return { type: 'handback', reason: data.reason };
  return { type: 'contacted' };
}

/**
 * POST /case/{token}: Contacted, Resolve or Hand back, then back to the case page (post/redirect/get, so
 * a reload never posts twice). The note is never logged.
 */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
    if ((event.body?.length ?? 0) > MAX_BODY_BYTES) return badFormPage(413, 'The form is too large.');
    const token = event.pathParameters?.token ?? '';
    const action = caseAction(event);
    if (typeof action === 'string') return badFormPage(400, action);
    const result = await actOnCase(deps, token, action);
    if (result.kind === 'not_active') return casePage(result.view, deps.clock());
    const { outcome } = result;
    if (outcome.kind === 'unchanged' && outcome.decision.reason !== 'already_contacted')
      return badFormPage(409, explainUnchanged(outcome.decision, action.type).message);
    logger.info('case action', { requestId: outcome.stored.request.requestId, action: action.type });
    return seeOther(action.type === 'contacted' ? `${token}?done=contacted` : token);
  });
