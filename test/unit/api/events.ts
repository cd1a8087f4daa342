// Hand-made API Gateway events (REST proxy integration and REQUEST authorizer) and a Lambda context,
// shaped like what API Gateway hands the functions, so handlers run exactly as they do in AWS.
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import type { Principal } from '../../../shared/domain/model.js';

export interface EventSpec {
  method?: string;
  /** The route template, e.g. /v1/clinics/{clinicId}; filled from pathParameters for `path`. */
  resource?: string;
  pathParameters?: Record<string, string> | null;
  query?: Record<string, string> | null;
  /** An object is sent as JSON (with application/json unless contentType says otherwise); a string as is. */
  body?: unknown;
  /** null: no Content-Type header at all. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** The caller as the authorizer established it; null: no authorizer context. */
  principal?: Principal | null;
  /** Raw authorizer context, to send what a broken or foreign authorizer would. */
  authorizer?: Record<string, unknown> | null;
  isBase64Encoded?: boolean;
}

function fill(resource: string, params: Record<string, string> | null): string {
  return resource.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
}

export function apiEvent(spec: EventSpec = {}): APIGatewayProxyEvent {
  const method = spec.method ?? 'GET';
  const resource = spec.resource ?? '/v1/clinics/{clinicId}';
  const pathParameters = spec.pathParameters === undefined ? null : spec.pathParameters;
  const path = fill(resource, pathParameters);
  const body =
    spec.body === undefined ? null : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  const headers: Record<string, string> = { Host: 'api.example.org', ...spec.headers };
  const contentType =
    spec.contentType === undefined ? (body === null ? null : 'application/json') : spec.contentType;
  if (contentType !== null) headers['Content-Type'] = contentType;
  const authorizer =
    spec.authorizer !== undefined
      ? spec.authorizer
      : spec.principal
        ? {
            keyId: spec.principal.keyId,
            clinicId: spec.principal.clinicId,
            role: spec.principal.role,
            clinicianId: spec.principal.clinicianId ?? '',
          }
        : null;
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  const query = spec.query ?? null;
  return {
    httpMethod: method,
    path,
    resource,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: spec.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      authorizer,
      httpMethod: method,
      identity: { sourceIp: '203.0.113.7' },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'req-0001',
      requestTimeEpoch: 0,
      resourceId: 'res1',
      resourcePath: resource,
      stage: 'prod',
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

export const METHOD_ARN_PREFIX = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234';

/** A REQUEST authorizer event for `GET /v1/clinics/c1` on stage prod. */
export function authorizerEvent(
  headers: Record<string, string> | null,
  methodArn = `${METHOD_ARN_PREFIX}/prod/GET/v1/clinics/c1`,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn,
    resource: '/v1/clinics/{clinicId}',
    path: '/v1/clinics/c1',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: headers ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) : null,
    pathParameters: { clinicId: 'c1' },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

export function lambdaContext(functionName = 'api-test'): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'aws-req-0001',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface ParsedResult {
  statusCode: number;
  headers: Record<string, unknown>;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The result with its JSON body parsed (an empty body stays undefined). */
export function parse(result: APIGatewayProxyResult): ParsedResult {
  return {
    statusCode: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, unknown>,
    raw: result.body,
    body: result.body ? JSON.parse(result.body) : undefined,
  };
}
