import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Primer } from '../prime-provisioned.js';

/** A delayed timer message, as the timer sends one; the queue URL's host is not used (the answer is local). */
export const primeSqs: Primer = (config) =>
  new SQSClient({ ...config, useQueueUrlAsEndpoint: false }).send(
    new SendMessageCommand({
      QueueUrl: `https://sqs.${config.region}.amazonaws.com/000000000000/prime`,
      MessageBody: 'prime',
      DelaySeconds: 1,
    }),
  );
