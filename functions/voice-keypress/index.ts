import { awsRequestDeps } from '../deps/aws-request-deps.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { functionEntry } from '../routes.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
const deps = awsRequestDeps(functionEntry('voice-keypress'), { logger, metrics });
export const handler = withMetrics(metrics, createHandler(deps, logger));
