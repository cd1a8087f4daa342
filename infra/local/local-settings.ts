// The local stack's settings from the environment, checked so a typo says what to type instead.
import { isIP } from 'node:net';

export interface LocalSettings {
  port: number;
  host: string;
  dataDir: string;
  platformKey?: string;
  seed: boolean;
  logLevel?: string;
  sweepIntervalMs?: number;
}

export function localSettingsFromEnv(env: Record<string, string | undefined>): LocalSettings {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is "${env.PORT}": use a port number such as 3000 (0 picks a free one)`);
  const host = env.HOST || '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0)
    throw new Error(
      `HOST is "${host}": use an IP address, e.g. 0.0.0.0 to let a phone on your network open the links`,
    );
  const sweep = env.SWEEP_INTERVAL_MS;
  let sweepIntervalMs: number | undefined;
  if (sweep !== undefined && sweep !== '') {
    sweepIntervalMs = Number(sweep);
    if (!Number.isInteger(sweepIntervalMs) || sweepIntervalMs < 100)
      throw new Error('SWEEP_INTERVAL_MS must be whole milliseconds, >= 100');
  }
  return {
    port,
    host,
    dataDir: env.DATA_DIR ?? '.data',
    ...(env.CRISIS_ROUTER_PLATFORM_KEY && { platformKey: env.CRISIS_ROUTER_PLATFORM_KEY }),
    seed: env.SEED !== 'none',
    ...(env.LOG_LEVEL && { logLevel: env.LOG_LEVEL }),
    ...(sweepIntervalMs !== undefined && { sweepIntervalMs }),
  };
}

/** Why the stack did not start, in a sentence with what to do. */
export function startFailureMessage(error: unknown, settings: Pick<LocalSettings, 'port' | 'host'>): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'EADDRINUSE')
    return `port ${settings.port} is already in use (another crisis-router, or another program). Stop it, or start on another port: PORT=${settings.port + 1} npm start`;
  if (code === 'EADDRNOTAVAIL')
    return `HOST ${settings.host} is not an address of this machine: use 0.0.0.0 (every interface) or 127.0.0.1`;
  if (code === 'EACCES')
    return `port ${settings.port} needs privileges to listen on: use a port above 1023, e.g. PORT=3000`;
  return `the local stack did not start: ${(error as Error)?.message ?? String(error)}`;
}
