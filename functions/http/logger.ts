import { Logger } from '@aws-lambda-powertools/logger';

// One logger per function process. Never log bodies, summaries or phone numbers: ids and codes only.
export const createLogger = (serviceName = 'crisis-router') => new Logger({ serviceName });

type EventShape = {
  requestContext?: { requestId?: unknown };
  Records?: Array<{ messageId?: unknown; Sns?: { MessageId?: unknown } }>;
  id?: unknown;
  'detail-type'?: unknown;
};

/**
 * The id that ties one invocation's log lines to the request that caused it: the API Gateway request id
 * (the `requestId` of the API access log), else the SQS or SNS message id(s) of the batch, else the
 * EventBridge event id. Never anything from a body.
 */
export function correlationIdOf(event: unknown): string | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const shape = event as EventShape;
  const requestId = shape.requestContext?.requestId;
  if (typeof requestId === 'string' && requestId !== '') return requestId;
  if (Array.isArray(shape.Records)) {
    const ids = shape.Records.map((r) => r.messageId ?? r.Sns?.MessageId).filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    return ids.length > 0 ? ids.join(',') : undefined;
  }
  if (typeof shape.id === 'string' && shape['detail-type'] !== undefined) return shape.id;
  return undefined;
}
