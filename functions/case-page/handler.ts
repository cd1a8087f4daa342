import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { openCase } from '../../shared/app/requests/case-links.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { casePage } from '../http/case-page.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';

/** GET /case/{token}: the acceptor's page; changes nothing, so it can be reopened any number of times. */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
    const view = await openCase(deps, event.pathParameters?.token ?? '');
    return casePage(view, deps.clock(), event.queryStringParameters?.done);
  });
