import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { onTimer } from '../../shared/app/requests/on-timer.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import type { TimerMessage } from '../../shared/ports/timer.js';
import { timerMessageSchema } from '../../shared/schemas/timer-message.js';

/**
 * Timer messages from the delay queue. Each record is handled on its own; a failed one is reported back
 * for redelivery (then the DLQ), and the others are not redone. Malformed messages are dropped and logged:
 * redelivering them could never succeed.
 */
export const createHandler = (deps: RequestDeps, logger: Logger) =>
  async function escalate(event: SQSEvent): Promise<SQSBatchResponse> {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let message: TimerMessage;
      try {
        message = timerMessageSchema.parse(JSON.parse(record.body)) as TimerMessage;
      } catch {
        logger.error('malformed timer message dropped', { messageId: record.messageId });
        continue;
      }
      try {
        const outcome = await onTimer(deps, message);
        logger.info('timer handled', { requestId: message.requestId, attempt: message.attempt, outcome });
      } catch (error) {
        logger.error('timer failed; will be redelivered', {
          requestId: message.requestId,
          errorName: (error as Error).name,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
