import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { correlationIdOf, createLogger } from './logger.js';

export const createMetrics = () => new Metrics({ namespace: 'CrisisRouter', serviceName: 'crisis-router' });

// The logger created with each metrics buffer, so withMetrics (whose signature the index files use) can
// stamp its log lines with the invocation's context and correlation id.
const loggerOf = new WeakMap<Metrics, Logger>();

/** One logger and one metrics buffer per function process. */
export function createObservability(): { logger: Logger; metrics: Metrics } {
  const logger = createLogger();
  const metrics = createMetrics();
  loggerOf.set(metrics, logger);
  return { logger, metrics };
}

const isApiGatewayEvent = (event: unknown) =>
  typeof event === 'object' && event !== null && 'requestContext' in event;

const isContext = (value: unknown): value is Context =>
  typeof value === 'object' && value !== null && 'awsRequestId' in value;

/**
 * Flushes the metrics a use case recorded, whatever the outcome of the invocation. For event-driven
 * functions (SQS, SNS, schedule) it also adds the Lambda context and the correlation id to every log line;
 * HTTP functions get both from their middleware (functions/http/http-route.ts), exactly once.
 */
export function withMetrics<A extends unknown[], R>(metrics: Metrics, handler: (...args: A) => Promise<R>) {
  const logger = loggerOf.get(metrics);
  return async (...args: A): Promise<R> => {
    // Lambda passes (event, context) whatever the handler declares.
    const [event, context] = args as unknown[];
    const stamp = logger !== undefined && !isApiGatewayEvent(event);
    if (stamp) {
      if (isContext(context)) logger.addContext(context);
      const correlationId = correlationIdOf(event);
      if (correlationId) logger.setCorrelationId(correlationId);
    }
    try {
      return await handler(...args);
    } finally {
      // Nothing recorded, nothing to write: Powertools would log a plain-text warning on every empty flush
      // (the sweeper alone runs 1440 times a day).
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      if (stamp) logger.resetKeys();
    }
  };
}
