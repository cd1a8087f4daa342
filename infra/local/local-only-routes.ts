import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpOptionsFromEnv } from '../../functions/deps/env.js';
import { withHttpErrors, type HttpHandler } from '../../functions/http/http-route.js';
import { readJsonBody, validate } from '../../functions/http/parse-input.js';
import { json } from '../../functions/http/responses.js';
import type { RouteDefinition } from '../../functions/routes.js';
import type { OutboxPager } from '../../shared/adapters/local/outbox-pager.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import type { RotaCheckRun } from '../../shared/app/rota-check/check-all-clinics.js';
import { answerInboundSms } from '../../shared/app/requests/sms-reply.js';
import { answerVoiceKeypress, recordCallEnding } from '../../shared/app/requests/voice-keypress.js';
import { CALL_ENDINGS } from '../../shared/domain/escalation/index.js';
import { notFound } from '../../shared/app/errors.js';
import * as z from 'zod';
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
  // Runs the rota check now (a demo, a test): due shift notices and new gaps' alerts land in the outbox.
  { name: 'local-rota-check', method: 'POST', path: '/local/rota-check', auth: 'none', tableAccess: 'none' },
  {
    name: 'local-voice-inbound',
    method: 'POST',
    path: '/local/voice-inbound',
    auth: 'none',
    tableAccess: 'none',
  },
];

// A key pressed during the call, or the way a call ended without one (what the provider reports on AWS).
const voiceInboundSchema = z
  .strictObject({
    callId: z.string().min(1).max(64),
    digits: z
      .string()
      .regex(/^[0-9*#]{1,4}$/, 'must be the keys pressed, e.g. "1"')
      .optional(),
    ended: z.enum(CALL_ENDINGS, { error: `must be one of ${CALL_ENDINGS.join(', ')}` }).optional(),
  })
  .refine((body) => (body.digits === undefined) !== (body.ended === undefined), {
    path: ['digits'],
    message: 'give either digits (the keys pressed) or ended (how the call ended), not both',
  });

export function localOnlyHandlers(
  deps: RequestDeps,
  outbox: OutboxPager,
  logger: Logger,
  checkRota: () => Promise<RotaCheckRun>,
): Record<string, HttpHandler> {
  // The HTTP edge as a function's own: its settings read the same way (no CORS origins unless set).
  const http = httpOptionsFromEnv();
  return {
    'local-outbox': withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
      const phone = event.queryStringParameters?.phone;
      if (phone !== undefined) validate(e164Schema, phone, 'phone');
      const messages = outbox
        .list(phone ? { phone } : {})
        .map(
          ({
            to,
            channel,
            purpose,
            text,
            ackUrl,
            code,
            caseUrl,
            sentAt,
            clinicianId,
            messageId,
            callId,
          }) => ({
            to,
            channel,
            ...(purpose && { purpose }),
            clinicianId,
            text,
            ackUrl,
            code,
            ...(caseUrl && { caseUrl }),
            ...(callId && { callId }),
            sentAt,
            messageId,
          }),
        );
      return json(200, { messages });
    }),
    // What the calling provider does when the person presses a key during a voice page.
    'local-voice-inbound': withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
      const { callId, digits, ended } = validate(voiceInboundSchema, readJsonBody(event));
      const call = outbox.findCall(callId);
      if (!call) throw notFound('call');
      // A code or test call asks for no key, and its end changes nothing.
      if (!call.pageRef)
        return json(200, { result: 'not_understood', say: 'No key is needed on this call. Goodbye.' });
      if (ended) return json(200, { result: await recordCallEnding(deps, call.pageRef, ended) });
      return json(200, await answerVoiceKeypress(deps, call.pageRef, digits ?? ''));
    }),
    'local-rota-check': withHttpErrors(logger, http, async () => json(200, await checkRota())),
    // What AWS End User Messaging's two-way SMS does in production: the reply lands in the outbox too.
    'local-sms-inbound': withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
      const { from, body } = validate(smsInboundSchema, readJsonBody(event));
      const { reply, matched } = await answerInboundSms(deps, from, body);
      return json(200, { matched, reply });
    }),
  };
}
