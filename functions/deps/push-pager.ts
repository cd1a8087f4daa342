import { ENV } from '../../shared/config/env-names.js';
import type { Pager } from '../../shared/ports/pager.js';
import { requireEnv } from './env.js';
import { loadedOnFirstUse } from './loaded-on-first-use.js';

/**
 * The push pager where the CDK app gave this function the VAPID keys' secret, or none. Its client and
 * web-push are loaded on the first push page: most invocations send none, so their cold start skips them.
 * A stage without push leaves them out of its bundles at build time (`CRISIS_BUNDLES_PUSH`,
 * infra/constructs/bundled-channels.ts); the literal comparison is what esbuild folds.
 */
export function pushPagerFromEnv(): Pager | undefined {
  const secretId = process.env[ENV.pushKeysSecretArn];
  if (!secretId) return undefined;
  if (process.env.CRISIS_BUNDLES_PUSH !== 'false') return pushPager(secretId, requireEnv(ENV.pushSubject));
  // The stage's config and its bundles disagree: fail the cold start, never page without push quietly.
  throw new Error(`${ENV.pushKeysSecretArn} is set, but this bundle was built without push`);
}

function pushPager(secretId: string, subject: string): Pager {
  return loadedOnFirstUse(async () => {
    const [{ SecretsManagerClient }, { SecretsPushPager }] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      import('../../shared/adapters/aws/secrets-push-pager.js'),
    ]);
    return new SecretsPushPager(new SecretsManagerClient({ maxAttempts: 3 }), secretId, subject);
  });
}
