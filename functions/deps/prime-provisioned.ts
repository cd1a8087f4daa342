import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Temporal } from 'temporal-polyfill';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';

/** The part of a signed request the local answers read. */
interface SentRequest {
  headers: Record<string, string>;
  body?: unknown;
}

/** What a function's first page touches, to run once before it: the SDK clients it sends with, time zones. */
export interface PrimeTargets {
  dynamo?: boolean;
  sns?: boolean;
  sqs?: boolean;
  /** Rota maths: the first zoned conversion loads ICU's time-zone data and warms the Temporal polyfill. */
  timeZones?: boolean;
}

/**
 * In an environment Lambda provisions ahead of traffic (AWS_LAMBDA_INITIALIZATION_TYPE), runs each client's
 * code once, so the first page does not: serializers, middleware, signing and endpoint rules cost about
 * 60 ms on first use (docs/benchmarks.md, 5c) and init there happens at deploy, not on a page. The clients
 * are throwaways answered inside the process: nothing is sent, nothing written, the real clients untouched.
 * On-demand environments skip it (their init is on the page's path either way). Best effort: a failure is
 * reported and init goes on, since a slow first page beats a function that cannot start.
 */
export async function primeProvisioned(
  targets: PrimeTargets,
  logger: Pick<Logger, 'warn'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency') return 0;
  const answered = { count: 0 };
  const region = env.AWS_REGION || 'us-east-1';
  const config = {
    region,
    credentials: { accessKeyId: 'prime', secretAccessKey: 'prime' },
    requestHandler: { handle: async (request: SentRequest) => answerLocally(request, answered) },
  };
  try {
    if (targets.timeZones)
      Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO('Europe/London').startOfDay();
    const sends: Array<Promise<unknown>> = [];
    if (targets.dynamo) {
      const db = createDocumentClient(config);
      const key = { PK: 'PRIME', SK: 'PRIME' };
      sends.push(
        db.send(new GetCommand({ TableName: 'prime', Key: key })),
        db.send(
          new QueryCommand({
            TableName: 'prime',
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': 'PRIME' },
          }),
        ),
        db.send(
          new PutCommand({
            TableName: 'prime',
            Item: { ...key, n: 1 },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      );
    }
    if (targets.sns)
      sends.push(
        new SNSClient(config).send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'prime' })),
      );
    if (targets.sqs)
      sends.push(
        // The queue URL stays as it is: the answer is local whatever its host.
        new SQSClient({ ...config, useQueueUrlAsEndpoint: false }).send(
          new SendMessageCommand({
            QueueUrl: `https://sqs.${region}.amazonaws.com/000000000000/prime`,
            MessageBody: 'prime',
            DelaySeconds: 1,
          }),
        ),
      );
    await Promise.all(sends);
  } catch (error) {
    logger.warn('priming the provisioned environment failed', { errorName: (error as Error).name });
  }
  return answered.count;
}

/** The smallest valid answer of each call above, in its service's protocol. */
function answerLocally(request: SentRequest, answered: { count: number }) {
  answered.count++;
  const body =
    typeof request.body === 'string'
      ? request.body
      : request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : '';
  const target = String(request.headers['x-amz-target'] ?? '');
  const answer = (contentType: string, text: string) => ({
    response: {
      statusCode: 200,
      headers: { 'content-type': contentType },
      body: new TextEncoder().encode(text),
    },
  });
  const json = (value: unknown) => answer('application/x-amz-json-1.0', JSON.stringify(value));
  if (target.startsWith('DynamoDB_20120810.'))
    return json(target.endsWith('.Query') ? { Items: [], Count: 0 } : {});
  if (target === 'AmazonSQS.SendMessage') {
    const { MessageBody } = JSON.parse(body) as { MessageBody: string };
    return json({
      MessageId: 'prime',
      MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
    });
  }
  return answer(
    'text/xml',
    '<PublishResponse><PublishResult><MessageId>prime</MessageId></PublishResult>' +
      '<ResponseMetadata><RequestId>prime</RequestId></ResponseMetadata></PublishResponse>',
  );
}
