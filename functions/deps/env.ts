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

/** Origination identity for SMS when the deployment configures one (a number or sender id). */
export function smsAttributes(): Record<string, string> {
  const origination = process.env[ENV.smsOriginationNumber];
  return origination ? { 'AWS.MM.SMS.OriginationNumber': origination } : {};
}
