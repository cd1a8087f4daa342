import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readVapidKeys } from '../../shared/adapters/aws/secrets-vapid-keys.js';
import { ENV } from '../../shared/config/env-names.js';
import { httpOptionsFromEnv } from '../deps/env.js';
import { createLogger } from '../http/logger.js';
import { createHandler } from './handler.js';

const secretId = process.env[ENV.pushKeysSecretArn];
const client = secretId ? new SecretsManagerClient({ maxAttempts: 3 }) : undefined;

// Read on every call, not kept: a pair replaced by hand is what the next browser subscribes with.
export const handler = createHandler(
  async () => (client && secretId ? (await readVapidKeys(client, secretId))?.publicKey : undefined),
  createLogger(),
  httpOptionsFromEnv(),
);
