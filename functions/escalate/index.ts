import { awsRequestDeps } from '../deps/aws-request-deps.js';
import { primeProvisioned } from '../deps/prime-provisioned.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { functionEntry } from '../routes.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
const deps = awsRequestDeps(functionEntry('escalate'), { logger, metrics });
await primeProvisioned({ dynamo: true, sns: true, sqs: true, timeZones: true }, logger);
export const handler = withMetrics(metrics, createHandler(deps, logger));
