import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MISSING_KEY_MESSAGE, type HttpHandler } from '../../functions/http/http-route.js';
import { authorizerContext } from '../../functions/http/principal.js';
import { errorJson } from '../../functions/http/responses.js';
import type { RouteDefinition } from '../../functions/routes.js';
import type { Principal } from '../../shared/domain/model.js';
import { BodyTooLargeError, lambdaContext, readBody, toProxyEvent, writeResult } from './lambda-event.js';
import { matchRoute } from './match-route.js';

export interface LocalServerOptions {
  routes: readonly RouteDefinition[];
  handlers: Record<string, HttpHandler>;
  /** The authorizer's core: the same code the Lambda authorizer runs. */
  authenticate(authorization: string | undefined): Promise<Principal | null>;
  onError?(error: unknown): void;
}

/** API Gateway in miniature: route, authorize, build the proxy event, call the handler. */
export function createLocalServer(options: LocalServerOptions): Server {
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = matchRoute(options.routes, req.method ?? 'GET', url.pathname);
    if (match === null) return writeResult(res, errorJson('not_found', 'no such route'));
    if ('notAllowed' in match) {
      const allowed = match.notAllowed;
      const answer = errorJson(
        'method_not_allowed',
        `${req.method} is not allowed here: use ${orList(allowed)}`,
      );
      return writeResult(res, { ...answer, headers: { ...answer.headers, Allow: allowed.join(', ') } });
    }
    const handler = options.handlers[match.route.name];
    if (!handler) return writeResult(res, errorJson('not_found', 'no such route'));

    let authorizer: Record<string, string> | null = null;
    if (match.route.auth === 'key') {
      const principal = await options.authenticate(req.headers.authorization);
      if (!principal) return writeResult(res, errorJson('unauthorized', MISSING_KEY_MESSAGE));
      authorizer = authorizerContext(principal);
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return writeResult(res, errorJson('payload_too_large', 'body too large'));
    }
    const event = toProxyEvent(
      req,
      url,
      body,
      { resource: match.route.path, pathParameters: match.pathParameters },
      authorizer,
    );
    writeResult(res, await handler(event, lambdaContext(match.route.name)));
  };

  return createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) writeResult(res, errorJson('internal_error', 'internal error'));
      else res.end();
    });
  });
}

const orList = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
