import { awsAdminDeps } from '../deps/aws-deps.js';
import { httpOptionsFromEnv } from '../deps/env.js';
import { createLogger } from '../http/logger.js';
import { createHandler } from './handler.js';

export const handler = createHandler(awsAdminDeps(), createLogger(), httpOptionsFromEnv());
