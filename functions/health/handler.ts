import type { Logger } from '@aws-lambda-powertools/logger';
import { withHttpErrors } from '../http/http-route.js';
import { json } from '../http/responses.js';

/** Liveness only: no table read, so a probe can never cost capacity or leak anything. */
export const createHandler = (logger: Logger) => withHttpErrors(logger, async () => json(200, { ok: true }));
