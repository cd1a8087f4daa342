import type { Logger } from '@aws-lambda-powertools/logger';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';
import { json } from '../http/responses.js';

/** Liveness only: no table read, so a probe can never cost capacity or leak anything. */
export const createHandler = (logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async () => json(200, { ok: true }));
