// Web push on the local stack, on the harness's DynamoDB engine, against a fake push service on loopback:
// a push method is verified with the code its notification carried, pages go out as encrypted pushes,
// and a subscription the push service no longer knows (410) marks the channel broken and moves on.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { startFakePushService, type FakePushService } from '../../support/fake-push-service.js';
import { client, stackOptions, type Call } from './http.js';
import { expectStatus, twoPersonClinic } from './two-person-clinic.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const C = 'push';

let stack: LocalStack;
let push: FakePushService;
let cleanup: () => Promise<void>;
let call: Call;
let admin = '';
let intake = '';
let submit: (summary: string) => Promise<string>;

const pushes = () => stack.outbox.list().filter((m) => m.channel === 'push');

/** A push method on `path` of the fake service for `who`, verified with the code its notification carried. */
async function pushOnly(who: string, path: string): Promise<string> {
  const base = `/v1/clinics/${C}/clinicians/${who}/contacts`;
  const subscription = push.subscription(path);
  const added = expectStatus(
    await call('POST', base, { key: admin, body: { type: 'push', value: subscription } }),
    201,
  ).body;
  const code = pushes().findLast((m) => m.purpose === 'verification' && m.to === subscription)?.code;
  expectStatus(await call('POST', `${base}/${added.contactId}/verify`, { key: admin, body: { code } }), 200);
  expectStatus(
    await call('PUT', `/v1/clinics/${C}/clinicians/${who}/notification-rules`, {
      key: admin,
      body: { rules: [{ contactId: added.contactId, afterSeconds: 0 }] },
    }),
    200,
  );
  return added.contactId as string;
}

beforeAll(async () => {
  push = await startFakePushService();
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack({ ...options, pushAgent: push.agent });
  call = client(stack.url);
  ({ admin, intake, submit } = await twoPersonClinic(call, C));
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await push?.close();
  await cleanup?.();
});

describe(`web push pages over HTTP on ${ENGINE}`, () => {
  it(
    'a verified push method gets the page as an encrypted push whose link opens the ack page; no patient detail',
    async () => {
      await pushOnly('ana', 'ok/ana');
      await pushOnly('ben', 'ok/ben');
      const before = push.requests.length;
      const id = await submit('self harm');
      const sent = push.requests.slice(before);
      expect(sent.map((r) => r.path)).toEqual(['ok/ana']);
      expect(sent[0]?.headers['content-encoding']).toBe('aes128gcm');
      const page = pushes().at(-1);
      expect(page).toMatchObject({
        channel: 'push',
        clinicianId: 'ana',
        ackUrl: expect.stringMatching(/\/ack\//),
      });
      expect(page?.text).toMatch(/Tap to accept or decline\.$/);
      expect(JSON.stringify(page)).not.toMatch(/self harm|0998/);
      const view = expectStatus(
        await call('GET', `/v1/clinics/${C}/requests/${id}`, { key: intake }),
        200,
      ).body;
      expect(view.timeline.find((e: { type: string }) => e.type === 'page_sent')).toMatchObject({
        channel: 'push',
      });
    },
    TIMEOUT,
  );

  it(
    'a subscription the push service dropped (410) marks push broken for ana and pages ben at once',
    async () => {
      await pushOnly('ana', 'ok/ana-phone');
      push.expire('ok/ana-phone');
      const before = push.requests.length;
      const id = await submit('self harm');
      expect(push.requests.slice(before).map((r) => r.path)).toEqual(['ok/ana-phone', 'ok/ben']);
      const view = expectStatus(
        await call('GET', `/v1/clinics/${C}/requests/${id}`, { key: intake }),
        200,
      ).body;
      expect(view.timeline.find((e: { type: string }) => e.type === 'page_failed')).toMatchObject({
        channel: 'push',
        reason: 'send_failed:SubscriptionGone',
      });
      const ana = expectStatus(
        await call('GET', `/v1/clinics/${C}/clinicians/ana`, { key: admin }),
        200,
      ).body;
      expect(ana.brokenContacts).toEqual(['push']);
    },
    TIMEOUT,
  );
});
