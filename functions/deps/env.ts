/** Reads a required variable once at cold start; a missing one fails the deploy's first call loudly, by name. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

/** Comma-separated browser origins the HTTP functions answer CORS for (set by the CDK app from config). */
export const CORS_ORIGINS_ENV = 'CORS_ALLOWED_ORIGINS';
