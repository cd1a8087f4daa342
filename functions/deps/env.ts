import { ENV } from '../../shared/config/env-names.js';
import type { HttpOptions } from '../http/http-route.js';

/** Reads a required variable once at cold start; a missing one fails the deploy's first call loudly, by name. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

/** The HTTP edge's settings, read once at cold start: the browser origins the CDK app allowed (CORS). */
export function httpOptionsFromEnv(): HttpOptions {
  const origins = process.env[ENV.corsAllowedOrigins] ?? '';
  return { allowedOrigins: origins.split(',').filter((origin) => origin !== '') };
}
