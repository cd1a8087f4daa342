// Reading and updating one override (GET and PUT …/overrides/{overrideId}) against the in-memory store, on
// the world's fixed clock: the rules of a new override, the id and createdAt kept, the version moved on,
// and a change that keeps losing to another one answered 409 rather than written over it.
import { describe, expect, it, jest } from '@jest/globals';
import { invoke } from './admin-routes.js';
import {
  buildWorld,
  CLINIC,
  OVERRIDE_ID,
  OVERRIDE_START,
  principals,
  silentLogger,
  T0,
  type World,
} from './fakes.js';

const logger = silentLogger();

const put = (world: World, body: unknown, overrideId = OVERRIDE_ID, serviceId = 'general') =>
  invoke('put-override', world.deps, logger, {
    pathParameters: { clinicId: CLINIC, serviceId, overrideId },
    body,
    principal: principals.admin,
  });

const later = { clinicianId: 'alice', start: '2026-03-04T12:00:00Z', end: '2026-03-05T08:00:00Z' };

describe('GET and PUT …/overrides/{overrideId}', () => {
  it('GET answers the override; another service or an unknown id is 404', async () => {
    const world = await buildWorld();
    const path = { clinicId: CLINIC, serviceId: 'general', overrideId: OVERRIDE_ID };
    const res = await invoke('get-override', world.deps, logger, {
      pathParameters: path,
      principal: principals.admin,
    });
    expect([res.statusCode, res.body]).toEqual([
      200,
      {
        overrideId: OVERRIDE_ID,
        clinicId: CLINIC,
        serviceId: 'general',
        clinicianId: 'bob',
        start: '2026-03-04T12:00:00.000Z',
        end: '2026-03-04T18:00:00.000Z',
        createdAt: '2026-02-02T14:00:00.000Z',
        updatedAt: '2026-02-02T14:00:00.000Z',
      },
    ]);
    for (const pathParameters of [
      { ...path, serviceId: 'elderly' },
      { ...path, overrideId: 'mmk3x1c0-nosuchoverride' },
    ]) {
      const missing = await invoke('get-override', world.deps, logger, {
        pathParameters,
        principal: principals.admin,
      });
      expect([missing.statusCode, missing.body.error.code]).toEqual([404, 'not_found']);
    }
  });

  it('PUT replaces clinician, start and end; the id and createdAt stay, updatedAt is now', async () => {
    const world = await buildWorld();
    const res = await put(world, later);
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      overrideId: OVERRIDE_ID,
      clinicId: CLINIC,
      serviceId: 'general',
      clinicianId: 'alice',
      start: '2026-03-04T12:00:00.000Z',
      end: '2026-03-05T08:00:00.000Z',
      createdAt: '2026-02-02T14:00:00.000Z',
      updatedAt: new Date(T0).toISOString(),
    });
    expect(await world.clinics.getOverride(CLINIC, 'general', OVERRIDE_ID)).toMatchObject({
      clinicianId: 'alice',
      start: OVERRIDE_START,
      end: Date.parse('2026-03-05T08:00:00Z'),
      updatedAt: T0,
    });
    // The rota follows: alice holds the cover now, until its new end.
    const oncall = await invoke('get-oncall', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      query: { at: '2026-03-04T20:00:00Z' },
      principal: principals.admin,
    });
    expect(oncall.body.primary).toMatchObject({ clinicianId: 'alice', source: 'override' });
  });

  it('a second PUT in the same millisecond still moves the version on', async () => {
    const world = await buildWorld();
    expect((await put(world, later)).body.updatedAt).toBe(new Date(T0).toISOString());
    const again = await put(world, { ...later, clinicianId: 'bob' });
    expect(again.body.updatedAt).toBe(new Date(T0 + 1).toISOString());
  });

  it('holds the update to the rules of a new override, naming the field, and writes nothing', async () => {
    const world = await buildWorld();
    const alice = await world.clinics.getClinician(CLINIC, 'alice');
    await world.clinics.putClinician({ ...alice!, active: false });
    world.clinics.writes.length = 0;
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...later, end: '2026-03-04T13:00:00Z' }, 'end', /is in the past/],
      [{ ...later, end: '2026-03-04T11:00:00Z' }, 'end', /must be after start/],
      [{ ...later, end: '2027-03-06T12:00:00Z' }, 'end', /at most 366 days/],
      [later, 'clinicianId', /inactive/],
      [{ ...later, clinicianId: 'zed' }, 'clinicianId', /no such clinician/],
      [{ ...later, note: 'x' }, 'note', /unknown field/],
    ];
    for (const [body, path, message] of cases) {
      const res = await put(world, body);
      expect({ body, status: res.statusCode, details: res.body.error.details }).toEqual({
        body,
        status: 400,
        details: [{ path, message: expect.stringMatching(message) }],
      });
    }
    expect(world.writes()).toEqual([]);
  });

  it('PUT of an override that does not exist, or of a service that does not, is 404', async () => {
    const world = await buildWorld();
    const unknown = await put(world, later, 'mmk3x1c0-nosuchoverride');
    expect([unknown.statusCode, unknown.body.error.message]).toEqual([404, 'override not found']);
    const noService = await put(world, later, OVERRIDE_ID, 'elderly');
    expect([noService.statusCode, noService.body.error.message]).toEqual([404, 'service not found']);
  });

  it('reads again when another change got there first, and answers 409 when it keeps losing', async () => {
    const world = await buildWorld();
    const replace = jest.spyOn(world.clinics, 'replaceOverride');
    replace.mockResolvedValueOnce(false);
    expect((await put(world, later)).statusCode).toBe(200);
    expect(replace).toHaveBeenCalledTimes(2);
    replace.mockReset();
    replace.mockResolvedValue(false);
    const lost = await put(world, later);
    expect([lost.statusCode, lost.body.error]).toEqual([
      409,
      { code: 'conflict', message: 'the override was changed by someone else at the same time: try again' },
    ]);
    expect(replace).toHaveBeenCalledTimes(4);
  });

  it('DELETE answers 409 while another change keeps holding the override, 404 once it is gone', async () => {
    const world = await buildWorld();
    const remove = jest.spyOn(world.clinics, 'removeOverride').mockResolvedValue('busy');
    const path = { clinicId: CLINIC, serviceId: 'general', overrideId: OVERRIDE_ID };
    const busy = await invoke('delete-override', world.deps, logger, {
      pathParameters: path,
      principal: principals.admin,
    });
    expect([busy.statusCode, busy.body.error.code]).toEqual([409, 'conflict']);
    remove.mockRestore();
    const done = await invoke('delete-override', world.deps, logger, {
      pathParameters: path,
      principal: principals.admin,
    });
    expect(done.statusCode).toBe(204);
    const gone = await invoke('get-override', world.deps, logger, {
      pathParameters: path,
      principal: principals.admin,
    });
    expect(gone.statusCode).toBe(404);
  });
});
