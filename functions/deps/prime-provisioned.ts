import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';

/** What a primer's throwaway clients are made with: answered in the process, never by AWS. */
export interface PrimeConfig {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  requestHandler: { handle(request: SentRequest): Promise<{ response: LocalAnswer }> };
}

/** One first use to run ahead of traffic (functions/deps/primers/): a module each, so a bundle has only its own. */
export type Primer = (config: PrimeConfig) => Promise<unknown>;

/** The part of a signed request the local answers read. */
interface SentRequest {
  headers: Record<string, string>;
  body?: unknown;
}

interface LocalAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * In an environment Lambda provisions ahead of traffic (AWS_LAMBDA_INITIALIZATION_TYPE), runs each primer
 * once, so the first page does not: the SDK clients' serializers, middleware, signing and endpoint rules,
 * and the time-zone data, cost tens of ms on first use (docs/benchmarks.md, 5c), and init there happens at
 * deploy, not on a page. The primers' clients are throwaways answered inside the process: nothing is sent,
 * nothing written, the real clients untouched. On-demand environments skip it (their init is on the first
 * request's path either way). Best effort: a failure is logged by name and init goes on, since a slower
 * first page beats a function that cannot start. Returns how many calls were answered locally.
 */
export async function primeProvisioned(
  primers: readonly Primer[],
  logger: Pick<Logger, 'warn'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency') return 0;
  const answered = { count: 0 };
  const config: PrimeConfig = {
    region: env.AWS_REGION || 'us-east-1',
    credentials: { accessKeyId: 'prime', secretAccessKey: 'prime' },
    requestHandler: { handle: async (request) => ({ response: answerLocally(request, answered) }) },
  };
  try {
    await Promise.all(primers.map((prime) => prime(config)));
  } catch (error) {
    logger.warn('priming the provisioned environment failed', { errorName: (error as Error).name });
  }
  return answered.count;
}

/** The smallest valid answer of each primer's call, in its service's protocol. */
function answerLocally(request: SentRequest, answered: { count: number }): LocalAnswer {
  answered.count++;
  const body =
    typeof request.body === 'string'
      ? request.body
      : request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : '';
  const target = String(request.headers['x-amz-target'] ?? '');
  const answer = (contentType: string, text: string) => ({
    statusCode: 200,
    headers: { 'content-type': contentType },
    body: new TextEncoder().encode(text),
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
  // SNS's query protocol: an XML answer.
  return answer(
    'text/xml',
    '<PublishResponse><PublishResult><MessageId>prime</MessageId></PublishResult>' +
      '<ResponseMetadata><RequestId>prime</RequestId></ResponseMetadata></PublishResponse>',
  );
}
