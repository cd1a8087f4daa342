import { awsReportDeps } from '../deps/aws-report-deps.js';
import { httpOptionsFromEnv } from '../deps/env.js';
import { createLogger } from '../http/logger.js';
import { createHandler } from './handler.js';

export const handler = createHandler(awsReportDeps(), createLogger(), httpOptionsFromEnv());
