import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createLogger } from './logger.js';

export const createMetrics = () => new Metrics({ namespace: 'CrisisRouter', serviceName: 'crisis-router' });

/** One logger and one metrics buffer per function process. */
export function createObservability(): { logger: Logger; metrics: Metrics } {
  return { logger: createLogger(), metrics: createMetrics() };
}

/** Flushes the metrics a use case recorded, whatever the outcome of the invocation. */
export function withMetrics<A extends unknown[], R>(metrics: Metrics, handler: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
