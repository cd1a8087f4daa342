import { awsRequestDeps } from '../deps/aws-request-deps.js';
import { primeProvisioned } from '../deps/prime-provisioned.js';
import { primeDynamo } from '../deps/primers/dynamo.js';
import { primeSns } from '../deps/primers/sns.js';
import { primeSqs } from '../deps/primers/sqs.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { functionEntry } from '../routes.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
const deps = awsRequestDeps(functionEntry('escalate'), { logger, metrics });
await primeProvisioned([primeDynamo, primeSns, primeSqs], logger);
export const handler = withMetrics(metrics, createHandler(deps, logger));
