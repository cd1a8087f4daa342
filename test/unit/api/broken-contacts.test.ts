// Broken contacts in the admin API: GET shows which channels are marked broken, and an admin can trust one
// again with DELETE …/clinicians/{clinicianId}/broken-contacts/{channel} without changing the number.
import { describe, expect, it } from '@jest/globals';
import { invoke } from './admin-routes.js';
import { buildWorld, CLINIC, principals, silentLogger, type World } from './fakes.js';

const logger = silentLogger();

/** alice's SMS and email both marked broken, as the paging engine would; the world's write log reset. */
async function brokenWorld(): Promise<World> {
  const world = await buildWorld();
  const alice = await world.clinics.getClinician(CLINIC, 'alice');
  await world.clinics.putClinician({ ...alice!, email: 'alice@example.org' });
  await world.clinics.markContactBroken(CLINIC, 'alice', 'sms');
  await world.clinics.markContactBroken(CLINIC, 'alice', 'email');
  world.clinics.writes.length = 0;
  return world;
}

const clear = (world: World, channel: string, clinicianId = 'alice') =>
  invoke('clear-broken-contact', world.deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId, channel },
    principal: principals.admin,
  });

describe('broken contacts in the admin API', () => {
  it('GET clinician and the clinician list show brokenContacts', async () => {
    const world = await brokenWorld();
    const one = await invoke('get-clinician', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, clinicianId: 'alice' },
      principal: principals.admin,
    });
    expect(one.statusCode).toBe(200);
    expect(one.body).toMatchObject({ clinicianId: 'alice', brokenContacts: ['sms', 'email'] });
    const list = await invoke('list-clinicians', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      principal: principals.admin,
    });
    const alice = list.body.clinicians.find((c: { clinicianId: string }) => c.clinicianId === 'alice');
    expect(alice.brokenContacts).toEqual(['sms', 'email']);
  });

  it('DELETE broken-contacts/sms answers 200 with the clinician, SMS trusted again and email still broken', async () => {
    const world = await brokenWorld();
    const res = await clear(world, 'sms');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      clinicId: CLINIC,
      clinicianId: 'alice',
      contacts: [
        expect.objectContaining({ type: 'sms', value: '+447700900101', verified: true }),
        expect.anything(),
      ],
      brokenContacts: ['email'],
      updatedAt: expect.any(String),
    });
    expect((await world.clinics.getClinician(CLINIC, 'alice'))?.brokenContacts).toEqual(['email']);
    expect(world.writes()).toEqual([`clearContactBroken:${CLINIC}/alice/sms`]);
    // The number itself is untouched: nothing but the mark changed.
    expect(res.body.contacts[0].value).toBe('+447700900101');
  });

  it('answers 200 with the clinician and writes nothing when the channel is not marked broken', async () => {
    const world = await buildWorld();
    const res = await clear(world, 'email');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ clinicianId: 'alice', brokenContacts: [] });
    expect(world.writes()).toEqual([]);
  });

  it.each(['fax', 'SMS', 'phone', ''])(
    'answers 400 naming the field "channel" for channel %j, and stores nothing',
    async (channel) => {
      const world = await brokenWorld();
      const res = await clear(world, channel);
      expect(res.statusCode).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toEqual([
        {
          path: 'channel',
          message:
            'must be "sms", "email", "voice" or "push": the contact channel (text message, email, voice call or app notification) to trust again',
        },
      ]);
      expect(world.writes()).toEqual([]);
      expect((await world.clinics.getClinician(CLINIC, 'alice'))?.brokenContacts).toEqual(['sms', 'email']);
    },
  );

  it('answers 404 for a clinician who does not exist', async () => {
    const world = await buildWorld();
    const res = await clear(world, 'sms', 'nobody');
    expect(res.statusCode).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'clinician not found' });
    expect(world.writes()).toEqual([]);
  });

  it('is for the clinic admin only: intake, clinician and platform keys get 403 and nothing changes', async () => {
    for (const principal of [principals.intake, principals.clinician, principals.platform]) {
      const world = await brokenWorld();
      const res = await invoke('clear-broken-contact', world.deps, logger, {
        pathParameters: { clinicId: CLINIC, clinicianId: 'alice', channel: 'sms' },
        principal,
      });
      expect(res.statusCode).toBe(403);
      expect(world.writes()).toEqual([]);
    }
  });
});
