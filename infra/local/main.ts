import { resolve } from 'node:path';
import { startLocalStack } from './local-stack.js';
import { printBanner } from './banner.js';

// `npm start`: the real handlers on a local HTTP server with embedded DynamoDB. Configured by env only.
function sweepIntervalMs(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100)
    throw new Error('SWEEP_INTERVAL_MS must be whole milliseconds, >= 100');
  return ms;
}

const stack = await startLocalStack({
  port: Number(process.env.PORT ?? 3000),
  dataDir: resolve(process.env.DATA_DIR ?? '.data'),
  platformKey: process.env.CRISIS_ROUTER_PLATFORM_KEY || undefined,
  seed: process.env.SEED !== 'none',
  logLevel: process.env.LOG_LEVEL,
  sweepIntervalMs: sweepIntervalMs(process.env.SWEEP_INTERVAL_MS),
});
printBanner(stack);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    stack.close().finally(() => process.exit(0));
  });
