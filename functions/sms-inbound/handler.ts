import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { answerInboundSms } from '../../shared/app/requests/sms-reply.js';
import { twoWaySmsSchema } from '../../shared/schemas/inbound-sms.js';

/** Replies to pages. The answer goes back by SMS to the sender; nothing here logs a number or a body. */
export const createHandler = (deps: RequestDeps, logger: Logger) =>
  async function smsInbound(event: SNSEvent): Promise<void> {
    for (const record of event.Records) {
      const parsed = twoWaySmsSchema.safeParse(safeJson(record.Sns.Message));
      if (!parsed.success) {
        logger.warn('inbound SMS not understood', { messageId: record.Sns.MessageId });
        continue;
      }
      const { originationNumber, messageBody } = parsed.data;
      const { matched, replyFailure } = await answerInboundSms(deps, originationNumber, messageBody);
      logger.info('inbound SMS handled', { messageId: record.Sns.MessageId, matched });
      if (replyFailure) logger.warn('SMS reply not sent', { code: replyFailure });
    }
  };

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
