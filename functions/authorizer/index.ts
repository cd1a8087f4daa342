import { awsAdminDeps } from '../deps/aws-deps.js';
import { createLogger } from '../http/logger.js';
import { primeProvisioned } from '../deps/prime-provisioned.js';
import { primeDynamo } from '../deps/primers/dynamo.js';
import { createHandler } from './handler.js';

const logger = createLogger();
const deps = awsAdminDeps();
await primeProvisioned([primeDynamo], logger);
export const handler = createHandler(deps, logger);
