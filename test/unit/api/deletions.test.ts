// DELETE of a service and of a clinician against the in-memory store: refused with 409 while something
// still names them, saying where in words and as references; otherwise gone, with what hangs on them (a
// service's overrides; a clinician's keys and email subscriptions).
import { describe, expect, it } from '@jest/globals';
import { issueKey } from '../../../shared/app/api-keys.js';
import type { EmailSubscriptions } from '../../../shared/ports/email-subscriptions.js';
import { makeOverrideId } from '../../../shared/domain/override-id.js';
import type { Service } from '../../../shared/domain/model.js';
import { invoke } from './admin-routes.js';
import { buildWorld, CLINIC, HOUR, OVERRIDE_ID, principals, silentLogger, T0, type World } from './fakes.js';

const logger = silentLogger();

const del = (world: World, route: 'delete-service' | 'delete-clinician', params: Record<string, string>) =>
  invoke(route, world.deps, logger, {
    pathParameters: { clinicId: CLINIC, ...params },
    principal: principals.admin,
  });

async function addService(world: World, over: Partial<Service>) {
  const general = await world.clinics.getService(CLINIC, 'general');
  await world.clinics.putService({ ...general!, ...over });
}

describe('DELETE …/services/{serviceId}', () => {
  it('deletes the service and its overrides (204), then 404', async () => {
    const world = await buildWorld();
    const res = await del(world, 'delete-service', { serviceId: 'general' });
    expect([res.statusCode, res.raw]).toEqual([204, '']);
    expect(await world.clinics.getService(CLINIC, 'general')).toBeNull();
    expect(await world.clinics.getOverride(CLINIC, 'general', OVERRIDE_ID)).toBeNull();
    expect((await del(world, 'delete-service', { serviceId: 'general' })).statusCode).toBe(404);
  });

  it('is refused with 409 while other services fall back to it, naming them', async () => {
    const world = await buildWorld();
    await addService(world, { serviceId: 'adolescent', name: 'Adolescent', fallbackServiceId: 'general' });
    await addService(world, { serviceId: 'elderly', name: 'Elderly', fallbackServiceId: 'general' });
    await addService(world, { serviceId: 'addiction', name: 'Addiction' });
    world.clinics.writes.length = 0;
    const res = await del(world, 'delete-service', { serviceId: 'general' });
    expect([res.statusCode, res.body]).toEqual([
      409,
      {
        error: {
          code: 'conflict',
          message:
            'other services fall back to this one: Adolescent (adolescent); Elderly (elderly). Give them another fallbackServiceId, or none, first',
          references: [
            { serviceId: 'adolescent', serviceName: 'Adolescent', path: 'fallbackServiceId' },
            { serviceId: 'elderly', serviceName: 'Elderly', path: 'fallbackServiceId' },
          ],
        },
      },
    ]);
    expect(world.writes()).toEqual([]);
    // A service that falls back to another one can go.
    expect((await del(world, 'delete-service', { serviceId: 'adolescent' })).statusCode).toBe(204);
  });
});

describe('DELETE …/clinicians/{clinicianId}', () => {
  it('is refused with 409 naming each place the rota still names them', async () => {
    const world = await buildWorld();
    await addService(world, {
      serviceId: 'adolescent',
      name: 'Adolescent',
      rotation: {
        participants: ['dana', 'alice'],
        start: '2026-03-02',
        handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
      },
    });
    await addService(world, {
      serviceId: 'general',
      name: 'General',
      escalation: {
        levels: [
          { notify: 'primary', ackTimeoutSeconds: 60 },
          { notify: { clinicianId: 'dana' }, ackTimeoutSeconds: 60 },
        ],
        repeat: 0,
      },
    });
    const coverId = makeOverrideId(T0 + 10 * HOUR, 'danacover01');
    await world.clinics.putOverride({
      overrideId: coverId,
      clinicId: CLINIC,
      serviceId: 'general',
      clinicianId: 'dana',
      start: T0 + 2 * HOUR,
      end: T0 + 10 * HOUR,
      createdAt: T0,
    });
    world.clinics.writes.length = 0;
    const res = await del(world, 'delete-clinician', { clinicianId: 'dana' });
    expect(res.statusCode).toBe(409);
    expect(res.body.error.message).toBe(
      'this clinician is still on the rota: in the rotation of Adolescent (adolescent); in level 2 of General (general); ' +
        `covering General (general) from 2026-03-04T16:00:00.000Z to 2026-03-05T00:00:00.000Z (override ${coverId}). ` +
        'Take them off it first: edit those services, and move or delete the cover',
    );
    expect(res.body.error.references).toEqual([
      { serviceId: 'adolescent', serviceName: 'Adolescent', path: 'rotation.participants.0' },
      { serviceId: 'general', serviceName: 'General', path: 'escalation.levels.1.notify.clinicianId' },
      {
        serviceId: 'general',
        serviceName: 'General',
        overrideId: coverId,
        start: '2026-03-04T16:00:00.000Z',
        end: '2026-03-05T00:00:00.000Z',
      },
    ]);
    expect(world.writes()).toEqual([]);
  });

  it('cover that is over does not hold a clinician back', async () => {
    const world = await buildWorld();
    await world.clinics.putOverride({
      overrideId: makeOverrideId(T0 - HOUR, 'danapast001'),
      clinicId: CLINIC,
      serviceId: 'general',
      clinicianId: 'dana',
      start: T0 - 5 * HOUR,
      end: T0 - HOUR,
      createdAt: T0 - 6 * HOUR,
    });
    expect((await del(world, 'delete-clinician', { clinicianId: 'dana' })).statusCode).toBe(204);
  });

  it("deletes the clinician (204), revoking their clinician keys and ending their email methods' subscriptions", async () => {
    const world = await buildWorld();
    const unsubscribed: string[] = [];
    const subscriptions: EmailSubscriptions = {
      subscribe: async () => ({ subscriptionId: 'sub-new' }),
      state: async () => 'confirmed',
      unsubscribe: async (id) => void unsubscribed.push(id),
    };
    const deps = { ...world.deps, emailSubscriptions: subscriptions };
    const dana = await world.clinics.getClinician(CLINIC, 'dana');
    await world.clinics.putClinician({
      ...dana!,
      contacts: [
        {
          contactId: 'ct_dana_email',
          type: 'email',
          value: 'dana@example.org',
          verified: true,
          subscriptionId: 'sub-dana',
          addedAt: T0,
        },
      ],
    });
    const danaKey = await issueKey(deps, {
      clinicId: CLINIC,
      role: 'clinician',
      clinicianId: 'dana',
      label: 'Dana phone',
    });
    const aliceKey = await issueKey(deps, {
      clinicId: CLINIC,
      role: 'clinician',
      clinicianId: 'alice',
      label: 'Alice phone',
    });
    const res = await invoke('delete-clinician', deps, logger, {
      pathParameters: { clinicId: CLINIC, clinicianId: 'dana' },
      principal: principals.admin,
    });
    expect(res.statusCode).toBe(204);
    expect(await world.clinics.getClinician(CLINIC, 'dana')).toBeNull();
    const records = world.keys.records();
    expect(records.find((k) => k.keyId === danaKey.keyId)?.revokedAt).toBe(T0);
    expect(records.find((k) => k.keyId === aliceKey.keyId)?.revokedAt).toBeUndefined();
    expect(unsubscribed).toEqual(['sub-dana']);
    const again = await del(world, 'delete-clinician', { clinicianId: 'dana' });
    expect([again.statusCode, again.body.error.message]).toEqual([404, 'clinician not found']);
  });
});
