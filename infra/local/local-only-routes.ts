import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpOptionsFromEnv } from '../../functions/deps/env.js';
import { withHttpErrors, type HttpHandler } from '../../functions/http/http-route.js';
import { readJsonBody, validate } from '../../functions/http/parse-input.js';
import { json } from '../../functions/http/responses.js';
import type { RouteDefinition } from '../../functions/routes.js';
import type { OutboxPager } from '../../shared/adapters/local/outbox-pager.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { answerInboundSms } from '../../shared/app/requests/sms-reply.js';
import { e164Schema } from '../../shared/schemas/common.js';
import { smsInboundSchema } from '../../shared/schemas/request.js';

/** Routes that exist only on the local stack (docs/api.md, "Local stack"), never in the deployed API. */
export const localOnlyRoutes: readonly RouteDefinition[] = [
  { name: 'local-outbox', method: 'GET', path: '/local/outbox', auth: 'none', tableAccess: 'none' },
  {
    name: 'local-sms-inbound',
    method: 'POST',
    path: '/local/sms-inbound',
    auth: 'none',
    tableAccess: 'none',
  },
];

export function localOnlyHandlers(
  deps: RequestDeps,
  outbox: OutboxPager,
  logger: Logger,
): Record<string, HttpHandler> {
  // The HTTP edge as a function's own: its settings read the same way (no CORS origins unless set).
  const http = httpOptionsFromEnv();
  return {
    'local-outbox': withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
      const phone = event.queryStringParameters?.phone;
      if (phone !== undefined) validate(e164Schema, phone, 'phone');
      const messages = outbox
        .list(phone ? { phone } : {})
        .map(({ to, channel, purpose, text, ackUrl, code, caseUrl, sentAt, clinicianId, messageId }) => ({
          to,
          channel,
          ...(purpose && { purpose }),
          clinicianId,
          text,
          ackUrl,
          code,
          ...(caseUrl && { caseUrl }),
          sentAt,
          messageId,
        }));
      return json(200, { messages });
    }),
    // What AWS End User Messaging's two-way SMS does in production: the reply lands in the outbox too.
    'local-sms-inbound': withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
      const { from, body } = validate(smsInboundSchema, readJsonBody(event));
      const { reply, matched } = await answerInboundSms(deps, from, body);
      return json(200, { matched, reply });
    }),
  };
}
