import { awsRequestDeps } from '../deps/aws-request-deps.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
export const handler = withMetrics(
  metrics,
  createHandler(awsRequestDeps({ pages: true, logger, metrics }), logger),
);
