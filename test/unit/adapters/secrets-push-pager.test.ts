// Push pages on AWS: the VAPID keys are read from Secrets Manager (mocked) on the first push page only, kept
// for the container, and a failed read is our own failure (account-level, passing) that the next page
// retries. The environment decides whether a function has push at all (the CDK app sets the variables).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { awsPager } from '../../../functions/deps/aws-pager.js';
import { SecretsPushPager } from '../../../shared/adapters/aws/secrets-push-pager.js';
import type { VapidKeys } from '../../../shared/adapters/push/web-push-pager.js';
import { ENV } from '../../../shared/config/env-names.js';
import type { OutgoingPage, Pager, SendResult } from '../../../shared/ports/pager.js';

const secretsMock = mockClient(SecretsManagerClient);
const SECRET = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:PushKeysSecret-AbCdEf';
const KEYS = { publicKey: 'BPublicKeyUrlSafeBase64', privateKey: 'privateKeyUrlSafeBase64' };
const SUBJECT = 'mailto:oncall@clinic.org';
const meta = { $metadata: {} };

const page: OutgoingPage = {
  channel: 'push',
  to: JSON.stringify({ endpoint: 'https://push.test/sub/1', keys: { p256dh: 'p', auth: 'a' } }),
  clinicianId: 'ana',
  text: 'General, Northside Clinic. Tap to accept or decline.',
  subject: 'EMERGENCY crisis request R7KQ',
  ackUrl: 'https://crisis.clinic.org/ack/abcdefghijklmnopqrstuv',
  code: '4821',
};

/** A pager that records the keys it was made with and answers `results` in turn (then ok). */
function fakeWebPush(results: SendResult[] = []) {
  const made: VapidKeys[] = [];
  const sent: OutgoingPage[] = [];
  const pagerFor = (vapid: VapidKeys): Pager => {
    made.push(vapid);
    return {
      send: async (p) => {
        sent.push(p);
        return results.shift() ?? { ok: true, messageId: `push-${sent.length}` };
      },
    };
  };
  return { made, sent, pagerFor };
}

const client = () => new SecretsManagerClient({ region: 'eu-west-2', maxAttempts: 1 });
const reads = () => secretsMock.commandCalls(GetSecretValueCommand).length;

afterEach(() => {
  secretsMock.reset();
});

describe('SecretsPushPager', () => {
  it('reads nothing until the first push page, then reads the pair once and signs with it', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: JSON.stringify(KEYS) });
    const web = fakeWebPush();
    const pager = new SecretsPushPager(client(), SECRET, SUBJECT, web.pagerFor);
    expect(reads()).toBe(0);

    await expect(pager.send(page)).resolves.toEqual({ ok: true, messageId: 'push-1' });
    await expect(pager.send(page)).resolves.toEqual({ ok: true, messageId: 'push-2' });
    expect(reads()).toBe(1);
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: SECRET });
    expect(web.made).toEqual([{ ...KEYS, subject: SUBJECT }]);
    expect(web.sent).toEqual([page, page]);
  });

  it('pages sent at once share one read', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: JSON.stringify(KEYS) });
    const web = fakeWebPush();
    const pager = new SecretsPushPager(client(), SECRET, SUBJECT, web.pagerFor);
    const results = await Promise.all([pager.send(page), pager.send(page), pager.send(page)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(reads()).toBe(1);
  });

  it.each([
    ['Secrets Manager fails', () => new InternalServiceError({ message: 'boom', $metadata: {} })],
    [
      'the secret holds no pair yet',
      () => new ResourceNotFoundException({ message: 'no AWSCURRENT', $metadata: {} }),
    ],
  ])('when %s: an account-level, passing failure, and the next page reads again', async (_what, error) => {
    secretsMock
      .on(GetSecretValueCommand)
      .rejectsOnce(error())
      .resolves({ ...meta, SecretString: JSON.stringify(KEYS) });
    const web = fakeWebPush();
    const pager = new SecretsPushPager(client(), SECRET, SUBJECT, web.pagerFor);

    await expect(pager.send(page)).resolves.toEqual({
      ok: false,
      code: 'PushKeysUnavailable',
      permanent: false,
      accountLevel: true,
    });
    expect(web.sent).toEqual([]);
    await expect(pager.send(page)).resolves.toEqual({ ok: true, messageId: 'push-1' });
    await pager.send(page);
    expect(reads()).toBe(2);
  });

  it('a value that is not a key pair is unavailable too, never sent with', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: 'hunter2' });
    const web = fakeWebPush();
    const pager = new SecretsPushPager(client(), SECRET, SUBJECT, web.pagerFor);
    await expect(pager.send(page)).resolves.toMatchObject({ ok: false, code: 'PushKeysUnavailable' });
    expect(web.made).toEqual([]);
  });

  it('a push service refusing our keys drops them: the next page reads the (replaced) pair again', async () => {
    const replaced = { publicKey: 'BReplacedPublicKey', privateKey: 'replacedPrivateKey' };
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ ...meta, SecretString: JSON.stringify(KEYS) })
      .resolves({ ...meta, SecretString: JSON.stringify(replaced) });
    const refused = { ok: false, code: 'PushRefused403', permanent: false, accountLevel: true } as const;
    const web = fakeWebPush([refused]);
    const pager = new SecretsPushPager(client(), SECRET, SUBJECT, web.pagerFor);

    await expect(pager.send(page)).resolves.toEqual(refused);
    await expect(pager.send(page)).resolves.toMatchObject({ ok: true });
    expect(web.made).toEqual([
      { ...KEYS, subject: SUBJECT },
      { ...replaced, subject: SUBJECT },
    ]);
  });

  it("the person's own failures keep the keys (a gone subscription is not about them)", async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: JSON.stringify(KEYS) });
    const web = fakeWebPush([{ ok: false, code: 'SubscriptionGone', permanent: true }]);
    const pager = new SecretsPushPager(client(), SECRET, SUBJECT, web.pagerFor);
    await pager.send(page);
    await pager.send(page);
    expect(reads()).toBe(1);
  });
});

describe('awsPager: push where the CDK app gave the secret', () => {
  const VARIABLES = [
    ENV.pushKeysSecretArn,
    ENV.pushSubject,
    ENV.emailTopicArn,
    ENV.voiceProvider,
    'AWS_REGION',
  ];
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of VARIABLES) delete process.env[name];
    process.env.AWS_REGION = 'eu-west-2';
  });
  afterEach(() => {
    for (const name of VARIABLES) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('without the secret: no push channel (push methods cannot be added), and a push page is not configured', async () => {
    const pager = awsPager();
    expect(pager.channels.sort()).toEqual(['email', 'sms']);
    await expect(pager.send(page)).resolves.toMatchObject({ ok: false, code: 'PushNotConfigured' });
  });

  it('with it: push is a channel, and building the pager reads no secret', async () => {
    process.env[ENV.pushKeysSecretArn] = SECRET;
    process.env[ENV.pushSubject] = SUBJECT;
    secretsMock.on(GetSecretValueCommand).rejects(new InternalServiceError({ message: 'x', $metadata: {} }));
    const pager = awsPager();
    expect(pager.channels.sort()).toEqual(['email', 'push', 'sms']);
    expect(reads()).toBe(0);
    // The first push page reads it (failing here: account-level, never the person's).
    await expect(pager.send(page)).resolves.toMatchObject({
      ok: false,
      code: 'PushKeysUnavailable',
      accountLevel: true,
    });
    expect(reads()).toBe(1);
  });

  it('the secret without a subject fails at cold start, by name', () => {
    process.env[ENV.pushKeysSecretArn] = SECRET;
    expect(() => awsPager()).toThrow(`missing environment variable ${ENV.pushSubject}`);
  });
});
