import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Timer, TimerMessage } from '../../ports/timer.js';

/** SQS caps a message delay at 15 minutes; longer waits are re-enqueued by the consumer. */
export const MAX_DELAY_SECONDS = 900;

export function delaySecondsFor(dueAt: number, now: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt - now) / 1000)));
}

export class SqsTimer implements Timer {
  readonly outlivesProcess = true;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async schedule(message: TimerMessage, now: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delaySecondsFor(message.dueAt, now),
      }),
    );
  }
}
