// Who may call which admin route, through the real handlers: the clinic's own keys by role, a key of
// another clinic (404, no existence leak, nothing stored) and the platform key (clinics and keys only).
import { describe, expect, it } from '@jest/globals';
import { routes } from '../../../functions/routes.js';
import type { Principal } from '../../../shared/domain/model.js';
import { adminRoutes, invoke } from './admin-routes.js';
import { buildWorld, CLINIC, clinicBody, principals, silentLogger } from './fakes.js';

const logger = silentLogger();

describe('admin route catalogue', () => {
  it('covers every keyed clinic route of functions/routes.ts except the request lifecycle', () => {
    const adminNames = routes
      .filter((r) => r.auth === 'key' && r.path.startsWith('/v1/clinics/') && !r.path.includes('/requests'))
      .map((r) => r.name)
      .sort();
    expect(adminRoutes.map((r) => r.name).sort()).toEqual(adminNames);
  });
});

type Caller = keyof typeof principals;
const callers: Caller[] = ['platform', 'admin', 'intake', 'clinician'];

const cases = adminRoutes.flatMap((route) =>
  callers.map((caller) => {
    const role = principals[caller].role;
    return {
      route: route.name,
      caller,
      expected: route.allowed.includes(role) ? route.success : 403,
    };
  }),
);

describe('roles on the clinic own routes', () => {
  it.each(cases)('$route by $caller key answers $expected', async ({ route, caller, expected }) => {
    const world = await buildWorld();
    const res = await invoke(route, world.deps, logger, {
      ...adminRoutes.find((r) => r.name === route)?.call(world, CLINIC),
      principal: principals[caller] as Principal,
    });
    expect(res.statusCode).toBe(expected);
    if (expected === 403) {
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
      // Plain English: "an admin key", "an intake key", "a clinician key".
      expect(res.body.error.message).not.toMatch(/\ba [aeiou]/);
      expect(world.writes()).toEqual([]);
    }
  });
});

describe('tenant isolation', () => {
  it.each(adminRoutes.map((r) => r.name))(
    '%s on clinic c1 with a key of clinic c2 answers 404 exactly like a clinic that does not exist, and stores nothing',
    async (route) => {
      for (const other of [principals.otherAdmin, principals.otherIntake]) {
        const world = await buildWorld();
        const call = adminRoutes.find((r) => r.name === route)?.call(world, CLINIC);
        const res = await invoke(route, world.deps, logger, { ...call, principal: other });
        expect(res.statusCode).toBe(404);
        expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
        expect(world.writes()).toEqual([]);
        // Same answer for a clinic id that exists nowhere: the key learns nothing about c1.
        const ghost = adminRoutes.find((r) => r.name === route)?.call(world, 'ghost-clinic');
        const ghostRes = await invoke(route, world.deps, logger, { ...ghost, principal: other });
        expect(ghostRes.raw).toBe(res.raw);
      }
    },
  );

  it('a key of c2 is told 404 (not 403) even on a route its role could never use', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinician', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, clinicianId: 'carol' },
      body: { name: 'Carol', phone: '+447700900103' },
      principal: principals.otherIntake,
    });
    expect(res.statusCode).toBe(404);
  });

  it('an admin cannot revoke a key of another clinic by naming it under its own clinic', async () => {
    const world = await buildWorld();
    const res = await invoke('revoke-key', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, keyId: world.keyIds.other },
      principal: principals.admin,
    });
    expect(res.statusCode).toBe(404);
    expect(world.keys.records().every((r) => r.revokedAt === undefined)).toBe(true);
  });
});

describe('platform key', () => {
  it('creates a clinic key for any clinic and gets 404 for a clinic that does not exist', async () => {
    const world = await buildWorld();
    const created = await invoke('create-key', world.deps, logger, {
      pathParameters: { clinicId: 'c2' },
      body: { role: 'admin', label: 'first admin' },
      principal: principals.platform,
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({ keyId: expect.stringMatching(/^key_/), key: expect.any(String) });
    const missing = await invoke('create-key', world.deps, logger, {
      pathParameters: { clinicId: 'nowhere' },
      body: { role: 'admin', label: 'first admin' },
      principal: principals.platform,
    });
    expect(missing.statusCode).toBe(404);
    expect(world.keys.writes).toHaveLength(1);
  });
});

describe('successful admin calls', () => {
  it('PUT clinic returns the clinic with the default fallbackRepeatSeconds and stores it', async () => {
    const world = await buildWorld();
    const res = await invoke('put-clinic', world.deps, logger, {
      pathParameters: { clinicId: 'c3' },
      body: clinicBody(),
      principal: principals.platform,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ clinicId: 'c3', timezone: 'Europe/London', fallbackRepeatSeconds: 300 });
    expect(world.writes()).toEqual(['replaceClinic:c3']);
  });

  it('POST key returns the secret once and stores only its hash', async () => {
    const world = await buildWorld();
    const res = await invoke('create-key', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      body: { role: 'clinician', clinicianId: 'alice', label: 'Alice phone' },
      principal: principals.admin,
    });
    expect(res.statusCode).toBe(201);
    const { key, keyId } = res.body as { key: string; keyId: string };
    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{40,}$/);
    const stored = world.keys.records().find((r) => r.keyId === keyId);
    expect(stored).toMatchObject({ clinicId: CLINIC, role: 'clinician', clinicianId: 'alice' });
    expect(JSON.stringify([...world.keys.byHash.entries()])).not.toContain(key);
  });

  it('DELETE override answers 204 with an empty body, then 404 once it is gone', async () => {
    const world = await buildWorld();
    const call = adminRoutes.find((r) => r.name === 'delete-override')?.call(world, CLINIC);
    const first = await invoke('delete-override', world.deps, logger, {
      ...call,
      principal: principals.admin,
    });
    expect(first.statusCode).toBe(204);
    expect(first.raw).toBe('');
    const second = await invoke('delete-override', world.deps, logger, {
      ...call,
      principal: principals.admin,
    });
    expect(second.statusCode).toBe(404);
    expect(second.body.error.code).toBe('not_found');
  });

  it('GET oncall without `at` answers for the clock instant', async () => {
    const world = await buildWorld();
    const res = await invoke('get-oncall', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      principal: principals.intake,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      at: '2026-03-04T14:00:00.000Z',
      primary: { clinicianId: 'bob', name: 'Bob Brown', until: '2026-03-04T18:00:00.000Z' },
      secondary: { clinicianId: 'alice', name: 'Alice Adams', until: '2026-03-05T08:00:00.000Z' },
    });
  });
});
