import { resolve } from 'node:path';
import { startLocalStack } from './local-stack.js';
import { printBanner } from './banner.js';
import { localSettingsFromEnv, startFailureMessage } from './local-settings.js';

// `npm start`: the real handlers on a local HTTP server with embedded DynamoDB. Configured by env only;
// a setting or start-up problem is one plain sentence and exit code 1, never a stack trace.
const settings = (() => {
  try {
    return localSettingsFromEnv(process.env);
  } catch (error) {
    console.error(`crisis-router: ${(error as Error).message}`);
    process.exit(1);
  }
})();

const stack = await startLocalStack({ ...settings, dataDir: resolve(settings.dataDir) }).catch(
  (error: unknown) => {
    console.error(`crisis-router: ${startFailureMessage(error, settings)}`);
    process.exit(1);
  },
);
printBanner(stack);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    stack.close().finally(() => process.exit(0));
  });
