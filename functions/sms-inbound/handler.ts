import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { respondBySms } from '../../shared/app/requests/sms-reply.js';

// AWS End User Messaging two-way SMS publishes this JSON to the topic (DESIGN "Inbound SMS").
const inboundSchema = z.object({
  originationNumber: z.string().regex(/^\+[1-9][0-9]{6,14}$/),
  destinationNumber: z.string().optional(),
  messageBody: z.string().max(1600),
});

/** Replies to pages. The answer goes back by SMS to the sender; nothing here logs a number or a body. */
export const createHandler = (deps: RequestDeps, logger: Logger) =>
  async function smsInbound(event: SNSEvent): Promise<void> {
    for (const record of event.Records) {
      const parsed = inboundSchema.safeParse(safeJson(record.Sns.Message));
      if (!parsed.success) {
        logger.warn('inbound SMS not understood', { messageId: record.Sns.MessageId });
        continue;
      }
      const { originationNumber, messageBody } = parsed.data;
      const { reply, matched } = await respondBySms(deps, originationNumber, messageBody);
      logger.info('inbound SMS handled', { messageId: record.Sns.MessageId, matched });
      const sent = await deps.pager.send({
        channel: 'sms',
        to: originationNumber,
        text: reply,
        ackUrl: '',
        code: '',
      });
      if (!sent.ok) logger.warn('SMS reply not sent', { code: sent.code });
    }
  };

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
