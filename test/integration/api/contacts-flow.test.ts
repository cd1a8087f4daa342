// Contact methods end to end over HTTP on the local stack, on the harness's DynamoDB engine: a number is
// paged only once its owner typed the code it was sent; the clinician's own key verifies and tests its
// methods; an unverified-only clinician is a gap on /oncall and /shifts, and a submit skips to the fallback.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { client, PLATFORM_KEY, stackOptions, type Call, type Reply } from './http.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const C = 'contacts';
const ANA = '+447700900301';
const ANA_SPARE = '+447700900302';
const FALLBACK = '+447700900309';

let stack: LocalStack;
let cleanup: () => Promise<void>;
let call: Call;
let admin = '';
let anaKey = '';
let intake = '';

function expectStatus(reply: Reply, status: number): Reply {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${reply.text}`);
  return reply;
}

const contacts = `/v1/clinics/${C}/clinicians/ana/contacts`;
const lastCode = (phone: string) =>
  stack.outbox.list({ phone }).findLast((m) => m.purpose === 'verification')?.code ?? '';
const pagesTo = (phone: string) => stack.outbox.list({ phone }).filter((m) => m.purpose === undefined);

async function submit(): Promise<string> {
  const res = await call('POST', `/v1/clinics/${C}/requests`, {
    key: intake,
    headers: { 'idempotency-key': `k-${Math.random()}` },
    body: { serviceId: 'general', urgency: 'urgent', summary: 'test', callbackPhone: '+447700900399' },
  });
  return expectStatus(res, 202).body.requestId as string;
}
beforeAll(async () => {
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack(options);
  call = client(stack.url);
  expectStatus(
    await call('PUT', `/v1/clinics/${C}`, {
      key: PLATFORM_KEY,
      body: { name: 'Łódź Clinic', timezone: 'Europe/London', fallback: [{ name: 'Duty', phone: FALLBACK }] },
    }),
    200,
  );
  admin = expectStatus(
    await call('POST', `/v1/clinics/${C}/keys`, { key: PLATFORM_KEY, body: { role: 'admin', label: 'a' } }),
    201,
  ).body.key;
  const key = async (body: object) =>
    expectStatus(await call('POST', `/v1/clinics/${C}/keys`, { key: admin, body }), 201).body.key as string;
  intake = await key({ role: 'intake', label: 'desk' });
  expectStatus(
    await call('PUT', `/v1/clinics/${C}/clinicians/ana`, { key: admin, body: { name: 'Ana', phone: ANA } }),
    200,
  );
  anaKey = await key({ role: 'clinician', clinicianId: 'ana', label: 'ana phone' });
  expectStatus(
    await call('PUT', `/v1/clinics/${C}/services/general`, {
      key: admin,
      body: {
        name: 'General',
        rotation: { participants: ['ana'], start: '2026-01-05', handoff: { every: 'day', at: '00:00' } },
        escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 3600 }], repeat: 0 },
      },
    }),
    200,
  );
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await cleanup?.();
});

describe(`contact methods over HTTP on ${ENGINE}`, () => {
  it(
    'before verification: /oncall names nobody (ana unavailable: no_verified_contact), shifts are gaps, a submit pages the fallback',
    async () => {
      const oncall = expectStatus(
        await call('GET', `/v1/clinics/${C}/services/general/oncall`, { key: intake }),
        200,
      ).body;
      expect(oncall.primary).toBeNull();
      expect(oncall.unavailable).toEqual([
        expect.objectContaining({ role: 'primary', clinicianId: 'ana', reason: 'no_verified_contact' }),
      ]);
      const from = new Date().toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const shifts = expectStatus(
        await call('GET', `/v1/clinics/${C}/services/general/shifts?from=${from}&to=${to}`, { key: intake }),
        200,
      ).body;
      expect(shifts.shifts).toEqual([]);
      expect(shifts.gaps.every((g: { reason?: string }) => g.reason === 'no_verified_contact')).toBe(true);
      const before = pagesTo(ANA).length;
      await submit();
      expect(pagesTo(ANA)).toHaveLength(before);
      expect(pagesTo(FALLBACK).length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'the clinician verifies with the code from the outbox; a wrong code first says how many tries are left',
    async () => {
      const list = expectStatus(await call('GET', contacts, { key: anaKey }), 200).body;
      expect(list).toMatchObject({ pageable: false, warning: 'no_verified_contact' });
      const [sms] = list.contacts;
      expect(sms).toMatchObject({ type: 'sms', value: ANA, verified: false, state: 'pending_code' });
      expect(JSON.stringify(list)).not.toMatch(/codeHash|"verification":|subscriptionId/);
      const code = lastCode(ANA);
      expect(code).toMatch(/^[0-9]{6}$/);
      const wrong = code === '000000' ? '111111' : '000000';
      const refused = expectStatus(
        await call('POST', `${contacts}/${sms.contactId}/verify`, { key: anaKey, body: { code: wrong } }),
        400,
      ).body;
      expect(refused.error.details).toEqual([
        { path: 'code', message: expect.stringMatching(/4 tries left/) },
      ]);
      const ok = expectStatus(
        await call('POST', `${contacts}/${sms.contactId}/verify`, { key: anaKey, body: { code } }),
        200,
      ).body;
      expect(ok).toMatchObject({ verified: true, state: 'verified', verifiedBy: 'code' });
    },
    TIMEOUT,
  );

  it(
    'once verified: ana is on call and a submit pages her number',
    async () => {
      const oncall = expectStatus(
        await call('GET', `/v1/clinics/${C}/services/general/oncall`, { key: intake }),
        200,
      ).body;
      expect(oncall.primary).toMatchObject({ clinicianId: 'ana' });
      const before = pagesTo(ANA).length;
      await submit();
      expect(pagesTo(ANA)).toHaveLength(before + 1);
      expect(pagesTo(ANA).at(-1)?.text).not.toContain('test');
    },
    TIMEOUT,
  );

  it(
    'a test page goes through the pager marked TEST, and its result is kept on the method',
    async () => {
      const [sms] = expectStatus(await call('GET', contacts, { key: anaKey }), 200).body.contacts;
      const tested = expectStatus(
        await call('POST', `${contacts}/${sms.contactId}/test`, { key: anaKey }),
        200,
      ).body;
      expect(tested.lastResult).toMatchObject({ kind: 'test', outcome: 'sent' });
      const message = stack.outbox.list({ phone: ANA }).at(-1);
      expect(message).toMatchObject({ purpose: 'test', channel: 'sms' });
      expect(message?.text).toMatch(/^TEST page from crisis-router for Lodz Clinic/);
    },
    TIMEOUT,
  );

  it(
    'a second number: added by the clinician (201), not paged until verified, removed with DELETE (204)',
    async () => {
      const added = expectStatus(
        await call('POST', contacts, { key: anaKey, body: { type: 'sms', value: ANA_SPARE } }),
        201,
      ).body;
      expect(added).toMatchObject({ contactId: expect.stringMatching(/^ct_/), verified: false });
      expect(lastCode(ANA_SPARE)).toMatch(/^[0-9]{6}$/);
      expectStatus(await call('POST', contacts, { key: anaKey, body: { type: 'sms', value: ANA } }), 409);
      expectStatus(
        await call('POST', contacts, { key: anaKey, body: { type: 'push', value: 'not-a-subscription' } }),
        400,
      );
      expectStatus(await call('DELETE', `${contacts}/${added.contactId}`, { key: anaKey }), 204);
      expectStatus(await call('DELETE', `${contacts}/${added.contactId}`, { key: anaKey }), 404);
      const left = expectStatus(await call('GET', contacts, { key: admin }), 200).body.contacts;
      expect(left.map((m: { value: string }) => m.value)).toEqual([ANA]);
    },
    TIMEOUT,
  );

  it(
    'a fallback contact: the settings number stands as a method; an added email is paged once verified, and the settings keep it',
    async () => {
      const clinic = expectStatus(await call('GET', `/v1/clinics/${C}`, { key: admin }), 200).body;
      const { fallbackId } = clinic.fallback[0];
      const methods = `/v1/clinics/${C}/fallback-contacts/${fallbackId}/contacts`;
      const listed = expectStatus(await call('GET', methods, { key: admin }), 200).body;
      expect(listed.contacts).toEqual([
        expect.objectContaining({
          contactId: 'settings-sms',
          value: FALLBACK,
          verifiedBy: 'clinic-settings',
        }),
      ]);
      const email = expectStatus(
        await call('POST', methods, { key: admin, body: { type: 'email', value: 'duty@example.org' } }),
        201,
      ).body;
      const code = stack.outbox.list({ phone: 'duty@example.org' }).at(-1)?.code ?? '';
      expectStatus(
        await call('POST', `${methods}/${email.contactId}/verify`, { key: admin, body: { code } }),
        200,
      );
      expectStatus(await call('DELETE', `${methods}/settings-sms`, { key: admin }), 409);
      expectStatus(await call('GET', methods, { key: intake }), 403);
      expectStatus(await call('GET', methods, { key: anaKey }), 403);
      // The admin renames the contact in the settings, by id: the email stays theirs.
      const renamed = expectStatus(
        await call('PUT', `/v1/clinics/${C}/settings`, {
          key: admin,
          body: {
            name: 'Łódź Clinic',
            fallback: [{ fallbackId, name: 'Duty manager', phone: FALLBACK }],
            emergencyProtocol: 'Call 999 if life is at risk.',
          },
        }),
        200,
      ).body;
      expect(renamed.fallback[0].contacts.map((m: { value: string }) => m.value)).toEqual([
        FALLBACK,
        'duty@example.org',
      ]);
      // Nobody reachable on the rota: the fallback is paged by SMS and by its verified email.
      expectStatus(
        await call('PUT', `/v1/clinics/${C}/clinicians/ana`, {
          key: admin,
          body: { name: 'Ana', active: false },
        }),
        200,
      );
      const requestId = await submit();
      expect(
        stack.outbox.list({ phone: 'duty@example.org' }).filter((m) => m.purpose === undefined),
      ).toHaveLength(1);
      expect(pagesTo(FALLBACK).length).toBeGreaterThan(0);
      const view = expectStatus(
        await call('GET', `/v1/clinics/${C}/requests/${requestId}`, { key: intake }),
        200,
      );
      expect(view.text).not.toContain('duty@example.org');
      expectStatus(
        await call('PUT', `/v1/clinics/${C}/clinicians/ana`, {
          key: admin,
          body: { name: 'Ana', active: true },
        }),
        200,
      );
    },
    TIMEOUT,
  );

  it(
    'another clinician key and an intake key may not touch ana’s methods',
    async () => {
      expectStatus(
        await call('PUT', `/v1/clinics/${C}/clinicians/ben`, { key: admin, body: { name: 'Ben' } }),
        200,
      );
      const benKey = expectStatus(
        await call('POST', `/v1/clinics/${C}/keys`, {
          key: admin,
          body: { role: 'clinician', clinicianId: 'ben', label: 'ben' },
        }),
        201,
      ).body.key;
      expectStatus(await call('GET', contacts, { key: benKey }), 403);
      expectStatus(await call('GET', contacts, { key: intake }), 403);
    },
    TIMEOUT,
  );
});
