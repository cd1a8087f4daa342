import { awsCoverDeps } from '../deps/aws-cover-deps.js';
import { httpOptionsFromEnv } from '../deps/env.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { functionEntry } from '../routes.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
const deps = awsCoverDeps(functionEntry('create-cover-request'), { logger, metrics });
export const handler = withMetrics(metrics, createHandler(deps, logger, httpOptionsFromEnv()));
