// The Lambda authorizer: a live key becomes an Allow policy for the whole stage plus the principal as
// context; anything else throws exactly 'Unauthorized' (API Gateway's cue for a 401).
import { beforeEach, describe, expect, it } from '@jest/globals';
import { createHandler } from '../../../functions/authorizer/handler.js';
import { principalFrom } from '../../../functions/http/principal.js';
import { issueKey, type CreatedKey } from '../../../shared/app/api-keys.js';
import { apiEvent, authorizerEvent, METHOD_ARN_PREFIX } from './events.js';
import { buildWorld, CLINIC, silentLogger, type World } from './fakes.js';

let world: World;
let admin: CreatedKey;
let clinician: CreatedKey;
let authorize: ReturnType<typeof createHandler>;

beforeEach(async () => {
  world = await buildWorld();
  admin = await issueKey(world.deps, { clinicId: CLINIC, role: 'admin', label: 'admin' });
  clinician = await issueKey(world.deps, {
    clinicId: CLINIC,
    role: 'clinician',
    clinicianId: 'alice',
    label: 'alice',
  });
  authorize = createHandler(world.deps, silentLogger());
});

describe('a valid key', () => {
  it('gets an Allow policy on every method and path of the stage, with the principal as context', async () => {
    const result = await authorize(authorizerEvent({ Authorization: `Bearer ${admin.key}` }));
    expect(result).toEqual({
      principalId: admin.keyId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${METHOD_ARN_PREFIX}/prod/*` },
        ],
      },
      context: { keyId: admin.keyId, clinicId: CLINIC, role: 'admin', clinicianId: '' },
    });
  });

  it('the cached policy from a GET also allows a POST on another path (API Gateway caches it per key)', async () => {
    const result = await authorize(
      authorizerEvent({ Authorization: `Bearer ${admin.key}` }, `${METHOD_ARN_PREFIX}/prod/GET/health`),
    );
    const resource = String(
      result.policyDocument.Statement[0] && 'Resource' in result.policyDocument.Statement[0]
        ? result.policyDocument.Statement[0].Resource
        : '',
    );
    const pattern = new RegExp(`^${resource.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    expect(pattern.test(`${METHOD_ARN_PREFIX}/prod/POST/v1/clinics/c1/services/general/overrides`)).toBe(
      true,
    );
    expect(pattern.test(`${METHOD_ARN_PREFIX}/prod/DELETE/v1/clinics/c1/keys/key_1`)).toBe(true);
    // ...but nothing of another stage or another API.
    expect(pattern.test(`${METHOD_ARN_PREFIX}/dev/GET/health`)).toBe(false);
    expect(pattern.test(`${METHOD_ARN_PREFIX.replace('abcdef1234', 'zzzzzz9999')}/prod/GET/health`)).toBe(
      false,
    );
  });

  it('accepts the header in lower case (HTTP/2 clients)', async () => {
    const result = await authorize(authorizerEvent({ authorization: `Bearer ${admin.key}` }));
    expect(result.principalId).toBe(admin.keyId);
  });

  it("a clinician key's context names the clinician, and the handlers read it back as the same principal", async () => {
    const result = await authorize(authorizerEvent({ Authorization: `Bearer ${clinician.key}` }));
    expect(result.context).toEqual({
      keyId: clinician.keyId,
      clinicId: CLINIC,
      role: 'clinician',
      clinicianId: 'alice',
    });
    const event = apiEvent({ authorizer: result.context ?? null });
    expect(principalFrom(event)).toEqual({
      keyId: clinician.keyId,
      clinicId: CLINIC,
      role: 'clinician',
      clinicianId: 'alice',
    });
  });
});

describe('anything else throws Unauthorized', () => {
  const rejected = async (headers: Record<string, string> | null) => {
    await expect(authorize(authorizerEvent(headers))).rejects.toThrow(new Error('Unauthorized'));
  };

  it('an unknown key of the right form', async () => {
    await rejected({ Authorization: `Bearer crk_${'A'.repeat(43)}` });
  });

  it('a revoked key (which worked before it was revoked)', async () => {
    await expect(authorize(authorizerEvent({ Authorization: `Bearer ${admin.key}` }))).resolves.toBeDefined();
    expect(await world.keys.revokeKey(CLINIC, admin.keyId, Date.now())).toBe(true);
    await rejected({ Authorization: `Bearer ${admin.key}` });
  });

  it.each([
    ['no Bearer scheme', () => admin.key],
    ['Basic scheme', () => `Basic ${Buffer.from(`user:${admin.key}`).toString('base64')}`],
    ['a key too short to be one', () => 'Bearer short'],
    ['characters outside base64url', () => `Bearer ${admin.key.slice(0, -1)}!`],
    ['two keys', () => `Bearer ${admin.key} ${clinician.key}`],
    ['an empty header', () => ''],
  ])('a malformed header: %s', async (_label, header) => {
    await rejected({ Authorization: header() });
  });

  it('a missing header', async () => {
    await rejected({ Host: 'api.example.org' });
  });

  it('no headers at all', async () => {
    await rejected(null);
  });
});
