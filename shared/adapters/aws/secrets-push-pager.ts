import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';
import { WebPushPager, type VapidKeys } from '../push/web-push-pager.js';
import { readVapidKeys } from './secrets-vapid-keys.js';

const keysUnavailable: SendResult = {
  ok: false,
  code: 'PushKeysUnavailable',
  permanent: false,
  accountLevel: true,
};

/**
 * Web Push with the VAPID keys kept in Secrets Manager: read on the first push page of the container (a
 * function that never sends one never reads them) and kept. A failed read is our own failure, never the
 * person's (retried, raised to ops) and is tried again on the next page. A push service refusing our keys
 * (401, 403) drops them too: after the pair is replaced by hand, running containers pick up the new one.
 */
export class SecretsPushPager implements Pager {
  private pager: Promise<Pager> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly subject: string,
    /** Tests: what sends once the keys are read. */
    private readonly pagerFor: (vapid: VapidKeys) => Pager = (vapid) => new WebPushPager(vapid),
  ) {}

  async send(page: OutgoingPage): Promise<SendResult> {
    const loading = (this.pager ??= this.load());
    let pager: Pager;
    try {
      pager = await loading;
    } catch {
      if (this.pager === loading) this.pager = undefined;
      return keysUnavailable;
    }
    const result = await pager.send(page);
    if (!result.ok && /^PushRefused40[13]$/.test(result.code) && this.pager === loading)
      this.pager = undefined;
    return result;
  }

  private async load(): Promise<Pager> {
    const keys = await readVapidKeys(this.client, this.secretId);
    if (!keys) throw new Error('the push keys secret holds no key pair yet');
    return this.pagerFor({ ...keys, subject: this.subject });
  }
}
