// Fallback contacts' methods through the real handlers: the settings number stands as a method that is
// paged without a code and changed only in the settings; further methods are added, verified, tested and
// removed like a clinician's, by the clinic's admin only; the settings keep everyone's ids and methods
// across edits; and the clinic admin edits the settings but never the time zone.
import { describe, expect, it } from '@jest/globals';
import type { ContactDeps } from '../../../shared/app/contacts/contact-deps.js';
import { fallbackIdOf, SETTINGS_SMS_ID } from '../../../shared/domain/fallback-contacts.js';
import type { Principal } from '../../../shared/domain/model.js';
import type { EmailSubscriptions } from '../../../shared/ports/email-subscriptions.js';
import { invoke } from './admin-routes.js';
import { buildWorld, CLINIC, DUTY_EMAIL, principals, silentLogger, WORLD_CODE, type World } from './fakes.js';

const logger = silentLogger();
const DUTY = fallbackIdOf({ name: 'Duty manager' });

const call = (
  deps: ContactDeps,
  name: string,
  extra: { contactId?: string; fallbackId?: string; body?: unknown; principal?: Principal } = {},
) =>
  invoke(name, deps, logger, {
    pathParameters: {
      clinicId: CLINIC,
      fallbackId: extra.fallbackId ?? DUTY,
      ...(extra.contactId && { contactId: extra.contactId }),
    },
    ...(extra.body !== undefined && { body: extra.body }),
    principal: extra.principal ?? principals.admin,
  });

const settings = (deps: ContactDeps, body: unknown, principal: Principal = principals.admin) =>
  invoke('put-clinic-settings', deps, logger, { pathParameters: { clinicId: CLINIC }, body, principal });

const lastCode = (world: World) => world.pager.sent.at(-1)?.code ?? '';

const storedFallback = async (world: World) => (await world.clinics.getClinic(CLINIC))?.fallback[0];

describe('a fallback contact’s methods', () => {
  it('lists the settings number as a verified method, paged at once, with the id derived for an old record', async () => {
    const world = await buildWorld();
    const res = await call(world.deps, 'list-fallback-contact-methods');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ fallbackId: DUTY, pageable: true });
    expect(res.body.contacts[0]).toMatchObject({
      contactId: SETTINGS_SMS_ID,
      type: 'sms',
      value: '+447700900201',
      verified: true,
      verifiedBy: 'clinic-settings',
    });
    expect(res.body.contacts[1]).toMatchObject({ contactId: DUTY_EMAIL, state: 'pending_code' });
    expect(res.body.plan).toEqual([{ contactId: SETTINGS_SMS_ID, channel: 'sms', afterSeconds: 0 }]);
    expect(res.raw).not.toMatch(/codeHash|triesLeft/);
  });

  it('adds a number that gets a code, verifies it, and then pages it too', async () => {
    const world = await buildWorld();
    const added = await call(world.deps, 'add-fallback-contact-method', {
      body: { type: 'voice', value: '+447700900288' },
    });
    // Voice is not deliverable in the plain world; sms is.
    expect(added.statusCode).toBe(400);
    const sms = await call(world.deps, 'add-fallback-contact-method', {
      body: { type: 'sms', value: '+447700900288' },
    });
    expect(sms.statusCode).toBe(201);
    expect(world.pager.sent.at(-1)).toMatchObject({
      channel: 'sms',
      to: '+447700900288',
      purpose: 'verification',
    });
    expect(world.pager.sent.at(-1)).not.toHaveProperty('clinicianId');
    const verified = await call(world.deps, 'verify-fallback-contact-method', {
      contactId: sms.body.contactId,
      body: { code: lastCode(world) },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toMatchObject({ verified: true, state: 'verified' });
    const stored = await storedFallback(world);
    expect(stored?.fallbackId).toBe(DUTY);
    expect(stored?.contacts?.map((m) => m.contactId)).toEqual([DUTY_EMAIL, sms.body.contactId]);
  });

  it('verifies the waiting email with its code, and its plan then pages the email at once', async () => {
    const world = await buildWorld();
    const wrong = await call(world.deps, 'verify-fallback-contact-method', {
      contactId: DUTY_EMAIL,
      body: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ path: 'code' });
    const right = await call(world.deps, 'verify-fallback-contact-method', {
      contactId: DUTY_EMAIL,
      body: { code: WORLD_CODE },
    });
    expect(right.statusCode).toBe(200);
    const listed = await call(world.deps, 'list-fallback-contact-methods');
    expect(listed.body.plan).toEqual([
      { contactId: SETTINGS_SMS_ID, channel: 'sms', afterSeconds: 0 },
      { contactId: DUTY_EMAIL, channel: 'email', afterSeconds: 0 },
    ]);
  });

  it('sends a TEST page to the settings number and keeps its result there', async () => {
    const world = await buildWorld();
    world.pager.answer = { ok: false, code: 'OptedOut', permanent: true };
    const res = await call(world.deps, 'test-fallback-contact-method', { contactId: SETTINGS_SMS_ID });
    expect(res.statusCode).toBe(200);
    expect(world.pager.sent.at(-1)).toMatchObject({ channel: 'sms', to: '+447700900201', purpose: 'test' });
    expect(res.body.lastResult).toMatchObject({ kind: 'test', outcome: 'failed', code: 'OptedOut' });
    const stored = await storedFallback(world);
    expect(stored?.phoneResult).toMatchObject({ outcome: 'failed', code: 'OptedOut' });
    // Still paged: the last resort is never silenced by a failed test.
    expect((await call(world.deps, 'list-fallback-contact-methods')).body.plan[0]).toMatchObject({
      contactId: SETTINGS_SMS_ID,
    });
  });

  it('refuses to remove the settings number (409, change it in the settings) and removes an added method', async () => {
    const world = await buildWorld();
    const settingsNumber = await call(world.deps, 'remove-fallback-contact-method', {
      contactId: SETTINGS_SMS_ID,
    });
    expect(settingsNumber.statusCode).toBe(409);
    expect(settingsNumber.body.error.message).toMatch(/clinic settings/);
    const removed = await call(world.deps, 'remove-fallback-contact-method', { contactId: DUTY_EMAIL });
    expect(removed.statusCode).toBe(204);
    expect((await storedFallback(world))?.contacts).toBeUndefined();
  });

  it('answers 404 for a fallback contact that does not exist, and for another clinic’s admin', async () => {
    const world = await buildWorld();
    const missing = await call(world.deps, 'list-fallback-contact-methods', { fallbackId: 'fb-nobody' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body.error.message).toMatch(/fallback contact/);
    const other = await call(world.deps, 'list-fallback-contact-methods', {
      principal: principals.otherAdmin,
    });
    expect(other.statusCode).toBe(404);
  });

  it('subscribes an email on AWS under the clinic’s fallback audience, not a clinician’s', async () => {
    const world = await buildWorld();
    const calls: string[] = [];
    const subscriptions: EmailSubscriptions = {
      subscribe: async (audience, address) => {
        calls.push(`${audience} ${address}`);
        return { subscriptionId: 'arn:sub-1' };
      },
      state: async () => 'pending',
      unsubscribe: async (id) => void calls.push(`unsubscribe ${id}`),
    };
    const deps = { ...world.deps, emailSubscriptions: subscriptions };
    const res = await call(deps, 'add-fallback-contact-method', {
      body: { type: 'email', value: 'manager@example.org' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body.state).toBe('pending_confirmation');
    expect(calls).toEqual([`${CLINIC}/fallback/${DUTY} manager@example.org`]);
    // Dropping the contact from the settings ends the subscription.
    const dropped = await settings(deps, {
      name: 'Northside Clinic',
      fallback: [{ name: 'Night lead', phone: '+447700900202' }],
    });
    expect(dropped.statusCode).toBe(200);
    expect(calls.at(-1)).toBe('unsubscribe arn:sub-1');
  });
});

describe('clinic settings by the clinic admin', () => {
  it('keeps a fallback contact’s id and methods across a rename given its id, and by name otherwise', async () => {
    const world = await buildWorld();
    const renamed = await settings(world.deps, {
      name: 'Northside',
      fallback: [
        { fallbackId: DUTY, name: 'Duty manager (nights)', phone: '+447700900201' },
        { name: 'Night lead', phone: '+447700900202' },
      ],
      fallbackRepeatSeconds: 120,
      emergencyProtocol: 'Call 999 if life is at risk.\nThen ring the duty manager.',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'Northside',
      timezone: 'Europe/London',
      fallbackRepeatSeconds: 120,
      emergencyProtocol: 'Call 999 if life is at risk.\nThen ring the duty manager.',
    });
    expect(renamed.body.fallback[0]).toMatchObject({ fallbackId: DUTY, name: 'Duty manager (nights)' });
    expect(renamed.body.fallback[0].contacts.map((m: { contactId: string }) => m.contactId)).toEqual([
      SETTINGS_SMS_ID,
      DUTY_EMAIL,
    ]);
    expect(renamed.body.fallback[1]).toMatchObject({ fallbackId: fallbackIdOf({ name: 'Night lead' }) });
    const byName = await settings(world.deps, {
      name: 'Northside',
      fallback: [{ name: 'duty manager (NIGHTS)', phone: '+447700900203' }],
    });
    expect(byName.body.fallback[0]).toMatchObject({ fallbackId: DUTY, phone: '+447700900203' });
    expect(byName.body).not.toHaveProperty('emergencyProtocol');
  });

  it('refuses a time zone from the clinic admin (the platform sets it), and a clinic that does not exist', async () => {
    const world = await buildWorld();
    const zone = await settings(world.deps, {
      name: 'Northside',
      timezone: 'Europe/Paris',
      fallback: [{ name: 'Duty manager', phone: '+447700900201' }],
    });
    expect(zone.statusCode).toBe(400);
    expect(JSON.stringify(zone.body.error.details)).toMatch(/timezone/);
    const missing = await invoke('put-clinic-settings', world.deps, logger, {
      pathParameters: { clinicId: 'nowhere' },
      body: { name: 'X', fallback: [{ name: 'A', phone: '+447700900201' }] },
      principal: { keyId: 'k', clinicId: 'nowhere', role: 'admin' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses control characters in the protocol, and two fallback contacts with one id, naming the field', async () => {
    const world = await buildWorld();
    const res = await settings(world.deps, {
      name: 'Northside',
      fallback: [
        { fallbackId: 'a', name: 'One', phone: '+447700900201' },
        { fallbackId: 'a', name: 'Two', phone: '+447700900202' },
      ],
      emergencyProtocol: 'Call\u0000 999',
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['fallback.1.fallbackId', 'emergencyProtocol']));
  });

  it('writes on condition: a change to the record in between is not overwritten (409 after every try loses)', async () => {
    const world = await buildWorld();
    world.clinics.replaceClinic = async () => false;
    const res = await settings(world.deps, {
      name: 'Northside',
      fallback: [{ name: 'Duty manager', phone: '+447700900201' }],
    });
    expect(res.statusCode).toBe(409);
    expect((await world.clinics.getClinic(CLINIC))?.name).toBe('Northside Clinic');
  });

  it('shows the hotline names and numbers but not the fallback contacts’ methods', async () => {
    const world = await buildWorld();
    const res = await invoke('get-clinic', world.deps, logger, {
      pathParameters: { clinicId: CLINIC },
      principal: principals.intake,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.fallback).toEqual([{ name: 'Duty manager', phone: '+447700900201', fallbackId: DUTY }]);
  });
});
