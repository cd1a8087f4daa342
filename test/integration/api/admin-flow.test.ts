// The admin API end to end through real HTTP on the local stack, on the harness's DynamoDB engine:
// a platform key creates a clinic and its admin, the admin builds the rota, on-call and shifts answer,
// keys are issued and revoked, and roles and tenants are kept apart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { routes } from '../../../functions/routes.js';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { client, PLATFORM_KEY, stackOptions, type Call, type Reply } from './http.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const A = 'north';
const B = 'south';

let stack: LocalStack;
let cleanup: () => Promise<void>;
let call: Call;
/** Keys made during the flow, by name. */
const keys: Record<string, { keyId: string; key: string }> = {};
let overrideId = '';

/** Fails with the reply in the message, so a broken step says what the server answered. */
function expectStatus(reply: Reply, status: number): Reply {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${reply.text}`);
  return reply;
}

const clinicBody = (name: string) => ({
  name,
  timezone: 'Europe/London',
  fallback: [{ name: 'Duty manager', phone: '+447700900201' }],
});

/** Daily handoff at 08:00 London from Tue 2 Mar 2027 (GMT): alice holds 2 Mar, bob 3 Mar, alice 4 Mar... */
const serviceBody = {
  name: 'General',
  rotation: { participants: ['alice', 'bob'], start: '2027-03-02', handoff: { every: 'day', at: '08:00' } },
  escalation: {
    levels: [
      { notify: 'primary', ackTimeoutSeconds: 60 },
      { notify: 'secondary', ackTimeoutSeconds: 60 },
    ],
    repeat: 1,
  },
};

const oncall = (key: string, at: string, clinicId = A) =>
  call('GET', `/v1/clinics/${clinicId}/services/general/oncall?at=${encodeURIComponent(at)}`, { key });

beforeAll(async () => {
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack(options);
  call = client(stack.url);
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await cleanup?.();
});

describe(`admin flow over HTTP on ${ENGINE}`, () => {
  it(
    'the platform key creates a clinic (200, defaults applied) and its first admin key (201, key shown once)',
    async () => {
      const clinic = expectStatus(
        await call('PUT', `/v1/clinics/${A}`, { key: PLATFORM_KEY, body: clinicBody('North') }),
        200,
      );
      expect(clinic.body).toMatchObject({ clinicId: A, name: 'North', fallbackRepeatSeconds: 300 });
      const created = expectStatus(
        await call('POST', `/v1/clinics/${A}/keys`, {
          key: PLATFORM_KEY,
          body: { role: 'admin', label: 'north admin' },
        }),
        201,
      );
      expect(created.body).toMatchObject({
        keyId: expect.stringMatching(/^key_/),
        key: expect.stringMatching(/^crk_/),
      });
      keys.admin = created.body;
      const read = expectStatus(await call('GET', `/v1/clinics/${A}`, { key: keys.admin?.key }), 200);
      expect(read.body).toMatchObject({ clinicId: A, timezone: 'Europe/London' });
      expect(read.text).not.toContain(created.body.key);
    },
    TIMEOUT,
  );

  it(
    'the admin PUTs clinicians and a daily-rotation service (200 each) and reads them back',
    async () => {
      const admin = keys.admin?.key ?? '';
      for (const [id, name, phone] of [
        ['alice', 'Alice Adams', '+447700900101'],
        ['bob', 'Bob Brown', '+447700900102'],
      ]) {
        const put = expectStatus(
          await call('PUT', `/v1/clinics/${A}/clinicians/${id}`, { key: admin, body: { name, phone } }),
          200,
        ).body;
        // The number is a contact method, not paged until its owner types the code it was sent.
        expect(put).toMatchObject({
          clinicianId: id,
          name,
          active: true,
          contacts: [{ type: 'sms', value: phone, verified: false, state: 'pending_code' }],
          pageable: false,
          warning: 'no_verified_contact',
        });
        const code = stack.outbox.list({ phone }).findLast((m) => m.purpose === 'verification')?.code;
        const contactId = put.contacts[0].contactId as string;
        const verified = expectStatus(
          await call('POST', `/v1/clinics/${A}/clinicians/${id}/contacts/${contactId}/verify`, {
            key: admin,
            body: { code },
          }),
          200,
        ).body;
        expect(verified).toMatchObject({ contactId, verified: true, state: 'verified' });
      }
      const service = expectStatus(
        await call('PUT', `/v1/clinics/${A}/services/general`, { key: admin, body: serviceBody }),
        200,
      );
      expect(service.body).toMatchObject({ serviceId: 'general', rotation: { handoff: { count: 1 } } });
      const list = expectStatus(await call('GET', `/v1/clinics/${A}/clinicians`, { key: admin }), 200);
      expect(list.body.clinicians.map((c: { clinicianId: string }) => c.clinicianId).sort()).toEqual([
        'alice',
        'bob',
      ]);
    },
    TIMEOUT,
  );

  it(
    'a contact marked broken shows on GET clinician; DELETE …/broken-contacts/{channel} clears that channel only',
    async () => {
      const admin = keys.admin?.key ?? '';
      const bob = `/v1/clinics/${A}/clinicians/bob`;
      await stack.deps.clinics.markContactBroken(A, 'bob', 'sms');
      await stack.deps.clinics.markContactBroken(A, 'bob', 'email');
      expect(expectStatus(await call('GET', bob, { key: admin }), 200).body.brokenContacts).toEqual([
        'sms',
        'email',
      ]);
      const listed = expectStatus(await call('GET', `/v1/clinics/${A}/clinicians`, { key: admin }), 200);
      expect(
        listed.body.clinicians.find((c: { clinicianId: string }) => c.clinicianId === 'bob').brokenContacts,
      ).toEqual(['sms', 'email']);

      const cleared = expectStatus(await call('DELETE', `${bob}/broken-contacts/sms`, { key: admin }), 200);
      expect(cleared.body).toMatchObject({
        clinicianId: 'bob',
        contacts: [{ type: 'sms', value: '+447700900102' }],
        brokenContacts: ['email'],
      });
      expect((await stack.deps.clinics.getClinician(A, 'bob'))?.brokenContacts).toEqual(['email']);
      // Again: nothing to clear, still 200 with the clinician.
      expect(
        expectStatus(await call('DELETE', `${bob}/broken-contacts/sms`, { key: admin }), 200).body
          .brokenContacts,
      ).toEqual(['email']);
      expect(
        expectStatus(await call('DELETE', `${bob}/broken-contacts/email`, { key: admin }), 200).body
          .brokenContacts,
      ).toEqual([]);

      const bad = expectStatus(await call('DELETE', `${bob}/broken-contacts/fax`, { key: admin }), 400);
      expect(bad.body.error.details).toEqual([
        { path: 'channel', message: expect.stringMatching(/"sms", "email", "voice" or "push"/) },
      ]);
      expectStatus(
        await call('DELETE', `/v1/clinics/${A}/clinicians/nobody/broken-contacts/sms`, { key: admin }),
        404,
      );
    },
    TIMEOUT,
  );

  it(
    'an override makes its clinician primary until its end; the rotation clinician is primary from then on',
    async () => {
      const admin = keys.admin?.key ?? '';
      const created = expectStatus(
        await call('POST', `/v1/clinics/${A}/services/general/overrides`, {
          key: admin,
          body: { clinicianId: 'bob', start: '2027-03-04T12:00:00Z', end: '2027-03-04T18:00:00Z' },
        }),
        201,
      );
      expect(Object.keys(created.body)).toEqual(['overrideId']);
      overrideId = created.body.overrideId;

      const during = expectStatus(await oncall(admin, '2027-03-04T14:00:00Z'), 200);
      expect(during.body).toMatchObject({
        primary: { clinicianId: 'bob', name: 'Bob Brown', until: '2027-03-04T18:00:00.000Z' },
        // The displaced rotation holder steps in as secondary.
        secondary: { clinicianId: 'alice', name: 'Alice Adams', until: '2027-03-05T08:00:00.000Z' },
      });
      const atEnd = expectStatus(await oncall(admin, '2027-03-04T18:00:00Z'), 200);
      expect(atEnd.body.primary).toMatchObject({ clinicianId: 'alice', until: '2027-03-05T08:00:00.000Z' });
      const after = expectStatus(await oncall(admin, '2027-03-04T19:00:00Z'), 200);
      expect(after.body).toMatchObject({
        primary: { clinicianId: 'alice', name: 'Alice Adams', until: '2027-03-05T08:00:00.000Z' },
        secondary: { clinicianId: 'bob', until: '2027-03-05T08:00:00.000Z' },
      });
      const beforeStart = expectStatus(await oncall(admin, '2027-03-02T07:59:59Z'), 200);
      expect(beforeStart.body).toMatchObject({ primary: null, secondary: null });
    },
    TIMEOUT,
  );

  it(
    'shifts tile the window: a gap before the rotation starts, rotation shifts, and the override between them',
    async () => {
      const from = '2027-03-01T00:00:00Z';
      const to = '2027-03-05T08:00:00Z';
      const res = expectStatus(
        await call('GET', `/v1/clinics/${A}/services/general/shifts?from=${from}&to=${to}`, {
          key: keys.admin?.key,
        }),
        200,
      );
      expect(res.body.gaps).toEqual([{ start: '2027-03-01T00:00:00.000Z', end: '2027-03-02T08:00:00.000Z' }]);
      expect(res.body.shifts).toEqual([
        {
          clinicianId: 'alice',
          start: '2027-03-02T08:00:00.000Z',
          end: '2027-03-03T08:00:00.000Z',
          source: 'rotation',
        },
        {
          clinicianId: 'bob',
          start: '2027-03-03T08:00:00.000Z',
          end: '2027-03-04T08:00:00.000Z',
          source: 'rotation',
        },
        {
          clinicianId: 'alice',
          start: '2027-03-04T08:00:00.000Z',
          end: '2027-03-04T12:00:00.000Z',
          source: 'rotation',
        },
        {
          clinicianId: 'bob',
          start: '2027-03-04T12:00:00.000Z',
          end: '2027-03-04T18:00:00.000Z',
          source: 'override',
        },
        {
          clinicianId: 'alice',
          start: '2027-03-04T18:00:00.000Z',
          end: '2027-03-05T08:00:00.000Z',
          source: 'rotation',
        },
      ]);
    },
    TIMEOUT,
  );

  it(
    'DELETE override answers 204, a second DELETE 404, and the rotation clinician is primary again',
    async () => {
      const admin = keys.admin?.key ?? '';
      const path = `/v1/clinics/${A}/services/general/overrides/${overrideId}`;
      const first = expectStatus(await call('DELETE', path, { key: admin }), 204);
      expect(first.text).toBe('');
      const second = expectStatus(await call('DELETE', path, { key: admin }), 404);
      expect(second.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      const res = expectStatus(await oncall(admin, '2027-03-04T14:00:00Z'), 200);
      expect(res.body.primary).toMatchObject({
        clinicianId: 'alice',
        until: '2027-03-05T08:00:00.000Z',
        source: 'rotation',
      });
    },
    TIMEOUT,
  );

  it(
    'the admin issues intake and clinician keys that work for their role',
    async () => {
      const admin = keys.admin?.key ?? '';
      keys.intake = expectStatus(
        await call('POST', `/v1/clinics/${A}/keys`, {
          key: admin,
          body: { role: 'intake', label: 'hotline' },
        }),
        201,
      ).body;
      keys.clinician = expectStatus(
        await call('POST', `/v1/clinics/${A}/keys`, {
          key: admin,
          body: { role: 'clinician', clinicianId: 'alice', label: 'Alice phone' },
        }),
        201,
      ).body;
      expect(keys.intake?.key).not.toBe(keys.clinician?.key);
      const res = expectStatus(await oncall(keys.intake?.key ?? '', '2027-03-04T19:00:00Z'), 200);
      expect(res.body.primary.clinicianId).toBe('alice');
      // A clinician key for someone who is not a clinician of the clinic is refused.
      const bad = expectStatus(
        await call('POST', `/v1/clinics/${A}/keys`, {
          key: admin,
          body: { role: 'clinician', clinicianId: 'zed', label: 'nobody' },
        }),
        400,
      );
      expect(bad.body.error.details).toEqual([{ path: 'clinicianId', message: expect.any(String) }]);
    },
    TIMEOUT,
  );

  it(
    'roles: intake 403 on PUT clinician, clinician 403 on oncall, platform 403 on PUT clinician',
    async () => {
      const body = { name: 'Carol', phone: '+447700900103' };
      const cases: Array<[string | undefined, () => Promise<Reply>]> = [
        ['intake', () => call('PUT', `/v1/clinics/${A}/clinicians/carol`, { key: keys.intake?.key, body })],
        ['clinician', () => oncall(keys.clinician?.key ?? '', '2027-03-04T19:00:00Z')],
        ['platform', () => call('PUT', `/v1/clinics/${A}/clinicians/carol`, { key: PLATFORM_KEY, body })],
      ];
      for (const [who, send] of cases) {
        const res = await send();
        expect({ who, status: res.status, body: res.body }).toEqual({
          who,
          status: 403,
          body: { error: { code: 'forbidden', message: expect.any(String) } },
        });
      }
      // Nothing was written by the refused PUTs.
      expectStatus(await call('GET', `/v1/clinics/${A}/clinicians/carol`, { key: keys.admin?.key }), 404);
    },
    TIMEOUT,
  );

  it(
    'a revoked key is refused with 401 as soon as DELETE keys/{keyId} answers 204',
    async () => {
      const admin = keys.admin?.key ?? '';
      const doomed = expectStatus(
        await call('POST', `/v1/clinics/${A}/keys`, {
          key: admin,
          body: { role: 'intake', label: 'temp desk' },
        }),
        201,
      ).body as { keyId: string; key: string };
      expectStatus(await oncall(doomed.key, '2027-03-04T19:00:00Z'), 200);
      const revoked = expectStatus(
        await call('DELETE', `/v1/clinics/${A}/keys/${doomed.keyId}`, { key: admin }),
        204,
      );
      expect(revoked.text).toBe('');
      const after = await oncall(doomed.key, '2027-03-04T19:00:00Z');
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      // Other keys of the clinic are untouched; a key id that does not exist is 404.
      expectStatus(await oncall(keys.intake?.key ?? '', '2027-03-04T19:00:00Z'), 200);
      expectStatus(await call('DELETE', `/v1/clinics/${A}/keys/key_doesnotexist`, { key: admin }), 404);
    },
    TIMEOUT,
  );

  it(
    "tenant isolation: a second clinic's admin key gets 404 on every admin route of the first clinic, like a clinic that does not exist, and changes nothing",
    async () => {
      expectStatus(
        await call('PUT', `/v1/clinics/${B}`, { key: PLATFORM_KEY, body: clinicBody('South') }),
        200,
      );
      const other = expectStatus(
        await call('POST', `/v1/clinics/${B}/keys`, {
          key: PLATFORM_KEY,
          body: { role: 'admin', label: 'south admin' },
        }),
        201,
      ).body.key as string;
      const victimKeyId = keys.intake?.keyId ?? '';
      const override = expectStatus(
        await call('POST', `/v1/clinics/${A}/services/general/overrides`, {
          key: keys.admin?.key,
          body: { clinicianId: 'bob', start: '2027-03-06T08:00:00Z', end: '2027-03-06T20:00:00Z' },
        }),
        201,
      ).body.overrideId as string;
      // A cover request of bob's (the override above makes the time his) the other clinic must not see or touch.
      const cover = expectStatus(
        await call('POST', `/v1/clinics/${A}/services/general/cover-requests`, {
          key: keys.admin?.key,
          body: { requesterId: 'bob', start: '2027-03-06T10:00:00Z', end: '2027-03-06T12:00:00Z' },
        }),
        201,
      ).body.coverId as string;
      // A feed the other clinic's key must not be able to revoke.
      const feedUrl = expectStatus(
        await call('POST', `/v1/clinics/${A}/services/general/calendar-feed`, { key: keys.admin?.key }),
        201,
      ).body.url as string;
      const duty = (
        expectStatus(await call('GET', `/v1/clinics/${A}`, { key: keys.admin?.key }), 200).body
          .fallback as Array<{
          fallbackId: string;
        }>
      )[0]?.fallbackId;
      const before = await stack.deps.clinics.loadRota(A, 0);
      const aliceSms =
        before?.clinicians.find((c) => c.clinicianId === 'alice')?.contacts?.find((m) => m.type === 'sms')
          ?.contactId ?? 'none';

      const calls: Record<string, (clinicId: string) => [string, string, unknown?]> = {
        'put-clinic': (c) => ['PUT', `/v1/clinics/${c}`, clinicBody('Taken over')],
        'get-clinic': (c) => ['GET', `/v1/clinics/${c}`],
        'put-clinic-settings': (c) => [
          'PUT',
          `/v1/clinics/${c}/settings`,
          { name: 'Taken over', fallback: [{ name: 'Mallory', phone: '+447700900666' }] },
        ],
        'list-fallback-contact-methods': (c) => [
          'GET',
          `/v1/clinics/${c}/fallback-contacts/${duty}/contacts`,
        ],
        'add-fallback-contact-method': (c) => [
          'POST',
          `/v1/clinics/${c}/fallback-contacts/${duty}/contacts`,
          { type: 'sms', value: '+447700900666' },
        ],
        'verify-fallback-contact-method': (c) => [
          'POST',
          `/v1/clinics/${c}/fallback-contacts/${duty}/contacts/settings-sms/verify`,
          { code: '000000' },
        ],
        'test-fallback-contact-method': (c) => [
          'POST',
          `/v1/clinics/${c}/fallback-contacts/${duty}/contacts/settings-sms/test`,
        ],
        'remove-fallback-contact-method': (c) => [
          'DELETE',
          `/v1/clinics/${c}/fallback-contacts/${duty}/contacts/settings-sms`,
        ],
        'create-clinician-feed': (c) => ['POST', `/v1/clinics/${c}/clinicians/alice/calendar-feed`],
        'revoke-clinician-feed': (c) => ['DELETE', `/v1/clinics/${c}/clinicians/alice/calendar-feed`],
        'create-service-feed': (c) => ['POST', `/v1/clinics/${c}/services/general/calendar-feed`],
        'revoke-service-feed': (c) => ['DELETE', `/v1/clinics/${c}/services/general/calendar-feed`],
        'create-key': (c) => ['POST', `/v1/clinics/${c}/keys`, { role: 'admin', label: 'backdoor' }],
        'revoke-key': (c) => ['DELETE', `/v1/clinics/${c}/keys/${victimKeyId}`],
        'list-keys': (c) => ['GET', `/v1/clinics/${c}/keys`],
        'get-key': (c) => ['GET', `/v1/clinics/${c}/keys/${victimKeyId}`],
        'put-clinician': (c) => [
          'PUT',
          `/v1/clinics/${c}/clinicians/alice`,
          { name: 'Mallory', phone: '+447700900666' },
        ],
        'get-clinician': (c) => ['GET', `/v1/clinics/${c}/clinicians/alice`],
        'delete-clinician': (c) => ['DELETE', `/v1/clinics/${c}/clinicians/alice`],
        'clear-broken-contact': (c) => ['DELETE', `/v1/clinics/${c}/clinicians/alice/broken-contacts/sms`],
        'list-clinicians': (c) => ['GET', `/v1/clinics/${c}/clinicians`],
        'list-contacts': (c) => ['GET', `/v1/clinics/${c}/clinicians/alice/contacts`],
        'add-contact': (c) => [
          'POST',
          `/v1/clinics/${c}/clinicians/alice/contacts`,
          { type: 'sms', value: '+447700900666' },
        ],
        'verify-contact': (c) => [
          'POST',
          `/v1/clinics/${c}/clinicians/alice/contacts/${aliceSms}/verify`,
          { code: '000000' },
        ],
        'test-contact': (c) => ['POST', `/v1/clinics/${c}/clinicians/alice/contacts/${aliceSms}/test`],
        'remove-contact': (c) => ['DELETE', `/v1/clinics/${c}/clinicians/alice/contacts/${aliceSms}`],
        'put-notification-rules': (c) => [
          'PUT',
          `/v1/clinics/${c}/clinicians/alice/notification-rules`,
          { rules: [{ contactId: aliceSms, afterSeconds: 0 }] },
        ],
        'put-service': (c) => [
          'PUT',
          `/v1/clinics/${c}/services/general`,
          { ...serviceBody, name: 'Hijacked' },
        ],
        'get-service': (c) => ['GET', `/v1/clinics/${c}/services/general`],
        'delete-service': (c) => ['DELETE', `/v1/clinics/${c}/services/general`],
        'list-services': (c) => ['GET', `/v1/clinics/${c}/services`],
        'create-override': (c) => [
          'POST',
          `/v1/clinics/${c}/services/general/overrides`,
          { clinicianId: 'alice', start: '2027-03-07T08:00:00Z', end: '2027-03-07T20:00:00Z' },
        ],
        'delete-override': (c) => ['DELETE', `/v1/clinics/${c}/services/general/overrides/${override}`],
        'list-overrides': (c) => ['GET', `/v1/clinics/${c}/services/general/overrides?includePast=true`],
        'get-override': (c) => ['GET', `/v1/clinics/${c}/services/general/overrides/${override}`],
        'put-override': (c) => [
          'PUT',
          `/v1/clinics/${c}/services/general/overrides/${override}`,
          { clinicianId: 'alice', start: '2027-03-06T08:00:00Z', end: '2027-03-06T22:00:00Z' },
        ],
        'create-cover-request': (c) => [
          'POST',
          `/v1/clinics/${c}/services/general/cover-requests`,
          { requesterId: 'bob', start: '2027-03-06T12:00:00Z', end: '2027-03-06T14:00:00Z' },
        ],
        'list-cover-requests': (c) => ['GET', `/v1/clinics/${c}/cover-requests`],
        'get-cover-request': (c) => ['GET', `/v1/clinics/${c}/cover-requests/${cover}`],
        'accept-cover-request': (c) => ['POST', `/v1/clinics/${c}/cover-requests/${cover}/accept`],
        'review-cover-request': (c) => [
          'POST',
          `/v1/clinics/${c}/cover-requests/${cover}/review`,
          { decision: 'approve' },
        ],
        'cancel-cover-request': (c) => ['POST', `/v1/clinics/${c}/cover-requests/${cover}/cancel`],
        'get-gaps': (c) => ['GET', `/v1/clinics/${c}/services/general/gaps`],
        'get-fairness-report': (c) => [
          'GET',
          `/v1/clinics/${c}/reports/fairness?from=2027-03-01T00:00:00Z&to=2027-03-08T00:00:00Z`,
        ],
        'get-oncall': (c) => ['GET', `/v1/clinics/${c}/services/general/oncall?at=2027-03-04T14:00:00Z`],
        'get-shifts': (c) => [
          'GET',
          `/v1/clinics/${c}/services/general/shifts?from=2027-03-04T00:00:00Z&to=2027-03-05T00:00:00Z`,
        ],
      };
      const adminRouteNames = routes
        .filter((r) => r.auth === 'key' && r.path.startsWith('/v1/clinics/') && !r.path.includes('/requests'))
        .map((r) => r.name)
        .sort();
      expect(Object.keys(calls).sort()).toEqual(adminRouteNames);

      for (const [name, make] of Object.entries(calls)) {
        const [method, path, body] = make(A);
        const res = await call(method, path, { key: other, body });
        expect({ name, status: res.status, body: res.body }).toEqual({
          name,
          status: 404,
          body: { error: { code: 'not_found', message: expect.any(String) } },
        });
        const [ghostMethod, ghostPath, ghostBody] = make('ghost');
        const ghost = await call(ghostMethod, ghostPath, { key: other, body: ghostBody });
        expect({ name, status: ghost.status, text: ghost.text }).toEqual({
          name,
          status: res.status,
          text: res.text,
        });
      }

      expect(await stack.deps.clinics.loadRota(A, 0)).toEqual(before);
      // The cover request is as it was: open, only asked for.
      const after = expectStatus(
        await call('GET', `/v1/clinics/${A}/cover-requests/${cover}`, { key: keys.admin?.key }),
        200,
      ).body;
      expect({ state: after.state, history: (after.history as unknown[]).length }).toEqual({
        state: 'open',
        history: 1,
      });
      expect((await fetch(feedUrl)).status).toBe(200); // not revoked
      expectStatus(await oncall(keys.intake?.key ?? '', '2027-03-04T19:00:00Z'), 200); // not revoked
      // The second clinic's key does work on its own clinic.
      expectStatus(await call('GET', `/v1/clinics/${B}`, { key: other }), 200);
    },
    TIMEOUT,
  );

  it(
    '401 unauthorized without a key, with a malformed key and with an unknown key',
    async () => {
      const attempts: Array<Record<string, string>> = [
        {},
        { authorization: 'Bearer short' },
        { authorization: `Token ${keys.admin?.key}` },
        { authorization: `Bearer ${keys.admin?.key}x!` },
        { authorization: `Bearer crk_${'Z'.repeat(43)}` },
      ];
      for (const headers of attempts) {
        const res = await call('GET', `/v1/clinics/${A}`, { headers });
        expect({ headers, status: res.status, body: res.body }).toEqual({
          headers,
          status: 401,
          body: { error: { code: 'unauthorized', message: expect.any(String) } },
        });
      }
    },
    TIMEOUT,
  );

  it(
    'body limits hold through the server: 413 for 65 KiB, 415 for text/plain, 400 for malformed JSON',
    async () => {
      const key = PLATFORM_KEY;
      const big = await call('PUT', `/v1/clinics/${A}`, {
        key,
        body: { ...clinicBody('x'.repeat(65 * 1024)) },
      });
      expect([big.status, big.body?.error?.code]).toEqual([413, 'payload_too_large']);
      const plain = await call('PUT', `/v1/clinics/${A}`, {
        key,
        body: JSON.stringify(clinicBody('North')),
        headers: { 'content-type': 'text/plain' },
      });
      expect([plain.status, plain.body?.error?.code]).toEqual([415, 'unsupported_media_type']);
      const broken = await call('PUT', `/v1/clinics/${A}`, { key, body: '{"name":' });
      expect([broken.status, broken.body?.error?.code]).toEqual([400, 'validation_failed']);
      const read = expectStatus(await call('GET', `/v1/clinics/${A}`, { key: keys.admin?.key }), 200);
      expect(read.body.name).toBe('North');
    },
    TIMEOUT,
  );

  it(
    '/health answers {ok:true} without a key',
    async () => {
      const res = await call('GET', '/health');
      expect([res.status, res.contentType, res.body]).toEqual([
        200,
        'application/json; charset=utf-8',
        { ok: true },
      ]);
    },
    TIMEOUT,
  );

  it(
    'an unknown route is 404 JSON and a known path with the wrong method is 405 JSON, key or not',
    async () => {
      for (const key of [null, keys.admin?.key]) {
        const unknown = await call('GET', '/v1/nothing/here', { key });
        expect([unknown.status, unknown.contentType, unknown.body?.error?.code]).toEqual([
          404,
          'application/json; charset=utf-8',
          'not_found',
        ]);
        const wrong = await call('PATCH', `/v1/clinics/${A}`, { key, body: {} });
        expect([wrong.status, wrong.contentType, wrong.body?.error?.code]).toEqual([
          405,
          'application/json; charset=utf-8',
          'method_not_allowed',
        ]);
        // It says which methods the path has, in the body and in Allow.
        expect(wrong.body.error.message).toBe('PATCH is not allowed here: use GET or PUT');
        expect(wrong.allow).toBe('GET, PUT');
        const postHealth = await call('POST', '/health', { key });
        expect([postHealth.status, postHealth.allow]).toEqual([405, 'GET']);
        expect(postHealth.body.error.message).toBe('POST is not allowed here: use GET');
      }
    },
    TIMEOUT,
  );
});
