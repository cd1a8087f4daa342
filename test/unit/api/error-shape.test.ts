// Every error an admin route can answer has the documented shape {error:{code,message,details?}}
// (docs/api.md, "Errors"), the status that goes with the code, JSON headers, and never a stack trace; an
// unexpected failure is a bare 500.
import { describe, expect, it, jest } from '@jest/globals';
import { createHandler as health } from '../../../functions/health/handler.js';
import { apiEvent, lambdaContext, parse, type ParsedResult } from './events.js';
import { invoke, validCall } from './admin-routes.js';
import { buildWorld, CLINIC, clinicBody, principals, silentLogger } from './fakes.js';

const logger = silentLogger();

function expectErrorShape(res: ParsedResult, status: number, code: string, withDetails = false) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(Object.keys(res.body)).toEqual(['error']);
  const keys = Object.keys(res.body.error).sort();
  expect(keys).toEqual(withDetails ? ['code', 'details', 'message'] : ['code', 'message']);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
  if (withDetails) {
    expect(res.body.error.details.length).toBeGreaterThan(0);
    for (const detail of res.body.error.details)
      expect(Object.keys(detail).sort()).toEqual(['message', 'path']);
  }
  expect(res.raw).not.toMatch(/\n\s+at |\.ts:\d+|stack/i);
}

describe('error shape of each code', () => {
  it('400 validation_failed carries details of {path, message}', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinic', world.deps, logger, {
      pathParameters: { clinicId: 'c3' },
      body: { ...clinicBody(), timezone: 'Nowhere/Town' },
      principal: principals.platform,
    });
    expectErrorShape(res, 400, 'validation_failed', true);
  });

  it('401 unauthorized when the event has no authorizer context', async () => {
    const world = await buildWorld();
    const res = await invoke('get-clinic', world.deps, logger, { ...validCall(world, 'get-clinic') });
    expectErrorShape(res, 401, 'unauthorized');
  });

  it('403 forbidden for the wrong role of the right clinic', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinician', world.deps, logger, {
      ...validCall(world, 'put-clinician'),
      principal: principals.intake,
    });
    expectErrorShape(res, 403, 'forbidden');
  });

  it('404 not_found for a service that does not exist', async () => {
    const world = await buildWorld();
    const res = await invoke('get-oncall', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'nosuch' },
      principal: principals.admin,
    });
    expectErrorShape(res, 404, 'not_found');
  });

  it('413 payload_too_large', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinic', world.deps, logger, {
      pathParameters: { clinicId: 'c3' },
      body: { ...clinicBody(), name: 'x'.repeat(65 * 1024) },
      principal: principals.platform,
    });
    expectErrorShape(res, 413, 'payload_too_large');
  });

  it('415 unsupported_media_type', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinic', world.deps, logger, {
      pathParameters: { clinicId: 'c3' },
      body: JSON.stringify(clinicBody()),
      contentType: 'text/plain',
      principal: principals.platform,
    });
    expectErrorShape(res, 415, 'unsupported_media_type');
  });
});

describe('401: no principal, no use case', () => {
  it.each([
    ['no authorizer context', null],
    ['a context without keyId', { clinicId: CLINIC, role: 'admin' }],
    ['a context with an unknown role', { keyId: 'k1', clinicId: CLINIC, role: 'root' }],
    ['a context whose values are not strings', { keyId: 1, clinicId: CLINIC, role: 'admin' }],
  ])('%s is 401 and nothing is read or stored', async (_label, authorizer) => {
    const world = await buildWorld();
    world.clinics.failWith = new Error('the store must not be reached');
    const res = await invoke('put-clinic', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      body: clinicBody(),
      authorizer,
    });
    expectErrorShape(res, 401, 'unauthorized');
  });

  it('authentication is checked before input: a bad body without a principal is 401, not 400', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinic', world.deps, logger, {
      pathParameters: { clinicId: 'bad id' },
      body: 'not json',
      authorizer: null,
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('500 for anything that is not an AppError', () => {
  const secret = 'DynamoDB exploded near +447700900999 in loadRota';

  it('a use case throwing a plain Error answers 500 internal_error with no stack and no message', async () => {
    const world = await buildWorld();
    world.clinics.failWith = new TypeError(secret);
    const log = silentLogger();
    const logged = jest.spyOn(log, 'error');
    const res = await invoke('get-oncall', world.deps, log, {
      ...validCall(world, 'get-oncall'),
      principal: principals.admin,
    });
    expectErrorShape(res, 500, 'internal_error');
    expect(res.raw).not.toContain('exploded');
    expect(res.raw).not.toContain('TypeError');
    expect(res.raw).not.toContain('+447700900999');
    // Ops still learn something happened.
    expect(logged).toHaveBeenCalledWith(
      'unhandled error',
      expect.objectContaining({ errorName: 'TypeError' }),
    );
  });

  it('a thrown non-Error value is a 500 as well', async () => {
    const world = await buildWorld();
    world.clinics.failWith = 'just a string' as unknown as Error;
    const res = await invoke('put-clinician', world.deps, logger, {
      ...validCall(world, 'put-clinician'),
      principal: principals.admin,
    });
    expectErrorShape(res, 500, 'internal_error');
  });
});

describe('health', () => {
  it('answers {ok:true} without any principal', async () => {
    const res = parse(await health(logger)(apiEvent({ resource: '/health' }), lambdaContext('health')));
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});
