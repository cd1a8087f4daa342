import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { openCoverLink } from '../../shared/app/cover/cover-links.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { coverPage } from '../http/cover-page.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';

/** GET /cover/{token}: the offer and its button; changes nothing (link previewers fetch it). */
export const createHandler = (deps: CoverDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) =>
    coverPage(await openCoverLink(deps, event.pathParameters?.token ?? '')),
  );
