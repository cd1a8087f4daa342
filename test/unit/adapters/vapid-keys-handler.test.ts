// The VAPID keys custom resource: CloudFormation's Create fills an empty secret with a new pair, and nothing
// ever replaces a pair that is there (every browser subscription is bound to it); Delete does nothing; every
// outcome is answered to CloudFormation by a PUT to the presigned ResponseURL, failures as FAILED.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../../functions/vapid-keys/handler.js';
import { silentLogger } from '../api/fakes.js';

const secretsMock = mockClient(SecretsManagerClient);
const SECRET = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:PushKeysSecret-AbCdEf';
const STACK = 'arn:aws:cloudformation:eu-west-2:111122223333:stack/CrisisRouter-prod-Stateful/0a1b2c3d';
const EXISTING = { publicKey: 'BExistingPublicKey', privateKey: 'existingPrivateKey' };
const NEW = { publicKey: 'BNewPublicKey', privateKey: 'newPrivateKey' };
const meta = { $metadata: {} };
// IAM's refusal: Secrets Manager models no class for it.
const accessDenied = (message: string) =>
  new SecretsManagerServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    message,
    $metadata: {},
  });
const notFound = () => new ResourceNotFoundException({ message: 'no AWSCURRENT version', $metadata: {} });

/** CloudFormation's PUTs to the ResponseURL, as a local server receives them. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: CloudFormationCustomResourceResponse;
}
let server: Server;
let baseUrl = '';
let received: Received[] = [];
let status = 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as CloudFormationCustomResourceResponse,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  secretsMock.reset();
  received = [];
  status = 200;
});

const common = () => ({
  ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:PushKeysGenerator',
  ResponseURL: `${baseUrl}/cloudformation-custom-resource-response?X-Amz-Signature=abc`,
  StackId: STACK,
  RequestId: '5d1e9c2a-0b7f-4e39-9f0c-3c1d2e4f5a6b',
  LogicalResourceId: 'PushKeys369A14CB',
  ResourceType: 'Custom::VapidKeys',
  ResourceProperties: { ServiceToken: 'arn:…', SecretArn: SECRET },
});
const create = (): CloudFormationCustomResourceEvent => ({ ...common(), RequestType: 'Create' });
const update = (): CloudFormationCustomResourceEvent => ({
  ...common(),
  RequestType: 'Update',
  PhysicalResourceId: SECRET,
  OldResourceProperties: { ServiceToken: 'arn:…', SecretArn: SECRET },
});
const remove = (): CloudFormationCustomResourceEvent => ({
  ...common(),
  RequestType: 'Delete',
  PhysicalResourceId: SECRET,
});

let generated = 0;
const handler = () =>
  createHandler(
    {
      secrets: new SecretsManagerClient({ region: 'eu-west-2', maxAttempts: 1 }),
      generate: () => {
        generated += 1;
        return NEW;
      },
    },
    silentLogger(),
  );
const puts = () => secretsMock.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
const answered = (): Received => {
  expect(received).toHaveLength(1);
  return received[0] as Received;
};

afterEach(() => {
  generated = 0;
});

describe('Create', () => {
  it('fills an empty secret with a new pair, and answers SUCCESS naming the secret', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(notFound());
    secretsMock.on(PutSecretValueCommand).resolves(meta);
    await handler()(create());

    expect(generated).toBe(1);
    expect(puts()).toEqual([{ SecretId: SECRET, SecretString: JSON.stringify(NEW) }]);
    const reply = answered();
    expect(reply.method).toBe('PUT');
    expect(reply.url).toBe('/cloudformation-custom-resource-response?X-Amz-Signature=abc');
    // The presigned URL signs no content type: none is sent.
    expect(reply.headers['content-type'] ?? '').toBe('');
    expect(reply.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: SECRET,
      StackId: STACK,
      RequestId: '5d1e9c2a-0b7f-4e39-9f0c-3c1d2e4f5a6b',
      LogicalResourceId: 'PushKeys369A14CB',
    });
    // Neither key goes to CloudFormation.
    expect(JSON.stringify(reply.body)).not.toContain(NEW.privateKey);
    expect(JSON.stringify(reply.body)).not.toContain(NEW.publicKey);
  });

  it('keeps a pair that is already there (a retried or repeated Create)', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: JSON.stringify(EXISTING) });
    await handler()(create());
    expect(generated).toBe(0);
    expect(puts()).toEqual([]);
    expect(answered().body.Status).toBe('SUCCESS');
  });

  it('answers FAILED, with the reason, when Secrets Manager refuses', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(accessDenied('not authorized to GetSecretValue'));
    await handler()(create());
    expect(puts()).toEqual([]);
    expect(answered().body).toMatchObject({
      Status: 'FAILED',
      Reason: 'AccessDeniedException: not authorized to GetSecretValue',
      PhysicalResourceId: SECRET,
    });
  });

  it('answers FAILED when the pair cannot be written', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(notFound());
    secretsMock.on(PutSecretValueCommand).rejects(accessDenied('kms:GenerateDataKey denied'));
    await handler()(create());
    const { body } = answered();
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain('kms:GenerateDataKey denied');
    expect(body.Reason).not.toContain(NEW.privateKey);
  });

  it('answers FAILED, and replaces nothing, when the secret holds something that is not a pair', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: 'put here by hand' });
    await handler()(create());
    expect(puts()).toEqual([]);
    expect(answered().body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('not a VAPID key pair'),
    });
  });

  it('answers FAILED without a SecretArn', async () => {
    const event = create();
    event.ResourceProperties = { ServiceToken: 'arn:…' };
    await handler()(event);
    expect(secretsMock.calls()).toEqual([]);
    expect(answered().body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'PushKeys369A14CB' });
  });
});

describe('Update', () => {
  it('keeps the pair: never a new one', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: JSON.stringify(EXISTING) });
    await handler()(update());
    expect(generated).toBe(0);
    expect(puts()).toEqual([]);
    expect(answered().body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: SECRET });
  });

  it('fills a secret that is still empty (the Create before it failed to write)', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(notFound());
    secretsMock.on(PutSecretValueCommand).resolves(meta);
    await handler()(update());
    expect(puts()).toHaveLength(1);
    expect(answered().body.Status).toBe('SUCCESS');
  });
});

describe('Delete', () => {
  it('touches nothing (the secret is kept or removed with its stack) and answers SUCCESS', async () => {
    await handler()(remove());
    expect(secretsMock.calls()).toEqual([]);
    expect(answered().body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: SECRET });
  });
});

describe('the answer to CloudFormation', () => {
  it('a refused PUT throws, so Lambda retries the event (which then finds the pair and keeps it)', async () => {
    status = 403;
    secretsMock.on(GetSecretValueCommand).resolves({ ...meta, SecretString: JSON.stringify(EXISTING) });
    await expect(handler()(create())).rejects.toThrow('CloudFormation response refused: 403');
  });

  it('goes through the respond hook when one is given', async () => {
    const answers: CloudFormationCustomResourceResponse[] = [];
    const withHook = createHandler(
      {
        secrets: new SecretsManagerClient({ region: 'eu-west-2', maxAttempts: 1 }),
        generate: () => NEW,
        respond: async (url, response) => {
          expect(url).toContain('/cloudformation-custom-resource-response');
          answers.push(response);
        },
      },
      silentLogger(),
    );
    await withHook(remove());
    expect(answers).toMatchObject([{ Status: 'SUCCESS' }]);
    expect(received).toEqual([]);
  });
});
