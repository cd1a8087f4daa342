// Contact methods through the real HTTP handlers: add (a code goes out by that channel, only its hash is
// kept), verify (tries, expiry, a fresh code voids the old one), test pages and broken channels, remove,
// who may manage whose methods, email verified by an SNS subscription, and conditional writes under a race.
// Also PUT clinician (a new phone is a new, unverified method) and /oncall (unverified means not on call).
import { describe, expect, it } from '@jest/globals';
import type { ContactDeps } from '../../../shared/app/contacts/contact-deps.js';
import { verificationHash } from '../../../shared/app/contacts/send-contact-message.js';
import { MAX_CONTACTS, VERIFY_LIFETIME_MS, type ContactMethod } from '../../../shared/domain/contacts.js';
import type { Clinician, Principal } from '../../../shared/domain/model.js';
import type { EmailSubscriptions, SubscriptionState } from '../../../shared/ports/email-subscriptions.js';
import type { OutgoingPage } from '../../../shared/ports/pager.js';
import { invoke } from './admin-routes.js';
import type { ParsedResult } from './events.js';
import {
  ALICE_EMAIL,
  ALICE_SMS,
  buildWorld,
  CLINIC,
  principals,
  silentLogger,
  T0,
  WORLD_CODE,
  type FakeClinicStore,
  type World,
} from './fakes.js';

const logger = silentLogger();
const NEW_PHONE = '+447700900177';
const SUB_PREFIX = 'arn:aws:sns:eu-west-2:123456789012:crisis-email-pages:';

// ---- calls -------------------------------------------------------------------------------------------

interface As {
  clinicianId?: string;
  principal?: Principal;
}
const who = (as: As) => ({
  clinicianId: as.clinicianId ?? 'alice',
  principal: as.principal ?? principals.admin,
});

const list = (deps: ContactDeps, as: As = {}) => {
  const { clinicianId, principal } = who(as);
  return invoke('list-contacts', deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId },
    principal,
  });
};
const add = (deps: ContactDeps, body: unknown, as: As = {}) => {
  const { clinicianId, principal } = who(as);
  return invoke('add-contact', deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId },
    body,
    principal,
  });
};
const verify = (deps: ContactDeps, contactId: string, body: unknown = {}, as: As = {}) => {
  const { clinicianId, principal } = who(as);
  return invoke('verify-contact', deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId, contactId },
    body,
    principal,
  });
};
const testPage = (deps: ContactDeps, contactId: string, as: As = {}) => {
  const { clinicianId, principal } = who(as);
  return invoke('test-contact', deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId, contactId },
    principal,
  });
};
const remove = (deps: ContactDeps, contactId: string, as: As = {}) => {
  const { clinicianId, principal } = who(as);
  return invoke('remove-contact', deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId, contactId },
    principal,
  });
};
const putClinician = (deps: ContactDeps, clinicianId: string, body: unknown) =>
  invoke('put-clinician', deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId },
    body,
    principal: principals.admin,
  });
const onCall = (deps: ContactDeps, at: string) =>
  invoke('get-oncall', deps, logger, {
    pathParameters: { clinicId: CLINIC, serviceId: 'general' },
    query: { at },
    principal: principals.admin,
  });

// ---- looking at the world ----------------------------------------------------------------------------

const stored = (world: World, clinicianId = 'alice'): Clinician => {
  const c = world.clinics.clinicians.get(`${CLINIC}#${clinicianId}`);
  if (!c) throw new Error(`no clinician ${clinicianId}`);
  return structuredClone(c);
};
const storedMethod = (world: World, contactId: string, clinicianId = 'alice'): ContactMethod | undefined =>
  stored(world, clinicianId).contacts?.find((m) => m.contactId === contactId);

const lastSent = (world: World): OutgoingPage => {
  const page = world.pager.sent.at(-1);
  if (!page) throw new Error('nothing was sent');
  return page;
};

/** The code of the last message sent, checked to be six digits and to be in its text. */
const lastCode = (world: World): string => {
  const page = lastSent(world);
  expect(page.code).toMatch(/^[0-9]{6}$/);
  expect(page.text).toContain(page.code);
  return page.code;
};

const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');

/** JSON text of a value, with every number and the given destinations blanked (they may hold any 6 digits). */
const scrubbed = (value: unknown, destinations: string[]) => {
  let text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? 0 : v));
  for (const d of destinations) text = text.split(d).join('<destination>');
  return text;
};

const SECRET_FIELDS = /codeHash|"verification":|subscriptionId|triesLeft|arn:aws/;

/** A store whose conditional write of contacts loses `times` races: someone else writes first. */
function loseRaces(store: FakeClinicStore, times: number, meanwhile?: (c: Clinician) => void) {
  const real = store.updateContacts.bind(store);
  const attempts = { count: 0 };
  store.updateContacts = async (clinicId, clinicianId, change) => {
    attempts.count++;
    if (attempts.count <= times) {
      const current = store.clinicians.get(`${clinicId}#${clinicianId}`);
      if (current && meanwhile) {
        meanwhile(current);
        current.updatedAt += 1;
        return real(clinicId, clinicianId, change); // fails: the record moved on since it was read
      }
      return false;
    }
    return real(clinicId, clinicianId, change);
  };
  return attempts;
}

/** In-memory SNS email subscriptions: pending until confirmed; a subscription it does not know is gone. */
class FakeEmailSubscriptions implements EmailSubscriptions {
  readonly subscriptions = new Map<string, { audience: string; address: string; state: SubscriptionState }>();
  readonly calls: string[] = [];
  private next = 1;

  async subscribe(audience: string, address: string) {
    const subscriptionId = `${SUB_PREFIX}sub-${this.next++}`;
    this.calls.push(`subscribe:${audience}:${address}`);
    this.subscriptions.set(subscriptionId, { audience, address, state: 'pending' });
    return { subscriptionId };
  }
  async state(subscriptionId: string): Promise<SubscriptionState> {
    this.calls.push(`state:${subscriptionId}`);
    return this.subscriptions.get(subscriptionId)?.state ?? 'gone';
  }
  async unsubscribe(subscriptionId: string) {
    this.calls.push(`unsubscribe:${subscriptionId}`);
    this.subscriptions.delete(subscriptionId);
  }
  /** The person opened the confirmation link. */
  confirm(address: string) {
    for (const s of this.subscriptions.values()) if (s.address === address) s.state = 'confirmed';
  }
  /** The person unsubscribed, or the confirmation expired: SNS no longer knows it. */
  drop(address: string) {
    for (const [id, s] of this.subscriptions) if (s.address === address) this.subscriptions.delete(id);
  }
  idOf(address: string) {
    return [...this.subscriptions].find(([, s]) => s.address === address)?.[0];
  }
}

async function awsWorld() {
  const world = await buildWorld();
  const subscriptions = new FakeEmailSubscriptions();
  const deps: ContactDeps = { ...world.deps, emailSubscriptions: subscriptions };
  return { world, deps, subscriptions };
}

/** Adds `value` by SMS to alice and verifies it with the code sent; returns its contactId. */
async function addVerifiedSms(world: World, value: string) {
  const added = await add(world.deps, { type: 'sms', value });
  expect(added.statusCode).toBe(201);
  const verified = await verify(world.deps, added.body.contactId, { code: lastCode(world) });
  expect(verified.statusCode).toBe(200);
  return added.body.contactId as string;
}

const expectValidation = (res: ParsedResult, path: string, message: RegExp) => {
  expect(res.statusCode).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
};

// ---- add and verify ----------------------------------------------------------------------------------

describe('adding an SMS method', () => {
  it('answers 201 with an unverified method waiting for its code, and sends the code by SMS to the number', async () => {
    const world = await buildWorld();
    const res = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    expect(res.statusCode).toBe(201);
    expect(res.body).toEqual({
      contactId: expect.stringMatching(/^ct_[A-Za-z0-9_-]+$/),
      type: 'sms',
      value: NEW_PHONE,
      verified: false,
      state: 'pending_code',
      addedAt: new Date(T0).toISOString(),
      codeExpiresAt: new Date(T0 + VERIFY_LIFETIME_MS).toISOString(),
      lastResult: { at: new Date(T0).toISOString(), kind: 'verification', outcome: 'sent' },
    });
    expect(world.pager.sent).toHaveLength(1);
    const page = lastSent(world);
    expect(page).toMatchObject({
      channel: 'sms',
      purpose: 'verification',
      to: NEW_PHONE,
      clinicianId: 'alice',
    });
    const code = lastCode(world);
    expect(page.text).toContain(`crisis-router code ${code}:`);
    expect(page.text).toContain('Northside Clinic');
  });

  it('stores only the hash of the code, bound to the method, and never shows secrets in the API', async () => {
    const world = await buildWorld();
    const res = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    const code = lastCode(world);
    const { contactId } = res.body;
    const method = storedMethod(world, contactId);
    expect(method?.verification).toEqual({
      codeHash: verificationHash(contactId, code),
      sentAt: T0,
      expiresAt: T0 + VERIFY_LIFETIME_MS,
      triesLeft: 5,
    });
    expect(method?.verification?.codeHash).not.toBe(verificationHash(ALICE_SMS, code));
    const destinations = ['+447700900101', NEW_PHONE];
    expect(scrubbed(stored(world), destinations)).not.toContain(code);
    expect(Object.values(method ?? {})).not.toContain(code);

    const answers = [
      res,
      await list(world.deps),
      await invoke('get-clinician', world.deps, logger, {
        pathParameters: { clinicId: CLINIC, clinicianId: 'alice' },
        principal: principals.admin,
      }),
      await invoke('list-clinicians', world.deps, logger, {
        pathParameters: { clinicId: CLINIC },
        principal: principals.admin,
      }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200 + (answer === res ? 1 : 0));
      expect(answer.raw).not.toMatch(SECRET_FIELDS);
      expect(scrubbed(answer.body, destinations)).not.toContain(code);
    }
  });

  it('verifies with the code that was sent: 200, verified by code, and paged from then on', async () => {
    const world = await buildWorld();
    const { body } = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    const res = await verify(world.deps, body.contactId, { code: lastCode(world) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      contactId: body.contactId,
      verified: true,
      state: 'verified',
      verifiedBy: 'code',
      verifiedAt: new Date(T0).toISOString(),
    });
    expect(res.body).not.toHaveProperty('codeExpiresAt');
    expect(res.raw).not.toMatch(SECRET_FIELDS);
    expect(storedMethod(world, body.contactId)).toMatchObject({ verified: true, verifiedBy: 'code' });
    expect(storedMethod(world, body.contactId)).not.toHaveProperty('verification');
    // Verifying a verified method answers 200 again.
    const again = await verify(world.deps, body.contactId, { code: otherCode(lastCode(world)) });
    expect(again.statusCode).toBe(200);
    expect(again.body.verified).toBe(true);
  });

  it('verifies the world email with its code through the pager (no email subscriptions locally)', async () => {
    const world = await buildWorld();
    const res = await verify(world.deps, ALICE_EMAIL, { code: WORLD_CODE });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      contactId: ALICE_EMAIL,
      type: 'email',
      verified: true,
      verifiedBy: 'code',
    });
  });

  it('answers 400 at code with the tries left for a wrong code, and after 5 wrong ones "too many", even to the right one', async () => {
    const world = await buildWorld();
    const { body } = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    const code = lastCode(world);
    const wrong = otherCode(code);
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await verify(world.deps, body.contactId, { code: wrong });
      expect(res.statusCode).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toHaveLength(1);
      expect(res.body.error.details[0].path).toBe('code');
      messages.push(res.body.error.details[0].message);
    }
    expect(messages.slice(0, 4)).toEqual([
      'that code is not right: 4 tries left',
      'that code is not right: 3 tries left',
      'that code is not right: 2 tries left',
      'that code is not right: 1 try left',
    ]);
    expect(messages[4]).toMatch(/too many/);
    expectValidation(await verify(world.deps, body.contactId, { code }), 'code', /too many/);
    expect(storedMethod(world, body.contactId)).toMatchObject({
      verified: false,
      verification: { triesLeft: 0 },
    });
  });

  it('refuses a code that is not six digits with 400 at code, counting no try', async () => {
    const world = await buildWorld();
    const { body } = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    for (const code of ['12345', '1234567', 'abcdef', ' 12345']) {
      expectValidation(await verify(world.deps, body.contactId, { code }), 'code', /6-digit/);
    }
    expectValidation(await verify(world.deps, body.contactId, { code: 123456 }), 'code', /text/);
    expect(storedMethod(world, body.contactId)?.verification?.triesLeft).toBe(5);
  });

  it('answers 400 at code for an expired code (at its expiry instant and after), and verifies one ms before', async () => {
    for (const [offset, status] of [
      [VERIFY_LIFETIME_MS - 1, 200],
      [VERIFY_LIFETIME_MS, 400],
      [VERIFY_LIFETIME_MS + 3_600_000, 400],
    ] as const) {
      const world = await buildWorld();
      const { body } = await add(world.deps, { type: 'sms', value: NEW_PHONE });
      const code = lastCode(world);
      const later: ContactDeps = { ...world.deps, clock: () => T0 + offset };
      const res = await verify(later, body.contactId, { code });
      expect(res.statusCode).toBe(status);
      if (status === 400) {
        expectValidation(res, 'code', /expired.*add the contact method again/);
        expect(storedMethod(world, body.contactId)).toMatchObject({
          verified: false,
          verification: { triesLeft: 5 },
        });
      }
    }
  });

  it("expires the world's own email code for a clock 15 minutes on", async () => {
    const world = await buildWorld(T0);
    const later: ContactDeps = { ...world.deps, clock: () => T0 + VERIFY_LIFETIME_MS };
    expectValidation(await verify(later, ALICE_EMAIL, { code: WORLD_CODE }), 'code', /expired/);
  });

  it('sends a fresh code when the same unverified destination is added again: same contactId, the old code stops working', async () => {
    const world = await buildWorld();
    const first = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    const oldCode = lastCode(world);
    let second = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    // Astronomically rare, but a test must not depend on luck: ask again until the digits differ.
    while (lastCode(world) === oldCode) second = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    const newCode = lastCode(world);
    expect(second.statusCode).toBe(201);
    expect(second.body.contactId).toBe(first.body.contactId);
    expect(second.body.state).toBe('pending_code');
    expect(world.pager.sent.length).toBeGreaterThanOrEqual(2);
    expect(world.pager.sent.every((p) => p.to === NEW_PHONE && p.purpose === 'verification')).toBe(true);
    expect(stored(world).contacts?.filter((m) => m.value === NEW_PHONE)).toHaveLength(1);
    expectValidation(await verify(world.deps, first.body.contactId, { code: oldCode }), 'code', /not right/);
    expect((await verify(world.deps, first.body.contactId, { code: newCode })).statusCode).toBe(200);
  });

  it('gives a new code full tries again after the old one ran out', async () => {
    const world = await buildWorld();
    const { body } = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    for (let i = 0; i < 5; i++)
      await verify(world.deps, body.contactId, { code: otherCode(lastCode(world)) });
    await add(world.deps, { type: 'sms', value: NEW_PHONE });
    expect(storedMethod(world, body.contactId)?.verification?.triesLeft).toBe(5);
    expect((await verify(world.deps, body.contactId, { code: lastCode(world) })).statusCode).toBe(200);
  });

  it('answers 409 for a destination that is already verified, with its contactId, sending nothing', async () => {
    const world = await buildWorld();
    const res = await add(world.deps, { type: 'sms', value: '+447700900101' });
    expect(res.statusCode).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', contactId: ALICE_SMS });
    expect(world.pager.sent).toEqual([]);
    expect(world.writes()).toEqual([]);
  });

  it('compares email addresses without case: a verified address in other letters is 409', async () => {
    const world = await buildWorld();
    await verify(world.deps, ALICE_EMAIL, { code: WORLD_CODE });
    const sent = world.pager.sent.length;
    const res = await add(world.deps, { type: 'email', value: 'ALICE@Example.org' });
    expect(res.statusCode).toBe(409);
    expect(res.body.error.contactId).toBe(ALICE_EMAIL);
    expect(world.pager.sent).toHaveLength(sent);
  });

  it.each([
    ['voice', '+447700900177'],
    [
      'push',
      JSON.stringify({
        endpoint: 'https://push.example.org/send/abc',
        keys: { p256dh: 'BOrKpZ2xkHW8yUJgE1f0b3V7q', auth: 'm2vF0x3u9Y1kq7Lw' },
      }),
    ],
  ])(
    'answers 400 at type for %s where the deployment cannot deliver it, storing and sending nothing',
    async (type, value) => {
      const world = await buildWorld();
      expectValidation(await add(world.deps, { type, value }), 'type', /not available/);
      expect(world.writes()).toEqual([]);
      expect(world.pager.sent).toEqual([]);
    },
  );

  it('answers 400 for an unknown type', async () => {
    const world = await buildWorld();
    const res = await add(world.deps, { type: 'fax', value: '+447700900177' });
    expect(res.statusCode).toBe(400);
    expect(res.body.error.details[0].path).toBe('type');
    expect(world.writes()).toEqual([]);
  });

  it.each([
    ['sms', '07700900177'],
    ['sms', '+44 7700 900177'],
    ['sms', 'alice@example.org'],
    ['email', 'not-an-address'],
    ['email', '+447700900177'],
  ])('answers 400 naming value for %s %j, storing and sending nothing', async (type, value) => {
    const world = await buildWorld();
    const res = await add(world.deps, { type, value });
    expect(res.statusCode).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'value', message: expect.any(String) }]);
    expect(world.writes()).toEqual([]);
    expect(world.pager.sent).toEqual([]);
  });

  it(`answers 409 past ${MAX_CONTACTS} methods, and still re-sends a code to one already there`, async () => {
    const world = await buildWorld();
    const have = stored(world).contacts?.length ?? 0;
    for (let i = have; i < MAX_CONTACTS; i++)
      expect((await add(world.deps, { type: 'sms', value: `+44770090020${i}` })).statusCode).toBe(201);
    expect(stored(world).contacts).toHaveLength(MAX_CONTACTS);
    const sent = world.pager.sent.length;
    const over = await add(world.deps, { type: 'sms', value: '+447700900299' });
    expect(over.statusCode).toBe(409);
    expect(over.body.error.message).toMatch(/at most 10/);
    expect(stored(world).contacts).toHaveLength(MAX_CONTACTS);
    expect(world.pager.sent).toHaveLength(sent);
    const again = await add(world.deps, { type: 'sms', value: `+44770090020${MAX_CONTACTS - 1}` });
    expect(again.statusCode).toBe(201);
  });
});

// ---- test pages --------------------------------------------------------------------------------------

describe('test pages', () => {
  it('sends a TEST page to a verified method and keeps the outcome: 200 with lastResult sent', async () => {
    const world = await buildWorld();
    const res = await testPage(world.deps, ALICE_SMS);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ contactId: ALICE_SMS, verified: true });
    expect(res.body.lastResult).toEqual({ at: new Date(T0).toISOString(), kind: 'test', outcome: 'sent' });
    expect(world.pager.sent).toHaveLength(1);
    expect(lastSent(world)).toMatchObject({
      channel: 'sms',
      purpose: 'test',
      to: '+447700900101',
      clinicianId: 'alice',
    });
    expect(lastSent(world).text.startsWith('TEST')).toBe(true);
    expect(storedMethod(world, ALICE_SMS)?.lastResult).toEqual({ at: T0, kind: 'test', outcome: 'sent' });
  });

  it('sends an email test page with a TEST subject', async () => {
    const world = await buildWorld();
    await verify(world.deps, ALICE_EMAIL, { code: WORLD_CODE });
    const res = await testPage(world.deps, ALICE_EMAIL);
    expect(res.statusCode).toBe(200);
    expect(lastSent(world)).toMatchObject({ channel: 'email', purpose: 'test', to: 'alice@example.org' });
    expect(lastSent(world).subject?.startsWith('TEST')).toBe(true);
    expect(lastSent(world).text.startsWith('TEST')).toBe(true);
  });

  it('answers 409 for an unverified method, sending nothing', async () => {
    const world = await buildWorld();
    const res = await testPage(world.deps, ALICE_EMAIL);
    expect(res.statusCode).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(world.pager.sent).toEqual([]);
    expect(world.writes()).toEqual([]);
  });

  it('marks SMS broken on a permanent refusal of the number pages use, and a later success clears it', async () => {
    const world = await buildWorld();
    world.pager.answer = { ok: false, code: 'OptedOut', permanent: true };
    const failed = await testPage(world.deps, ALICE_SMS);
    expect(failed.statusCode).toBe(200);
    expect(failed.body.lastResult).toEqual({
      at: new Date(T0).toISOString(),
      kind: 'test',
      outcome: 'failed',
      code: 'OptedOut',
      permanent: true,
    });
    expect(stored(world).brokenContacts).toEqual(['sms']);
    expect((await list(world.deps)).body.contacts[0].lastResult).toMatchObject({
      outcome: 'failed',
      code: 'OptedOut',
    });

    world.pager.answer = { ok: true, messageId: 'm-2' };
    const healed = await testPage(world.deps, ALICE_SMS);
    expect(healed.body.lastResult).toEqual({ at: new Date(T0).toISOString(), kind: 'test', outcome: 'sent' });
    expect(stored(world).brokenContacts).toEqual([]);
  });

  it('does not mark the channel broken for a passing failure', async () => {
    const world = await buildWorld();
    world.pager.answer = { ok: false, code: 'Throttling', permanent: false };
    const res = await testPage(world.deps, ALICE_SMS);
    expect(res.body.lastResult).toMatchObject({ outcome: 'failed', code: 'Throttling', permanent: false });
    expect(stored(world).brokenContacts).toEqual([]);
  });

  it('keeps a pager that throws as a failed send, not a 500', async () => {
    const world = await buildWorld();
    world.pager.send = async () => {
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    const res = await testPage(world.deps, ALICE_SMS);
    expect(res.statusCode).toBe(200);
    expect(res.body.lastResult).toMatchObject({ outcome: 'failed', code: 'TimeoutError', permanent: false });
  });

  it('does not touch the channel when the method tested is not the one pages use', async () => {
    const world = await buildWorld();
    const second = await addVerifiedSms(world, NEW_PHONE);
    world.pager.answer = { ok: false, code: 'OptedOut', permanent: true };
    const res = await testPage(world.deps, second);
    expect(res.body.lastResult).toMatchObject({ outcome: 'failed', code: 'OptedOut', permanent: true });
    expect(stored(world).brokenContacts).toEqual([]);
    // And a success on it does not clear a mark that belongs to the first number.
    await world.clinics.markContactBroken(CLINIC, 'alice', 'sms');
    world.pager.answer = { ok: true, messageId: 'm-3' };
    await testPage(world.deps, second);
    expect(stored(world).brokenContacts).toEqual(['sms']);
  });
});

// ---- remove ------------------------------------------------------------------------------------------

describe('removing a method', () => {
  it('answers 204 with no body, and the method is gone', async () => {
    const world = await buildWorld();
    const res = await remove(world.deps, ALICE_EMAIL);
    expect(res.statusCode).toBe(204);
    expect(res.raw).toBe('');
    expect(stored(world).contacts?.map((m) => m.contactId)).toEqual([ALICE_SMS]);
    const listed = await list(world.deps);
    expect(listed.body.contacts.map((m: { contactId: string }) => m.contactId)).toEqual([ALICE_SMS]);
    expect(world.pager.sent).toEqual([]);
  });

  it('answers 404 for a contactId the clinician does not have, changing nothing', async () => {
    const world = await buildWorld();
    const before = stored(world);
    const res = await remove(world.deps, 'ct_nope');
    expect(res.statusCode).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'contact method not found' });
    expect(world.writes()).toEqual([]);
    expect(stored(world)).toEqual(before);
  });

  it("answers 404 for another clinician's contactId", async () => {
    const world = await buildWorld();
    expect((await remove(world.deps, ALICE_SMS, { clinicianId: 'bob' })).statusCode).toBe(404);
    expect(stored(world).contacts).toHaveLength(2);
  });

  it('answers 404 for a clinician who does not exist', async () => {
    const world = await buildWorld();
    const res = await remove(world.deps, ALICE_SMS, { clinicianId: 'nobody' });
    expect(res.statusCode).toBe(404);
    expect(res.body.error.message).toBe('clinician not found');
  });

  it("removes a legacy clinician's migrated phone, leaving them with no method to page", async () => {
    const world = await buildWorld();
    const listed = await list(world.deps, { clinicianId: 'bob' });
    expect(listed.body.contacts).toEqual([
      expect.objectContaining({ contactId: 'migrated-sms', verified: true, verifiedBy: 'migration' }),
    ]);
    expect((await remove(world.deps, 'migrated-sms', { clinicianId: 'bob' })).statusCode).toBe(204);
    const after = stored(world, 'bob');
    expect(after.contacts).toEqual([]);
    expect(after).not.toHaveProperty('phone');
    expect((await list(world.deps, { clinicianId: 'bob' })).body).toMatchObject({
      pageable: false,
      warning: 'no_verified_contact',
    });
  });

  it('drops the broken mark of SMS when the number pages used is removed', async () => {
    const world = await buildWorld();
    await world.clinics.markContactBroken(CLINIC, 'alice', 'sms');
    await remove(world.deps, ALICE_SMS);
    expect(stored(world).brokenContacts).toEqual([]);
  });
});

// ---- who may ---------------------------------------------------------------------------------------

describe("a clinician key on another clinician's methods", () => {
  const calls: [string, (deps: ContactDeps, as: As) => Promise<ParsedResult>][] = [
    ['list-contacts', (d, as) => list(d, as)],
    ['add-contact', (d, as) => add(d, { type: 'sms', value: NEW_PHONE }, as)],
    ['verify-contact', (d, as) => verify(d, 'migrated-sms', { code: '123456' }, as)],
    ['test-contact', (d, as) => testPage(d, 'migrated-sms', as)],
    ['remove-contact', (d, as) => remove(d, 'migrated-sms', as)],
  ];

  it.each(calls)('%s: 403, nothing written, nothing sent', async (_name, call) => {
    const world = await buildWorld();
    const before = stored(world, 'bob');
    const res = await call(world.deps, { clinicianId: 'bob', principal: principals.clinician });
    expect(res.statusCode).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(world.writes()).toEqual([]);
    expect(world.pager.sent).toEqual([]);
    expect(stored(world, 'bob')).toEqual(before);
  });

  it('while the same key manages its own: alice adds, verifies and removes a number of hers', async () => {
    const world = await buildWorld();
    const me = { principal: principals.clinician };
    const added = await add(world.deps, { type: 'sms', value: NEW_PHONE }, me);
    expect(added.statusCode).toBe(201);
    expect((await verify(world.deps, added.body.contactId, { code: lastCode(world) }, me)).statusCode).toBe(
      200,
    );
    expect((await remove(world.deps, added.body.contactId, me)).statusCode).toBe(204);
  });

  it('an intake key gets 403 on contacts, writing nothing', async () => {
    const world = await buildWorld();
    const res = await add(world.deps, { type: 'sms', value: NEW_PHONE }, { principal: principals.intake });
    expect(res.statusCode).toBe(403);
    expect(world.writes()).toEqual([]);
  });
});

// ---- email through SNS subscriptions ----------------------------------------------------------------

describe('email verified by an SNS subscription', () => {
  const ADDRESS = 'alice.work@example.org';

  it('subscribes the address filtered on the clinic and clinician, sends no code, and waits for confirmation', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const res = await add(deps, { type: 'email', value: ADDRESS });
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatchObject({
      type: 'email',
      value: ADDRESS,
      verified: false,
      state: 'pending_confirmation',
    });
    expect(res.body).not.toHaveProperty('codeExpiresAt');
    expect(res.raw).not.toMatch(SECRET_FIELDS);
    expect(subscriptions.calls).toEqual([`subscribe:${CLINIC}/clinician/alice:${ADDRESS}`]);
    expect(world.pager.sent).toEqual([]);
    const method = storedMethod(world, res.body.contactId);
    expect(method?.subscriptionId).toBe(subscriptions.idOf(ADDRESS));
    expect(method).not.toHaveProperty('verification');
  });

  it('answers 409 "not confirmed yet" to verify before the link is opened, and 200 by subscription after', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    const early = await verify(deps, body.contactId, {});
    expect(early.statusCode).toBe(409);
    expect(early.body.error.message).toMatch(/not confirmed yet/);
    expect(storedMethod(world, body.contactId)?.verified).toBe(false);

    subscriptions.confirm(ADDRESS);
    const res = await verify(deps, body.contactId, {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      contactId: body.contactId,
      verified: true,
      state: 'verified',
      verifiedBy: 'subscription',
      verifiedAt: new Date(T0).toISOString(),
    });
    expect(res.raw).not.toMatch(SECRET_FIELDS);
    expect(world.pager.sent).toEqual([]);
  });

  it('reads states back on list-contacts: a confirmed one turns verified', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    expect(
      (await list(deps)).body.contacts.find((m: { contactId: string }) => m.contactId === body.contactId),
    ).toMatchObject({ state: 'pending_confirmation', verified: false });
    subscriptions.confirm(ADDRESS);
    const listed = await list(deps);
    expect(listed.statusCode).toBe(200);
    expect(listed.raw).not.toMatch(SECRET_FIELDS);
    expect(
      listed.body.contacts.find((m: { contactId: string }) => m.contactId === body.contactId),
    ).toMatchObject({
      state: 'verified',
      verified: true,
      verifiedBy: 'subscription',
    });
    expect(storedMethod(world, body.contactId)).toMatchObject({ verified: true, verifiedBy: 'subscription' });
  });

  it('reads states back on list-contacts: a verified one that is gone turns unverified with lastResult failed', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    subscriptions.confirm(ADDRESS);
    await list(deps);
    subscriptions.drop(ADDRESS);
    const listed = await list(deps);
    const shown = listed.body.contacts.find((m: { contactId: string }) => m.contactId === body.contactId);
    expect(shown).toMatchObject({
      verified: false,
      state: 'unverified',
      lastResult: { kind: 'verification', outcome: 'failed', permanent: true },
    });
    expect(shown).not.toHaveProperty('verifiedBy');
    expect(storedMethod(world, body.contactId)?.verified).toBe(false);
    expect(storedMethod(world, body.contactId)).not.toHaveProperty('subscriptionId');
    expect(listed.body.pageable).toBe(true); // alice's phone still pages
  });

  it('answers 409 "add it again" to verify on a verified email whose subscription is gone, and unpages it', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    subscriptions.confirm(ADDRESS);
    expect((await verify(deps, body.contactId, {})).statusCode).toBe(200);
    subscriptions.drop(ADDRESS);
    const res = await verify(deps, body.contactId, {});
    expect(res.statusCode).toBe(409);
    expect(res.body.error.message).toMatch(/unsubscribed or its confirmation expired: add it again/);
    expect(storedMethod(world, body.contactId)).toMatchObject({
      verified: false,
      lastResult: { code: 'Unsubscribed' },
    });
  });

  it('answers the same 409 "add it again" to verify once list-contacts has already seen the subscription gone', async () => {
    const { deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    subscriptions.confirm(ADDRESS);
    await list(deps);
    subscriptions.drop(ADDRESS);
    await list(deps);
    const res = await verify(deps, body.contactId, {});
    expect(res.statusCode).toBe(409);
    expect(res.body.error.message).toMatch(/add it again/);
  });

  it('reads states back on list-contacts: a pending one that is gone (confirmation expired) stops waiting', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    subscriptions.drop(ADDRESS);
    const listed = await list(deps);
    const shown = listed.body.contacts.find((m: { contactId: string }) => m.contactId === body.contactId);
    expect(shown).toMatchObject({
      verified: false,
      state: 'unverified',
      lastResult: { kind: 'verification', outcome: 'failed' },
    });
    expect(storedMethod(world, body.contactId)).not.toHaveProperty('subscriptionId');
    const res = await verify(deps, body.contactId, {});
    expect(res.statusCode).toBe(409);
    expect(res.body.error.message).toMatch(/unsubscribed or its confirmation expired/);
  });

  it('unsubscribes when the method is removed', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: ADDRESS });
    const subscriptionId = subscriptions.idOf(ADDRESS);
    const res = await remove(deps, body.contactId);
    expect(res.statusCode).toBe(204);
    expect(subscriptions.calls).toContain(`unsubscribe:${subscriptionId}`);
    expect(storedMethod(world, body.contactId)).toBeUndefined();
  });

  it('removes an email method with no subscription without calling SNS', async () => {
    const { deps, subscriptions } = await awsWorld();
    expect((await remove(deps, ALICE_EMAIL)).statusCode).toBe(204);
    expect(subscriptions.calls).toEqual([]);
  });
});

// ---- races -----------------------------------------------------------------------------------------

describe('conditional writes under a race', () => {
  it('retries a lost race from a fresh read: both the other writer and this change land', async () => {
    const world = await buildWorld();
    const theirs: ContactMethod = {
      contactId: 'ct_theirs',
      type: 'email',
      value: 'theirs@example.org',
      verified: true,
      verifiedBy: 'code',
      addedAt: T0,
    };
    const attempts = loseRaces(world.clinics, 1, (c) => c.contacts?.push(structuredClone(theirs)));
    const res = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    expect(res.statusCode).toBe(201);
    expect(attempts.count).toBeGreaterThan(1);
    const ids = stored(world).contacts?.map((m) => m.contactId);
    expect(ids).toEqual([ALICE_SMS, ALICE_EMAIL, 'ct_theirs', res.body.contactId]);
    expect(world.pager.sent).toHaveLength(1);
    expect((await verify(world.deps, res.body.contactId, { code: lastCode(world) })).statusCode).toBe(200);
  });

  it('still verifies through a lost race, counting the code once', async () => {
    const world = await buildWorld();
    loseRaces(world.clinics, 1, () => undefined);
    const res = await verify(world.deps, ALICE_EMAIL, { code: otherCode(WORLD_CODE) });
    expectValidation(res, 'code', /4 tries left/);
    expect(storedMethod(world, ALICE_EMAIL)?.verification?.triesLeft).toBe(4);
  });

  it('answers 409 conflict when every write loses, with nothing written and nothing sent', async () => {
    const world = await buildWorld();
    const before = stored(world);
    const attempts = loseRaces(world.clinics, Number.POSITIVE_INFINITY);
    const res = await add(world.deps, { type: 'sms', value: NEW_PHONE });
    expect(res.statusCode).toBe(409);
    expect(res.body.error).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/changed by someone else/),
    });
    expect(attempts.count).toBeGreaterThan(1);
    expect(stored(world)).toEqual(before);
    expect(world.writes()).toEqual([]);
    expect(world.pager.sent).toEqual([]);
  });

  it('answers 409 to remove when every write loses: the method stays and SNS is not told', async () => {
    const { world, deps, subscriptions } = await awsWorld();
    const { body } = await add(deps, { type: 'email', value: 'alice.work@example.org' });
    const before = stored(world);
    loseRaces(world.clinics, Number.POSITIVE_INFINITY);
    const res = await remove(deps, body.contactId);
    expect(res.statusCode).toBe(409);
    expect(stored(world)).toEqual(before);
    expect(subscriptions.calls.filter((c) => c.startsWith('unsubscribe'))).toEqual([]);
  });
});

describe('races with writes outside the contact routes', () => {
  it('keeps a broken mark a page made while a contact change was in flight (the number pages use is unchanged)', async () => {
    const world = await buildWorld();
    const store = world.clinics;
    const real = store.updateContacts.bind(store);
    let raced = false;
    store.updateContacts = async (clinicId, clinicianId, change) => {
      if (!raced) {
        raced = true;
        // A page to alice's phone is refused for good between this change's read and its write.
        await store.markContactBroken(clinicId, clinicianId, 'sms');
      }
      return real(clinicId, clinicianId, change);
    };
    const res = await add(world.deps, { type: 'email', value: 'alice.home@example.org' });
    expect(res.statusCode).toBe(201);
    expect(stored(world).contacts?.find((m) => m.contactId === ALICE_SMS)?.value).toBe('+447700900101');
    expect(stored(world).brokenContacts).toEqual(['sms']);
  });

  it('does not undo a verification that lands while a PUT clinician is in flight', async () => {
    const world = await buildWorld();
    const store = world.clinics;
    const real = store.replaceClinician.bind(store);
    let raced = false;
    store.replaceClinician = async (clinician, readUpdatedAt) => {
      if (!raced) {
        raced = true;
        // Alice types her email code between the PUT's read and its write.
        expect((await verify(world.deps, ALICE_EMAIL, { code: WORLD_CODE })).statusCode).toBe(200);
      }
      return real(clinician, readUpdatedAt);
    };
    const res = await putClinician(world.deps, 'alice', { name: 'Alice A. Adams' });
    expect([200, 409]).toContain(res.statusCode);
    expect(storedMethod(world, ALICE_EMAIL)).toMatchObject({ verified: true, verifiedBy: 'code' });
  });
});

// ---- PUT clinician and /oncall --------------------------------------------------------------------

describe('PUT clinician with a phone', () => {
  it('adds a new phone as an unverified method and sends it a code; the old number keeps paging', async () => {
    const world = await buildWorld();
    const res = await putClinician(world.deps, 'alice', { name: 'Alice Adams', phone: NEW_PHONE });
    expect(res.statusCode).toBe(200);
    expect(res.raw).not.toMatch(SECRET_FIELDS);
    expect(res.body).not.toHaveProperty('phone');
    const added = res.body.contacts.find((m: { value: string }) => m.value === NEW_PHONE);
    expect(added).toMatchObject({ type: 'sms', verified: false, state: 'pending_code' });
    expect(res.body.contacts.find((m: { contactId: string }) => m.contactId === ALICE_SMS)).toMatchObject({
      verified: true,
    });
    expect(res.body.pageable).toBe(true);
    expect(world.pager.sent).toHaveLength(1);
    expect(lastSent(world)).toMatchObject({ channel: 'sms', purpose: 'verification', to: NEW_PHONE });
    const code = lastCode(world);

    const again = await putClinician(world.deps, 'alice', { name: 'Alice A. Adams', phone: NEW_PHONE });
    expect(again.statusCode).toBe(200);
    expect(again.body.name).toBe('Alice A. Adams');
    expect(world.pager.sent).toHaveLength(1);
    expect(again.body.contacts.filter((m: { value: string }) => m.value === NEW_PHONE)).toHaveLength(1);
    // The code sent first still works after the second PUT.
    expect((await verify(world.deps, added.contactId, { code })).statusCode).toBe(200);
  });

  it("sends no code for a legacy clinician's own phone, which stays verified by migration", async () => {
    const world = await buildWorld();
    const res = await putClinician(world.deps, 'bob', { name: 'Bob Brown', phone: '+447700900102' });
    expect(res.statusCode).toBe(200);
    expect(world.pager.sent).toEqual([]);
    expect(res.body.contacts).toEqual([
      expect.objectContaining({ contactId: 'migrated-sms', verified: true, verifiedBy: 'migration' }),
    ]);
  });

  it('creates a new clinician with only an unverified method: not pageable, no_verified_contact', async () => {
    const world = await buildWorld();
    const res = await putClinician(world.deps, 'carol', { name: 'Carol Cole', phone: '+447700900103' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ clinicianId: 'carol', pageable: false, warning: 'no_verified_contact' });
    expect(res.body.contacts).toEqual([expect.objectContaining({ verified: false, state: 'pending_code' })]);
    expect(lastSent(world)).toMatchObject({
      to: '+447700900103',
      purpose: 'verification',
      clinicianId: 'carol',
    });
  });
});

describe('/oncall and unverified clinicians', () => {
  it('lists a clinician whose only method is unverified under unavailable, no_verified_contact, until verified', async () => {
    const world = await buildWorld();
    await putClinician(world.deps, 'carol', { name: 'Carol Cole', phone: '+447700900103' });
    const code = lastCode(world);
    const override = await invoke('create-override', world.deps, logger, {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      body: { clinicianId: 'carol', start: '2026-03-05T10:00:00Z', end: '2026-03-05T12:00:00Z' },
      principal: principals.admin,
    });
    expect(override.statusCode).toBe(201);

    const before = await onCall(world.deps, '2026-03-05T11:00:00Z');
    expect(before.statusCode).toBe(200);
    expect(before.body.primary?.clinicianId).not.toBe('carol');
    expect(before.body.unavailable).toContainEqual({
      role: 'primary',
      clinicianId: 'carol',
      reason: 'no_verified_contact',
      name: 'Carol Cole',
    });

    const contactId = stored(world, 'carol').contacts?.[0]?.contactId ?? '';
    expect((await verify(world.deps, contactId, { code }, { clinicianId: 'carol' })).statusCode).toBe(200);
    const after = await onCall(world.deps, '2026-03-05T11:00:00Z');
    expect(after.body.primary).toMatchObject({ clinicianId: 'carol', source: 'override' });
    expect(after.body.unavailable).toEqual([]);
  });

  it('takes alice off call when her verified phone is removed and only the pending email is left', async () => {
    const world = await buildWorld();
    const at = '2026-03-04T19:00:00Z'; // alice's rota day, after bob's override
    expect((await onCall(world.deps, at)).body.primary).toMatchObject({ clinicianId: 'alice' });
    await remove(world.deps, ALICE_SMS);
    const res = await onCall(world.deps, at);
    expect(res.body.primary).toBeNull();
    expect(res.body.unavailable).toContainEqual({
      role: 'primary',
      clinicianId: 'alice',
      reason: 'no_verified_contact',
      name: 'Alice Adams',
    });
  });
});

describe('a push subscription as a value', () => {
  it.each([
    ['not JSON', 'device-token-abc'],
    [
      'an http endpoint',
      JSON.stringify({
        endpoint: 'http://push.example.org/x',
        keys: { p256dh: 'BOrKpZ2xkHW8yUJgE1f0b3V7q', auth: 'm2vF0x3u9Y1kq7Lw' },
      }),
    ],
    ['no keys', JSON.stringify({ endpoint: 'https://push.example.org/x' })],
  ])('refuses %s at value, in words', async (_what, value) => {
    const world = await buildWorld();
    expectValidation(
      await add(world.deps, { type: 'push', value }),
      'value',
      /push subscription the browser gives/,
    );
    expect(world.writes()).toEqual([]);
  });
});
