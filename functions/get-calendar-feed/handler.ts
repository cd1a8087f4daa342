import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { readFeed, type FeedDeps } from '../../shared/app/calendar/feeds.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';

const NOT_FOUND = 'This calendar feed does not exist or was replaced. Ask for a new link.\n';

/**
 * GET /calendar.ics?feed=…: the feed as iCalendar, for calendar apps (which send no key: the token in the
 * query is the credential, and never lands in a path segment or the access log).
 */
export const createHandler = (deps: FeedDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const feed = await readFeed(deps, event.queryStringParameters?.feed ?? '');
    if (!feed)
      return {
        statusCode: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: NOT_FOUND,
      };
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="on-call.ics"',
        // A calendar app re-reads it every so often; no shared cache should keep someone's rota.
        'cache-control': 'private, max-age=300',
        'x-content-type-options': 'nosniff',
      },
      body: feed.ics,
    };
  });
