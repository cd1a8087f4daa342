// Web Push through a real HTTPS exchange with a fake push service on loopback: what the request carries
// (VAPID, encryption, TTL, urgency) and how each answer becomes a send result (201 sent; 404 and 410 the
// subscription is gone, permanent; 429 passing; 400 ours to fix).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateVapidKeys, WebPushPager } from '../../../shared/adapters/push/web-push-pager.js';
import type { OutgoingPage } from '../../../shared/ports/pager.js';
import { startFakePushService, type FakePushService } from '../../support/fake-push-service.js';

let service: FakePushService;
let pager: WebPushPager;

beforeAll(async () => {
  service = await startFakePushService();
  pager = new WebPushPager(
    { ...generateVapidKeys(), subject: 'mailto:ops@crisis-router.invalid' },
    service.agent,
  );
});
afterAll(() => service.close());

const page = (path: string, over: Partial<OutgoingPage> = {}): OutgoingPage => ({
  channel: 'push',
  to: service.subscription(path),
  text: 'General, Northside Clinic. Tap to accept or decline.',
  subject: 'EMERGENCY crisis request R7KQ',
  ackUrl: 'https://crisis.example.org/ack/abcdefghijklmnopqrstuv',
  code: '4821',
  ...over,
});

describe('web push pager against a push service on loopback', () => {
  it('201: sent, with the service’s message location as its id; the request is VAPID-signed and encrypted', async () => {
    const result = await pager.send(page('ok'));
    expect(result).toEqual({
      ok: true,
      messageId: expect.stringMatching(/^https:\/\/127\.0\.0\.1\/messages\//),
    });
    const request = service.requests.at(-1);
    expect(request?.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(request?.headers['content-encoding']).toBe('aes128gcm');
    expect(request?.headers.ttl).toBe('3600');
    expect(request?.headers.urgency).toBe('high');
    // The payload is encrypted for the subscription: the page's words never cross in the clear.
    expect(JSON.stringify(request?.headers)).not.toContain('R7KQ');
    expect(request?.bodyBytes).toBeGreaterThan(100);
  });

  it.each([
    ['gone', { ok: false, code: 'SubscriptionGone', permanent: true }],
    ['missing', { ok: false, code: 'SubscriptionGone', permanent: true }],
    ['busy', { ok: false, code: 'PushThrottled', permanent: false }],
    ['bad', { ok: false, code: 'PushRefused400', permanent: false, accountLevel: true }],
  ])('/%s: %j', async (path, expected) => {
    expect(await pager.send(page(path))).toEqual(expected);
  });

  it('a subscription that is not JSON is permanent; a push service that is not there is passing', async () => {
    expect(await pager.send(page('ok', { to: 'not json' }))).toMatchObject({ ok: false, permanent: true });
    const nowhere = JSON.parse(service.subscription('ok')) as { endpoint: string };
    nowhere.endpoint = 'https://127.0.0.1:1/ok';
    expect(await pager.send(page('ok', { to: JSON.stringify(nowhere) }))).toEqual({
      ok: false,
      code: 'PushNetworkError',
      permanent: false,
    });
  });
});
