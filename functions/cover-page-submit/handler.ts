import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { acceptByLink } from '../../shared/app/cover/cover-links.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { coverFormSchema } from '../../shared/schemas/cover.js';
import { badFormPage, invalidLinkPage, seeOther } from '../http/ack-pages.js';
import { asSentence } from '../http/cover-page.js';
import { readForm } from '../http/form.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';
import { MAX_BODY_BYTES } from '../http/parse-input.js';

/**
 * POST /cover/{token}: the link's colleague takes it, then back to the offer page, which says where it
 * stands (post/redirect/get: a reload never posts twice). A refusal (taken first by someone else) says who.
 */
export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
    if ((event.body?.length ?? 0) > MAX_BODY_BYTES) return badFormPage(413, 'The form is too large.');
    const form = readForm(event);
    if (!form || !coverFormSchema.safeParse(form).success)
      return badFormPage(400, 'Use the button on the cover page.');
    const token = event.pathParameters?.token ?? '';
    const result = await acceptByLink(deps, token);
    if (result.kind === 'invalid') return invalidLinkPage();
    if (result.kind === 'refused') return badFormPage(409, asSentence(result.message));
    logger.info('cover taken by link');
    return seeOther(token);
  });
