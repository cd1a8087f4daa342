import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The local server reads at most this much; larger bodies still reach the handler's 413 check. */
const READ_LIMIT_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > READ_LIMIT_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What API Gateway's REST proxy integration would hand the function for this HTTP request. */
export function toProxyEvent(
  req: IncomingMessage,
  url: URL,
  body: string,
  match: { resource: string; pathParameters: Record<string, string> },
  authorizer: Record<string, string> | null,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    const value = req.rawHeaders[i + 1] ?? '';
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    query[key] = value;
    (multiQuery[key] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
  return {
    httpMethod: req.method ?? 'GET',
    path: url.pathname,
    resource: match.resource,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: Object.keys(match.pathParameters).length ? match.pathParameters : null,
    stageVariables: null,
    body: body.length ? body : null,
    isBase64Encoded: false,
    requestContext: {
      authorizer,
      requestId: randomUUID(),
      httpMethod: req.method ?? 'GET',
      path: url.pathname,
      resourcePath: match.resource,
      stage: 'local',
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** Where a context says the function runs: the local stack, or (benchmarks) an AWS region and account. */
export interface LambdaSite {
  readonly region: string;
  readonly account: string;
  readonly logGroupPrefix: string;
  readonly logStreamName: string;
}

export const LOCAL_LAMBDA_SITE: LambdaSite = {
  region: 'local',
  account: '000000000000',
  logGroupPrefix: '/local',
  logStreamName: 'local',
};

/** The context Lambda would pass `functionName` (the logger stamps its name, ARN and request id on each line). */
export function lambdaContext(functionName: string, site: LambdaSite = LOCAL_LAMBDA_SITE): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${site.region}:${site.account}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `${site.logGroupPrefix}/${functionName}`,
    logStreamName: site.logStreamName,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function writeResult(res: ServerResponse, result: APIGatewayProxyResult): void {
  res.writeHead(result.statusCode, result.headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}
