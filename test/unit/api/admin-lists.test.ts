// The admin lists a page at a time (clinicians, services, keys, a service's overrides): `limit` and
// `cursor`, the old field names kept beside `nextCursor`, cursors that only continue their own clinic's
// list, and keys listed without their secret.
import { describe, expect, it } from '@jest/globals';
import { issueKey } from '../../../shared/app/api-keys.js';
import { decodePageCursor, encodePageCursor, ID_POSITION } from '../../../shared/app/page-cursor.js';
import { AppError } from '../../../shared/app/errors.js';
import { makeOverrideId } from '../../../shared/domain/override-id.js';
import type { Principal } from '../../../shared/domain/model.js';
import { invoke } from './admin-routes.js';
import {
  buildWorld,
  CLINIC,
  HOUR,
  OTHER_CLINIC,
  OVERRIDE_ID,
  principals,
  silentLogger,
  T0,
  type World,
} from './fakes.js';

const logger = silentLogger();

/** Every item of a list, following nextCursor page by page; also the pages' sizes. */
async function readAll(
  world: World,
  route: string,
  key: string,
  extra: { pathParameters?: Record<string, string>; query?: Record<string, string> } = {},
  principal: Principal = principals.admin,
) {
  const items: Array<Record<string, unknown>> = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await invoke(route, world.deps, logger, {
      pathParameters: { clinicId: CLINIC, ...extra.pathParameters },
      query: { limit: '2', ...extra.query, ...(cursor && { cursor }) },
      principal,
    });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([key, 'nextCursor'].sort());
    items.push(...res.body[key]);
    sizes.push(res.body[key].length);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { items, sizes };
}

/** Five clinicians (alice, bob, dana from the world, and two more) and five services. */
async function fiveOfEach(): Promise<World> {
  const world = await buildWorld();
  for (const id of ['carol', 'eve'])
    await world.clinics.putClinician({
      clinicId: CLINIC,
      clinicianId: id,
      name: id,
      active: true,
      brokenContacts: [],
      updatedAt: T0,
    });
  const general = await world.clinics.getService(CLINIC, 'general');
  for (const id of ['adolescent', 'addiction', 'elderly', 'youth'])
    await world.clinics.putService({ ...general!, serviceId: id, name: id });
  return world;
}

describe('admin lists, a page at a time', () => {
  it('clinicians: limit=2 over 5 answers 2, 2, 1 in id order with {clinicians, nextCursor}', async () => {
    const world = await fiveOfEach();
    const { items, sizes } = await readAll(world, 'list-clinicians', 'clinicians');
    expect(sizes).toEqual([2, 2, 1]);
    expect(items.map((c) => c.clinicianId)).toEqual(['alice', 'bob', 'carol', 'dana', 'eve']);
    // Each one is the clinician object GET …/clinicians/{id} answers.
    expect(items[0]).toMatchObject({ clinicId: CLINIC, clinicianId: 'alice', name: 'Alice Adams' });
  });

  it('services: limit=2 over 5 answers 2, 2, 1 in id order, for intake keys too', async () => {
    const world = await fiveOfEach();
    const { items, sizes } = await readAll(world, 'list-services', 'services', {}, principals.intake);
    expect(sizes).toEqual([2, 2, 1]);
    expect(items.map((s) => s.serviceId)).toEqual(['addiction', 'adolescent', 'elderly', 'general', 'youth']);
  });

  it('without limit a list answers up to 50 and nextCursor null when that is all', async () => {
    const world = await fiveOfEach();
    const res = await invoke('list-clinicians', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      principal: principals.admin,
    });
    expect(res.body.clinicians).toHaveLength(5);
    expect(res.body.nextCursor).toBeNull();
    for (let i = 0; i < 60; i++)
      await world.clinics.putClinician({
        clinicId: CLINIC,
        clinicianId: `x${String(i).padStart(2, '0')}`,
        name: `X ${i}`,
        active: true,
        brokenContacts: [],
        updatedAt: T0,
      });
    const full = await invoke('list-clinicians', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      principal: principals.admin,
    });
    expect(full.body.clinicians).toHaveLength(50);
    expect(full.body.nextCursor).toEqual(expect.any(String));
    const max = await invoke('list-clinicians', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      query: { limit: '200' },
      principal: principals.admin,
    });
    expect([max.body.clinicians.length, max.body.nextCursor]).toEqual([65, null]);
  });

  it('keys: every key of the clinic with role, label, clinicianId, createdAt and revokedAt, never its secret', async () => {
    const world = await buildWorld();
    const clock = () => T0 + HOUR;
    const alice = await issueKey(
      { ...world.deps, clock },
      { clinicId: CLINIC, role: 'clinician', clinicianId: 'alice', label: 'Alice phone' },
    );
    const desk = await issueKey(
      { ...world.deps, clock },
      { clinicId: CLINIC, role: 'intake', label: 'desk' },
    );
    await world.keys.revokeKey(CLINIC, desk.keyId, T0 + 2 * HOUR);
    for (const principal of [principals.admin, principals.platform]) {
      const { items } = await readAll(world, 'list-keys', 'keys', {}, principal);
      expect(items.map((k) => k.keyId)).toEqual([alice.keyId, desk.keyId, world.keyIds.intake].sort());
      expect(items.find((k) => k.keyId === alice.keyId)).toEqual({
        keyId: alice.keyId,
        role: 'clinician',
        label: 'Alice phone',
        clinicianId: 'alice',
        createdAt: new Date(T0 + HOUR).toISOString(),
        revokedAt: null,
      });
      expect(items.find((k) => k.keyId === desk.keyId)).toMatchObject({
        revokedAt: new Date(T0 + 2 * HOUR).toISOString(),
      });
      const text = JSON.stringify(items);
      for (const secret of [alice.key, desk.key]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/secretHash|hash/i);
    }
    const one = await invoke('get-key', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, keyId: alice.keyId },
      principal: principals.admin,
    });
    expect([one.statusCode, one.body]).toEqual([200, expect.objectContaining({ keyId: alice.keyId })]);
    // Another clinic's key is not one of this clinic's, whatever its id.
    const foreign = await invoke('get-key', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, keyId: world.keyIds.other },
      principal: principals.admin,
    });
    expect([foreign.statusCode, foreign.body.error.code]).toEqual([404, 'not_found']);
  });

  it('overrides: limit=2 over 5 by start, the ones not over by default, all with includePast=true', async () => {
    const world = await buildWorld();
    // The world's override (12:00-18:00 on 4 Mar, running at T0) plus four more, one of them over.
    const starts = [T0 + 30 * HOUR, T0 + 2 * HOUR, T0 + 5 * HOUR, T0 - 10 * HOUR];
    for (const [i, start] of starts.entries())
      await world.clinics.putOverride({
        overrideId: makeOverrideId(start + HOUR, `extra${i}xyz`),
        clinicId: CLINIC,
        serviceId: 'general',
        clinicianId: 'alice',
        start,
        end: start + HOUR,
        createdAt: T0,
      });
    const path = { pathParameters: { serviceId: 'general' } };
    const current = await readAll(world, 'list-overrides', 'overrides', path);
    expect(current.sizes).toEqual([2, 2]);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(current.items.map((o) => o.start)).toEqual(
      [T0 - 2 * HOUR, T0 + 2 * HOUR, T0 + 5 * HOUR, T0 + 30 * HOUR].map(iso),
    );
    expect(current.items[0]).toEqual({
      overrideId: OVERRIDE_ID,
      clinicId: CLINIC,
      serviceId: 'general',
      clinicianId: 'bob',
      start: '2026-03-04T12:00:00.000Z',
      end: '2026-03-04T18:00:00.000Z',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const all = await readAll(world, 'list-overrides', 'overrides', {
      ...path,
      query: { includePast: 'true' },
    });
    expect(all.sizes).toEqual([2, 2, 1]);
    expect(all.items[0]?.start).toBe(iso(T0 - 10 * HOUR));
    // A service that does not exist has no list.
    const ghost = await invoke('list-overrides', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'nothing' },
      principal: principals.admin,
    });
    expect(ghost.statusCode).toBe(404);
  });

  it('a cursor only continues the list and clinic it came from: anything else is 400 at cursor', async () => {
    const world = await fiveOfEach();
    const first = await invoke('list-clinicians', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      query: { limit: '2' },
      principal: principals.admin,
    });
    const good = first.body.nextCursor as string;
    const decoded = JSON.parse(Buffer.from(good, 'base64url').toString('utf8'));
    expect(decoded).toEqual({ c: CLINIC, l: 'clinicians', p: 'bob' });
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad: Array<[string, string, string]> = [
      ['garbled', 'list-clinicians', 'not-a-cursor'],
      ['cut short', 'list-clinicians', good.slice(0, -3)],
      ['another clinic', 'list-clinicians', encodePageCursor(OTHER_CLINIC, 'clinicians', 'bob')],
      ['another list', 'list-services', good],
      ['a position that is no id', 'list-clinicians', forged({ c: CLINIC, l: 'clinicians', p: '../x' })],
      ['an extra field', 'list-clinicians', forged({ c: CLINIC, l: 'clinicians', p: 'bob', k: 1 })],
      ['not an object', 'list-clinicians', forged(['bob'])],
      ['too long', 'list-clinicians', 'A'.repeat(401)],
    ];
    for (const [why, route, cursor] of bad) {
      const res = await invoke(route, world.deps, logger, {
        pathParameters: { clinicId: CLINIC },
        query: { cursor },
        principal: principals.admin,
      });
      expect({ why, status: res.statusCode, details: res.body.error?.details }).toEqual({
        why,
        status: 400,
        details: [
          { path: 'cursor', message: expect.stringMatching(/^is not a page marker this list gave out/) },
        ],
      });
    }
    // And an overrides cursor of one service does not continue another service's list.
    const overrides = encodePageCursor(CLINIC, 'overrides:elderly', `${T0}#${OVERRIDE_ID}`);
    const res = await invoke('list-overrides', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      query: { cursor: overrides },
      principal: principals.admin,
    });
    expect([res.statusCode, res.body.error.details[0].path]).toEqual([400, 'cursor']);
  });

  it('limit must be 1-200 and unknown parameters are refused, naming them', async () => {
    const world = await buildWorld();
    for (const limit of ['0', '201', '-1', '2.5', 'ten', '050'])
      for (const route of ['list-clinicians', 'list-services', 'list-keys']) {
        const res = await invoke(route, world.deps, logger, {
          pathParameters: { clinicId: CLINIC },
          query: { limit },
          principal: principals.admin,
        });
        expect({ route, limit, status: res.statusCode, details: res.body.error?.details }).toEqual({
          route,
          limit,
          status: 400,
          details: [{ path: 'limit', message: 'must be a whole number from 1 to 200' }],
        });
      }
    const unknown = await invoke('list-clinicians', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      query: { page: '2' },
      principal: principals.admin,
    });
    expect(unknown.body.error.details).toEqual([{ path: 'page', message: 'unknown field "page"' }]);
    const past = await invoke('list-overrides', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      query: { includePast: 'yes' },
      principal: principals.admin,
    });
    expect(past.body.error.details).toEqual([
      { path: 'includePast', message: expect.stringMatching(/"true"/) },
    ]);
  });

  it('decodePageCursor gives back the position encodePageCursor was given', () => {
    const cursor = encodePageCursor(CLINIC, 'keys', 'key_abc-DEF_123');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(CLINIC, 'keys', cursor, ID_POSITION)).toBe('key_abc-DEF_123');
    expect(() => decodePageCursor(CLINIC, 'services', cursor, ID_POSITION)).toThrow(AppError);
  });
});
