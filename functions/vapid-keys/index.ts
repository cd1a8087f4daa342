import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { generateVapidKeys } from '../../shared/adapters/push/web-push-pager.js';
import { createLogger } from '../http/logger.js';
import { createHandler } from './handler.js';

// Invoked by CloudFormation only (the stateful stack's VAPID keys custom resource), never by a request.
export const handler = createHandler(
  { secrets: new SecretsManagerClient({ maxAttempts: 3 }), generate: generateVapidKeys },
  createLogger(),
);
