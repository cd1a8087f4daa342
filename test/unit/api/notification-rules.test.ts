// PUT /v1/clinics/{clinicId}/clinicians/{clinicianId}/notification-rules through the real handler: what is
// refused (unknown method, a type we cannot deliver, two methods on one channel, a delay a level's timeout
// would cut off, an empty list) and where, who may save whose rules, how removing a method changes them, and
// end to end with the request fakes: a submit pages by the rules, the delayed channel later or not at all.
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ContactDeps } from '../../../shared/app/contacts/contact-deps.js';
import type { ContactMethod, NotificationRule } from '../../../shared/domain/contacts.js';
import type { Clinician, Principal, Service } from '../../../shared/domain/model.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { respondByLink } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { sweepDue } from '../../../shared/app/requests/sweep-due.js';
import { invoke } from './admin-routes.js';
import type { ParsedResult } from './events.js';
import {
  ALICE_EMAIL,
  ALICE_SMS,
  buildWorld,
  CLINIC,
  FakeKeyStore,
  principals,
  RecordingPager,
  silentLogger,
  T0,
  WORLD_CODE,
  type World,
} from './fakes.js';
import * as req from '../requests/fakes.js';

const logger = silentLogger();

// ---- calls -------------------------------------------------------------------------------------------

interface As {
  clinicianId?: string;
  principal?: Principal;
  clinicId?: string;
}

const put = (deps: ContactDeps, body: unknown, as: As = {}) =>
  invoke('put-notification-rules', deps, logger, {
    pathParameters: { clinicId: as.clinicId ?? CLINIC, clinicianId: as.clinicianId ?? 'alice' },
    body,
    principal: as.principal ?? principals.admin,
  });
const putRules = (deps: ContactDeps, rules: NotificationRule[], as: As = {}) => put(deps, { rules }, as);

const list = (deps: ContactDeps, as: As = {}) =>
  invoke('list-contacts', deps, logger, {
    pathParameters: { clinicId: as.clinicId ?? CLINIC, clinicianId: as.clinicianId ?? 'alice' },
    principal: as.principal ?? principals.admin,
  });
const remove = (deps: ContactDeps, contactId: string, as: As = {}) =>
  invoke('remove-contact', deps, logger, {
    pathParameters: { clinicId: as.clinicId ?? CLINIC, clinicianId: as.clinicianId ?? 'alice', contactId },
    principal: as.principal ?? principals.admin,
  });
const verifyEmail = async (world: World) => {
  const res = await invoke('verify-contact', world.deps, logger, {
    pathParameters: { clinicId: CLINIC, clinicianId: 'alice', contactId: ALICE_EMAIL },
    body: { code: WORLD_CODE },
    principal: principals.admin,
  });
  expect(res.statusCode).toBe(200);
};

// ---- the world ---------------------------------------------------------------------------------------

const stored = (world: World, clinicianId = 'alice'): Clinician => {
  const c = world.clinics.clinicians.get(`${CLINIC}#${clinicianId}`);
  if (!c) throw new Error(`no clinician ${clinicianId}`);
  return structuredClone(c);
};

/** Adds a method straight to the store (the API refuses voice, and a second SMS needs its code). */
const plant = (world: World, method: Omit<ContactMethod, 'addedAt'>) => {
  const c = world.clinics.clinicians.get(`${CLINIC}#alice`);
  if (!c?.contacts) throw new Error('alice has no methods');
  c.contacts.push({ addedAt: T0 - 1000, ...method });
};

const service = (serviceId: string, levels: Service['escalation']['levels']): Service => ({
  clinicId: CLINIC,
  serviceId,
  name: serviceId === 'night' ? 'Night line' : serviceId,
  rotation: { participants: ['bob'], start: '2026-03-02', handoff: { every: 'day', count: 1, at: '08:00' } },
  escalation: { levels, repeat: 0 },
  updatedAt: T0 - 1000,
});

const expectRefused = (res: ParsedResult, details: { path: string; message: RegExp }[]) => {
  expect(res.statusCode).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details).toEqual(
    details.map((d) => ({ path: d.path, message: expect.stringMatching(d.message) })),
  );
  // Plain words for a person, not a schema dump.
  for (const d of res.body.error.details as { message: string }[]) {
    expect(d.message).toMatch(/^[a-z0-9]/i);
    expect(d.message).not.toMatch(/[{}[\]]|undefined|NaN|Invalid input/);
  }
};

// ---- saving rules ------------------------------------------------------------------------------------

describe('PUT notification-rules: saved', () => {
  it('answers 200 with the contacts view, whose plan follows the rules, and stores them', async () => {
    const world = await buildWorld();
    await verifyEmail(world);
    const before = await list(world.deps);
    expect(before.body.plan).toEqual([
      { contactId: ALICE_SMS, channel: 'sms', afterSeconds: 0 },
      { contactId: ALICE_EMAIL, channel: 'email', afterSeconds: 0 },
    ]);
    expect(before.body).not.toHaveProperty('notificationRules');

    const rules = [
      { contactId: ALICE_EMAIL, afterSeconds: 0 },
      { contactId: ALICE_SMS, afterSeconds: 30 },
    ];
    const res = await putRules(world.deps, rules);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      clinicianId: 'alice',
      plan: [
        { contactId: ALICE_EMAIL, channel: 'email', afterSeconds: 0 },
        { contactId: ALICE_SMS, channel: 'sms', afterSeconds: 30 },
      ],
      notificationRules: rules,
      pageable: true,
    });
    expect(res.body.contacts.map((c: { contactId: string }) => c.contactId)).toEqual([
      ALICE_SMS,
      ALICE_EMAIL,
    ]);
    expect(res.body).not.toHaveProperty('warning');
    expect(stored(world).notificationRules).toEqual(rules);
    expect((await list(world.deps)).body).toMatchObject({ plan: res.body.plan, notificationRules: rules });
  });

  it('lets a clinician key save its own rules', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 15 }], {
      principal: principals.clinician,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.plan).toEqual([{ contactId: ALICE_SMS, channel: 'sms', afterSeconds: 15 }]);
  });

  it('replaces the rules as a whole on a second PUT', async () => {
    const world = await buildWorld();
    await verifyEmail(world);
    await putRules(world.deps, [
      { contactId: ALICE_SMS, afterSeconds: 10 },
      { contactId: ALICE_EMAIL, afterSeconds: 20 },
    ]);
    const res = await putRules(world.deps, [{ contactId: ALICE_EMAIL, afterSeconds: 5 }]);
    expect(res.statusCode).toBe(200);
    expect(res.body.plan).toEqual([{ contactId: ALICE_EMAIL, channel: 'email', afterSeconds: 5 }]);
    expect(stored(world).notificationRules).toEqual([{ contactId: ALICE_EMAIL, afterSeconds: 5 }]);
  });

  it('accepts a rule on a method still waiting for its code, but the view says nobody can be paged yet', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: ALICE_EMAIL, afterSeconds: 0 }]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ plan: [], pageable: false, warning: 'no_verified_contact' });
    // Once verified, the rule takes effect.
    await verifyEmail(world);
    expect((await list(world.deps)).body).toMatchObject({
      plan: [{ contactId: ALICE_EMAIL, channel: 'email', afterSeconds: 0 }],
      pageable: true,
    });
  });

  it('works on a record from before contact methods (its migrated phone)', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: 'migrated-sms', afterSeconds: 0 }], {
      clinicianId: 'bob',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.plan).toEqual([{ contactId: 'migrated-sms', channel: 'sms', afterSeconds: 0 }]);
  });
});

describe('PUT notification-rules: refused', () => {
  it('answers 400 at rules.N.contactId for a method the clinician does not have, storing nothing', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [
      { contactId: ALICE_SMS, afterSeconds: 0 },
      { contactId: 'ct_nope', afterSeconds: 0 },
    ]);
    expectRefused(res, [
      { path: 'rules.1.contactId', message: /not one of this clinician.s contact methods/ },
    ]);
    expect(world.writes()).toEqual([]);
    expect(stored(world).notificationRules).toBeUndefined();
  });

  it('answers 400 at rules.N.contactId for another clinician’s method', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 0 }], {
      clinicianId: 'bob',
    });
    expectRefused(res, [{ path: 'rules.0.contactId', message: /not one of this clinician/ }]);
  });

  it.each([
    ['push', 'device-token-abc', /push is not available on this deployment/],
    // The world's deps name no `deliverable` types: DELIVERABLE_TYPES, no calling provider (contact-deps.ts).
    ['voice, without a calling provider,', '+447700900101', /voice is not available on this deployment/],
  ] as const)(
    'answers 400 at rules.N.contactId for %s a type this deployment cannot deliver',
    async (type, value, message) => {
      const world = await buildWorld();
      const contactType = type.startsWith('voice') ? 'voice' : 'push';
      plant(world, { contactId: `ct_${contactType}`, type: contactType, value, verified: true });
      const res = await putRules(world.deps, [
        { contactId: ALICE_SMS, afterSeconds: 0 },
        { contactId: `ct_${contactType}`, afterSeconds: 0 },
      ]);
      expectRefused(res, [{ path: 'rules.1.contactId', message }]);
      expect(world.writes()).toEqual([]);
    },
  );

  it('answers 400 at rules.N.contactId for a second method of the same channel, naming the first rule', async () => {
    const world = await buildWorld();
    plant(world, {
      contactId: 'ct_sms_2',
      type: 'sms',
      value: '+447700900109',
      verified: true,
      verifiedBy: 'code',
    });
    const res = await putRules(world.deps, [
      { contactId: ALICE_SMS, afterSeconds: 0 },
      { contactId: ALICE_EMAIL, afterSeconds: 0 },
      { contactId: 'ct_sms_2', afterSeconds: 10 },
    ]);
    expectRefused(res, [{ path: 'rules.2.contactId', message: /second sms method.*rule 1 already/ }]);
    expect(world.writes()).toEqual([]);
  });

  it('answers 400 for the same method twice', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [
      { contactId: ALICE_SMS, afterSeconds: 0 },
      { contactId: ALICE_SMS, afterSeconds: 20 },
    ]);
    expectRefused(res, [{ path: 'rules.1.contactId', message: /second sms method/ }]);
  });

  it('refuses 60 s against the 60 s level at rules.N.afterSeconds, saying why, and accepts 59 s', async () => {
    const world = await buildWorld();
    const refused = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 60 }]);
    expectRefused(refused, [
      { path: 'rules.0.afterSeconds', message: /60 s.*60 s.*General, level 1.*never/ },
    ]);
    expect(world.writes()).toEqual([]);
    const accepted = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 59 }]);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body.plan).toEqual([{ contactId: ALICE_SMS, channel: 'sms', afterSeconds: 59 }]);
  });

  it('names every rule that is wrong, each at its own path', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [
      { contactId: ALICE_SMS, afterSeconds: 90 },
      { contactId: 'ct_nope', afterSeconds: 0 },
    ]);
    expectRefused(res, [
      { path: 'rules.0.afterSeconds', message: /90 s/ },
      { path: 'rules.1.contactId', message: /not one of/ },
    ]);
  });

  it('takes the shortest timeout of any level that can page this clinician: secondary, or naming them', async () => {
    const world = await buildWorld();
    await world.clinics.putService(
      service('night', [
        { notify: 'fallback', ackTimeoutSeconds: 10 },
        { notify: { clinicianId: 'bob' }, ackTimeoutSeconds: 15 },
        { notify: 'secondary', ackTimeoutSeconds: 45 },
      ]),
    );
    // The fallback level and a level naming bob never page alice: the secondary's 45 s is the limit.
    expectRefused(await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 45 }]), [
      { path: 'rules.0.afterSeconds', message: /45 s.*Night line, level 3/ },
    ]);
    expect((await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 44 }])).statusCode).toBe(200);

    await world.clinics.putService(
      service('named', [{ notify: { clinicianId: 'alice' }, ackTimeoutSeconds: 20 }]),
    );
    expectRefused(await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 20 }]), [
      { path: 'rules.0.afterSeconds', message: /20 s.*named, level 1/ },
    ]);
    expect((await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 19 }])).statusCode).toBe(200);
  });

  it.each([
    [{ rules: [] }, 'rules', /at least one rule/],
    [{ rules: [{ contactId: ALICE_SMS, afterSeconds: -1 }] }, 'rules.0.afterSeconds', /./],
    [{ rules: [{ contactId: ALICE_SMS, afterSeconds: 3601 }] }, 'rules.0.afterSeconds', /at most 3600/],
    [{ rules: [{ contactId: ALICE_SMS, afterSeconds: 1.5 }] }, 'rules.0.afterSeconds', /whole seconds/],
    [{ rules: [{ contactId: ALICE_SMS }] }, 'rules.0.afterSeconds', /./],
    [{ rules: [{ contactId: '', afterSeconds: 0 }] }, 'rules.0.contactId', /./],
    [
      { rules: [{ contactId: ALICE_SMS, afterSeconds: 0, channel: 'sms' }] },
      'rules.0.channel',
      /unknown field/,
    ],
  ])('answers 400 for the body %j at %s, storing nothing', async (body, path, message) => {
    const world = await buildWorld();
    const res = await put(world.deps, body);
    expect(res.statusCode).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(world.writes()).toEqual([]);
  });

  it('answers 400 for no body at all', async () => {
    const world = await buildWorld();
    const res = await put(world.deps, {});
    expect(res.statusCode).toBe(400);
    expect(res.body.error.details).toContainEqual({ path: 'rules', message: expect.any(String) });
  });

  it('answers 403 to a clinician key on another clinician, storing nothing', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: 'migrated-sms', afterSeconds: 0 }], {
      clinicianId: 'bob',
      principal: principals.clinician,
    });
    expect(res.statusCode).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(world.writes()).toEqual([]);
    expect(stored(world, 'bob').notificationRules).toBeUndefined();
  });

  it('answers 403 to an intake key of the clinic', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 0 }], {
      principal: principals.intake,
    });
    expect(res.statusCode).toBe(403);
    expect(world.writes()).toEqual([]);
  });

  it('answers 404 to another clinic’s admin (tenant isolation: it learns nothing)', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 0 }], {
      principal: principals.otherAdmin,
    });
    expect(res.statusCode).toBe(404);
    expect(world.writes()).toEqual([]);
  });

  it('answers 404 for a clinician that does not exist', async () => {
    const world = await buildWorld();
    const res = await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 0 }], {
      clinicianId: 'nobody',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('removing a method the rules name', () => {
  it('drops it from notificationRules and from the plan, keeping the other rules', async () => {
    const world = await buildWorld();
    await verifyEmail(world);
    await putRules(world.deps, [
      { contactId: ALICE_EMAIL, afterSeconds: 0 },
      { contactId: ALICE_SMS, afterSeconds: 30 },
    ]);
    expect((await remove(world.deps, ALICE_EMAIL)).statusCode).toBe(204);
    expect(stored(world).notificationRules).toEqual([{ contactId: ALICE_SMS, afterSeconds: 30 }]);
    const view = (await list(world.deps)).body;
    expect(view.notificationRules).toEqual([{ contactId: ALICE_SMS, afterSeconds: 30 }]);
    expect(view.plan).toEqual([{ contactId: ALICE_SMS, channel: 'sms', afterSeconds: 30 }]);
    expect(view.pageable).toBe(true);
  });

  it('leaves the rules alone when the removed method is not in them', async () => {
    const world = await buildWorld();
    await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 10 }]);
    expect((await remove(world.deps, ALICE_EMAIL)).statusCode).toBe(204);
    expect(stored(world).notificationRules).toEqual([{ contactId: ALICE_SMS, afterSeconds: 10 }]);
  });

  it('does not leave a clinician with a verified method unpageable when the last rule’s method goes', async () => {
    // PUT refuses an empty list ("a clinician with none could never be paged"); a removal must not create one.
    const world = await buildWorld();
    await verifyEmail(world);
    await putRules(world.deps, [{ contactId: ALICE_SMS, afterSeconds: 0 }]);
    const res = await remove(world.deps, ALICE_SMS);
    if (res.statusCode !== 204) {
      // Refusing the removal would keep the invariant too, as long as nothing changed.
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(stored(world).notificationRules).toEqual([{ contactId: ALICE_SMS, afterSeconds: 0 }]);
      return;
    }
    // Removed: she must still be paged by the verified email left (the default plan), not by nothing.
    const view = (await list(world.deps)).body;
    expect(view).toMatchObject({
      pageable: true,
      plan: [{ contactId: ALICE_EMAIL, channel: 'email', afterSeconds: 0 }],
    });
    expect(view).not.toHaveProperty('warning');
  });
});

// ---- end to end: the rules decide how a real submit pages ------------------------------------------------

describe('a submit pages by the rules (request fakes)', () => {
  const ANA_EMAIL = 'ana@example.org';
  let h: req.Harness;
  let clinics: req.FakeClinicStore;
  let requests: req.FakeRequestStore;

  /** Runs every timer message due by `until`, each at its own instant, in due order. */
  async function runTimersUntil(until: number) {
    for (;;) {
      const next = h.timer.scheduled
        .map((s) => s.message)
        .filter((m) => m.dueAt <= until)
        .sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!next) break;
      h.timer.scheduled.splice(
        h.timer.scheduled.findIndex((s) => s.message === next),
        1,
      );
      h.setNow(Math.max(h.now(), next.dueAt));
      await onTimer(h.deps, next);
    }
    h.setNow(Math.max(h.now(), until));
  }

  const sends = () => h.pager.sent.map((p) => ({ channel: p.channel, to: p.to, at: p.at, ok: p.result.ok }));

  beforeEach(async () => {
    clinics = new req.FakeClinicStore();
    requests = new req.FakeRequestStore();
    await req.seedClinic(clinics);
    await clinics.putClinician(req.clinician('ana', { email: ANA_EMAIL }));
    h = req.harness({ clinics, requests });
    const contactDeps: ContactDeps = {
      clinics,
      keys: new FakeKeyStore(),
      clock: h.deps.clock,
      pager: new RecordingPager(),
    };
    // ana's methods (test/support/contacts.ts): ct_sms and ct_email, both verified.
    const res = await put(
      contactDeps,
      {
        rules: [
          { contactId: 'ct_email', afterSeconds: 0 },
          { contactId: 'ct_sms', afterSeconds: 30 },
        ],
      },
      { clinicId: req.CLINIC_ID, clinicianId: 'ana', principal: req.admin },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body.plan).toEqual([
      { contactId: 'ct_email', channel: 'email', afterSeconds: 0 },
      { contactId: 'ct_sms', channel: 'sms', afterSeconds: 30 },
    ]);
    await submitRequest(h.deps, req.intake, req.CLINIC_ID, 'idem-rules-1', req.body());
  });

  it('sends the first page only by email, and the SMS 30 s later when nobody answered', async () => {
    expect(sends()).toEqual([{ channel: 'email', to: ANA_EMAIL, at: req.T0, ok: true }]);
    expect(requests.only().request.route.levels[0]?.recipients[0]).toMatchObject({ delays: { sms: 30 } });

    // Every wake-up before +30 s (the delivery check included) leaves the SMS waiting.
    await runTimersUntil(req.T0 + 30 * req.SECOND - 1);
    expect(sends()).toHaveLength(1);

    await runTimersUntil(req.T0 + 30 * req.SECOND);
    expect(sends()).toEqual([
      { channel: 'email', to: ANA_EMAIL, at: req.T0, ok: true },
      { channel: 'sms', to: req.PHONES.ana, at: req.T0 + 30 * req.SECOND, ok: true },
    ]);
    const request = requests.only().request;
    expect(request.position).toMatchObject({ level: 0, attempt: 1 });
    expect(request.pending).toEqual([]);
    expect(
      request.timeline.filter((e) => e.type === 'page_sent').map((e) => [e.channel, e.at, e.attempt]),
    ).toEqual([
      ['email', req.T0, 1],
      ['sms', req.T0 + 30 * req.SECOND, 1],
    ]);
    // The SMS works like any page: its reply code accepts the request.
    expect(h.pager.codeFor(req.PHONES.ana)).toMatch(/^[0-9]+$/);

    // And still nobody: at the timeout the secondary is paged.
    await runTimersUntil(req.T0 + 60 * req.SECOND);
    expect(sends().at(-1)).toMatchObject({ to: req.PHONES.ben, at: req.T0 + 60 * req.SECOND });
    expect(sends().filter((s) => s.to === req.PHONES.ana)).toHaveLength(1);
  });

  it('sends no SMS at all when ana accepts from the email before +30 s', async () => {
    h.setNow(req.T0 + 10 * req.SECOND);
    const answered = await respondByLink(h.deps, h.pager.tokenFor(ANA_EMAIL), 'acknowledge');
    expect(answered.kind).toBe('done');
    expect(requests.only().request.status).toBe('acknowledged');

    await runTimersUntil(req.T0 + 45 * req.SECOND);
    h.setNow(req.T0 + 45 * req.SECOND);
    await sweepDue(h.deps);
    expect(sends()).toEqual([{ channel: 'email', to: ANA_EMAIL, at: req.T0, ok: true }]);
    const request = requests.only().request;
    expect(request.pending ?? []).toEqual([]);
    expect(request.timeline.some((e) => e.channel === 'sms')).toBe(false);
  });
});

describe('PUT clinician: the person’s own settings', () => {
  const putClinician = (deps: ContactDeps, body: unknown) =>
    invoke('put-clinician', deps, logger, {
      pathParameters: { clinicId: CLINIC, clinicianId: 'alice' },
      body,
      principal: principals.admin,
    });

  it('an admin saving the record keeps the notification rules and the shift notice setting', async () => {
    const world = await buildWorld();
    await verifyEmail(world);
    expect((await putRules(world.deps, [{ contactId: ALICE_EMAIL, afterSeconds: 0 }])).statusCode).toBe(200);
    const set = await putClinician(world.deps, { name: 'Alice Archer', shiftNoticeMinutes: 90 });
    expect(set.statusCode).toBe(200);
    expect(set.body.shiftNoticeMinutes).toBe(90);
    const again = await putClinician(world.deps, { name: 'Alice A. Archer' });
    expect(again.body.shiftNoticeMinutes).toBe(90);
    expect(stored(world).notificationRules).toEqual([{ contactId: ALICE_EMAIL, afterSeconds: 0 }]);
    expect(
      (await putClinician(world.deps, { name: 'Alice', shiftNoticeMinutes: 0 })).body.shiftNoticeMinutes,
    ).toBe(0);
  });

  it('shows the default of 60 minutes when never set', async () => {
    const world = await buildWorld();
    expect((await putClinician(world.deps, { name: 'Alice Archer' })).body.shiftNoticeMinutes).toBe(60);
  });

  it.each([
    [-5, /0 \(off\) or more/],
    [1441, /at most 1440/],
    [12.5, /whole minutes/],
    ['soon', /must be a number of minutes/],
  ])('refuses shiftNoticeMinutes %p in words', async (value, message) => {
    const world = await buildWorld();
    expectRefused(await putClinician(world.deps, { name: 'Alice', shiftNoticeMinutes: value }), [
      { path: 'shiftNoticeMinutes', message },
    ]);
  });

  it('a clinician sets their own minutes with their key, leaving their rules as they are', async () => {
    const world = await buildWorld();
    await verifyEmail(world);
    await putRules(world.deps, [{ contactId: ALICE_EMAIL, afterSeconds: 0 }]);
    const res = await put(world.deps, { shiftNoticeMinutes: 30 }, { principal: principals.clinician });
    expect(res.statusCode).toBe(200);
    expect(res.body.shiftNoticeMinutes).toBe(30);
    expect(res.body.notificationRules).toEqual([{ contactId: ALICE_EMAIL, afterSeconds: 0 }]);
    expect(stored(world).shiftNoticeMinutes).toBe(30);
    // Not someone else's.
    expect(
      (
        await put(
          world.deps,
          { shiftNoticeMinutes: 30 },
          { principal: principals.clinician, clinicianId: 'bob' },
        )
      ).statusCode,
    ).toBe(403);
    // Neither field: a 400 that says what to send.
    expectRefused(await put(world.deps, {}, { principal: principals.clinician }), [
      { path: 'rules', message: /required \(or give shiftNoticeMinutes alone\)/ },
    ]);
  });
});
