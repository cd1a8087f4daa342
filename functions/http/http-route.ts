import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
// Any zod schema, classic or mini (the request path's schemas are zod/mini: shared/schemas/common.ts).
import type { $ZodType as ZodType } from 'zod/v4/core';
import { AppError } from '../../shared/app/errors.js';
import type { Principal } from '../../shared/domain/model.js';
import { correlationIdOf } from './logger.js';
import { principalFrom } from './principal.js';
import { readJsonBody, validate } from './parse-input.js';
import { errorResponse, internalErrorResponse, json } from './responses.js';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  event: APIGatewayProxyEvent;
}

export interface RouteSpec<P, Q, B> {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** No body at all reads as `{}` (a verify of an email subscription needs no code). */
  bodyOptional?: boolean;
  /** Status for a result; 204 sends no body. */
  status?: number;
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
  /** A result that is not JSON (a CSV download): the whole answer; JSON with `status` otherwise. */
  respond?(result: unknown, input: RouteInput<P, Q, B>): APIGatewayProxyResult | null;
}

export type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** How a function's HTTP edge answers, as its composition root read it once (index.ts: the environment). */
export interface HttpOptions {
  /** Browser origins named on answers (CORS, config `cors.allowedOrigins`); none by default. */
  readonly allowedOrigins?: readonly string[];
}

/** The 401 message for a missing or unknown key: the handlers' and the local server's, one text. */
export const MISSING_KEY_MESSAGE = 'send a valid key as Authorization: Bearer <key>';

/** An authenticated JSON route: principal, then path, query and body validated, then one use case. */
export function httpRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  logger: Logger,
  options: HttpOptions,
  spec: RouteSpec<P, Q, B>,
): HttpHandler {
  const core = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const principal = principalFrom(event);
    if (!principal) throw new AppError('unauthorized', MISSING_KEY_MESSAGE);
    const params = (spec.params ? validate(spec.params, event.pathParameters ?? {}) : {}) as P;
    const query = (spec.query ? validate(spec.query, event.queryStringParameters ?? {}) : {}) as Q;
    const raw = spec.bodyOptional && !event.body ? {} : spec.body ? readJsonBody(event) : undefined;
    const body = (spec.body ? validate(spec.body, raw) : undefined) as B;
    const input = { params, query, body, principal, event };
    const result = await spec.handle(input);
    const answer = spec.respond?.(result, input);
    if (answer) return answer;
    const status = spec.status ?? 200;
    return json(status, status === 204 ? undefined : result);
  };
  return withHttpErrors(logger, options, core);
}

/**
 * Maps known failures to their status and anything else to a bare 500: never a stack trace on the wire.
 * Every log line of the invocation carries the Lambda context and the API Gateway request id as
 * `correlation_id`; the event itself is never logged (it holds bodies), whatever POWERTOOLS_LOGGER_LOG_EVENT says.
 */
export function withHttpErrors(
  logger: Logger,
  options: HttpOptions,
  core: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>,
): HttpHandler {
  return middy(core)
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use({
      before: (request) => {
        const correlationId = correlationIdOf(request.event);
        if (correlationId) logger.setCorrelationId(correlationId);
      },
    })
    .use(corsHeaders(options.allowedOrigins ?? []))
    .use({
      onError: (request) => {
        const error = request.error;
        if (error instanceof AppError) {
          request.response = errorResponse(error);
          return;
        }
        // Stack frames only: an error message might quote data, and logs must never hold PHI.
        const frames = error?.stack
          ?.split('\n')
          .filter((line: string) => line.trimStart().startsWith('at '))
          .join('\n');
        logger.error('unhandled error', { errorName: error?.name, frames });
        request.response = internalErrorResponse();
      },
    }) as unknown as HttpHandler;
}

type HttpRequest = { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | undefined | null };

/** Names the caller's origin on the answer when it is one of the configured ones (config `cors`). */
function corsHeaders(allowedOrigins: readonly string[]) {
  const add = (request: HttpRequest) => {
    if (allowedOrigins.length === 0 || !request.response) return;
    const headers = request.event.headers ?? {};
    const origin = headers.origin ?? headers.Origin;
    if (!origin || !allowedOrigins.includes(origin)) return;
    request.response.headers = {
      ...request.response.headers,
      'Access-Control-Allow-Origin': origin,
      Vary: 'Origin',
    };
  };
  // middy runs `after` and `onError` hooks last-registered first: this one sees the final response.
  return { after: add, onError: add };
}
