import { ENV } from '../../shared/config/env-names.js';
import type { Pager } from '../../shared/ports/pager.js';
import { requireEnv } from './env.js';
import { loadedOnFirstUse } from './loaded-on-first-use.js';

/**
 * The push pager where the CDK app gave this function the VAPID keys' secret, or none. Its client and
 * web-push are loaded on the first push page: most invocations send none, so their cold start skips them.
 */
export function pushPagerFromEnv(): Pager | undefined {
  const secretId = process.env[ENV.pushKeysSecretArn];
  if (!secretId) return undefined;
  const subject = requireEnv(ENV.pushSubject);
  return loadedOnFirstUse(async () => {
    const [{ SecretsManagerClient }, { SecretsPushPager }] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      import('../../shared/adapters/aws/secrets-push-pager.js'),
    ]);
    return new SecretsPushPager(new SecretsManagerClient({ maxAttempts: 3 }), secretId, subject);
  });
}
