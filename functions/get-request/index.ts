import { awsRequestDeps } from '../deps/aws-request-deps.js';
import { primeProvisioned } from '../deps/prime-provisioned.js';
import { primeDynamo } from '../deps/primers/dynamo.js';
import { httpOptionsFromEnv } from '../deps/env.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { functionEntry } from '../routes.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
const deps = awsRequestDeps(functionEntry('get-request'), { logger, metrics });
await primeProvisioned([primeDynamo], logger);
export const handler = withMetrics(metrics, createHandler(deps, logger, httpOptionsFromEnv()));
