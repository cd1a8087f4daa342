// The admin API's lists, reads, updates and deletions end to end through real HTTP on the local stack, on
// the harness's DynamoDB engine: pages across a boundary and cursors that only continue their own list,
// an override updated in place and to other ends under the same id, keys listed without secrets, and
// services and clinicians deleted only once nothing names them (the 409 says where). Roles and tenants
// are kept apart on every new route.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { encodePageCursor } from '../../../shared/app/page-cursor.js';
import { makeOverrideId } from '../../../shared/domain/override-id.js';
import { client, PLATFORM_KEY, stackOptions, type Call, type Reply } from './http.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const A = 'east';
const B = 'west';
const HOUR = 3_600_000;

let stack: LocalStack;
let cleanup: () => Promise<void>;
let call: Call;
const keys = { adminA: '', adminB: '', intake: '', clinician: '', erinKeyId: '', erin: '' };
const overrideIds: string[] = [];

function expectStatus(reply: Reply, status: number): Reply {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${reply.text}`);
  return reply;
}

/** A whole hour some days ahead, as ISO: the API refuses cover that is already over. */
const ahead = (hours: number) => {
  const base = Math.ceil(Date.now() / HOUR) * HOUR + 48 * HOUR;
  return new Date(base + hours * HOUR).toISOString();
};

const level = (notify: unknown) => ({ notify, ackTimeoutSeconds: 60 });
const serviceBody = (name: string, participants: string[], extra: Record<string, unknown> = {}) => ({
  name,
  rotation: { participants, start: '2026-01-05', handoff: { every: 'day', at: '08:00' } },
  escalation: { levels: [level('primary'), level('secondary')], repeat: 0 },
  ...extra,
});

/** Every item of a list through its pages of `limit`, and the pages' sizes. */
async function readAll(path: string, field: string, key: string, limit = 2) {
  const items: Array<Record<string, unknown>> = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  const join = path.includes('?') ? '&' : '?';
  do {
    const reply: Reply = expectStatus(
      await call('GET', `${path}${join}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { key }),
      200,
    );
    const page = reply.body;
    items.push(...page[field]);
    sizes.push(page[field].length);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, sizes };
}

beforeAll(async () => {
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack(options);
  call = client(stack.url);
  for (const clinicId of [A, B])
    expectStatus(
      await call('PUT', `/v1/clinics/${clinicId}`, {
        key: PLATFORM_KEY,
        body: {
          name: clinicId,
          timezone: 'Europe/London',
          fallback: [{ name: 'Duty', phone: '+447700900201' }],
        },
      }),
      200,
    );
  const adminKey = async (clinicId: string) =>
    expectStatus(
      await call('POST', `/v1/clinics/${clinicId}/keys`, {
        key: PLATFORM_KEY,
        body: { role: 'admin', label: 'admin' },
      }),
      201,
    ).body.key as string;
  keys.adminA = await adminKey(A);
  keys.adminB = await adminKey(B);
  const admin = keys.adminA;
  for (const id of ['alice', 'bob', 'carol', 'dave', 'erin'])
    expectStatus(
      await call('PUT', `/v1/clinics/${A}/clinicians/${id}`, { key: admin, body: { name: id } }),
      200,
    );
  expectStatus(
    await call('PUT', `/v1/clinics/${A}/clinicians/fred`, {
      key: admin,
      body: { name: 'Fred', active: false },
    }),
    200,
  );
  const put = async (id: string, body: unknown) =>
    expectStatus(await call('PUT', `/v1/clinics/${A}/services/${id}`, { key: admin, body }), 200);
  await put(
    'general',
    serviceBody('General', ['alice', 'bob'], {
      escalation: { levels: [level('primary'), level({ clinicianId: 'carol' })], repeat: 0 },
    }),
  );
  await put('adolescent', serviceBody('Adolescent', ['dave'], { fallbackServiceId: 'general' }));
  await put('elderly', serviceBody('Elderly', ['alice']));
  for (let i = 0; i < 5; i++)
    overrideIds.push(
      expectStatus(
        await call('POST', `/v1/clinics/${A}/services/general/overrides`, {
          key: admin,
          body: { clinicianId: 'bob', start: ahead(10 * (4 - i)), end: ahead(10 * (4 - i) + 5) },
        }),
        201,
      ).body.overrideId,
    );
  const key = async (body: Record<string, string>) =>
    expectStatus(await call('POST', `/v1/clinics/${A}/keys`, { key: admin, body }), 201).body;
  keys.intake = (await key({ role: 'intake', label: 'hotline' })).key;
  keys.clinician = (await key({ role: 'clinician', clinicianId: 'alice', label: 'Alice phone' })).key;
  const erin = await key({ role: 'clinician', clinicianId: 'erin', label: 'Erin phone' });
  keys.erin = erin.key;
  keys.erinKeyId = erin.keyId;
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await cleanup?.();
});

describe(`admin lists, reads, updates and deletions over HTTP on ${ENGINE}`, () => {
  it(
    'lists clinicians, services, keys and overrides 2 at a time across page boundaries',
    async () => {
      const admin = keys.adminA;
      const clinicians = await readAll(`/v1/clinics/${A}/clinicians`, 'clinicians', admin);
      expect(clinicians.sizes).toEqual([2, 2, 2]);
      expect(clinicians.items.map((c) => c.clinicianId)).toEqual([
        'alice',
        'bob',
        'carol',
        'dave',
        'erin',
        'fred',
      ]);
      const services = await readAll(`/v1/clinics/${A}/services`, 'services', keys.intake);
      expect(services.items.map((s) => s.serviceId)).toEqual(['adolescent', 'elderly', 'general']);
      expect(services.sizes).toEqual([2, 1]);
      const overrides = await readAll(`/v1/clinics/${A}/services/general/overrides`, 'overrides', admin);
      expect(overrides.sizes).toEqual([2, 2, 1]);
      // By start: the last one created starts first.
      expect(overrides.items.map((o) => o.overrideId)).toEqual([...overrideIds].reverse());
      expect(overrides.items[0]).toMatchObject({ clinicianId: 'bob', start: ahead(0), end: ahead(5) });
      const listed = await readAll(`/v1/clinics/${A}/keys`, 'keys', admin);
      expect(listed.sizes).toEqual([2, 2]);
      expect(listed.items.map((k) => k.role).sort()).toEqual(['admin', 'clinician', 'clinician', 'intake']);
      const text = JSON.stringify(listed.items);
      for (const secret of Object.values(keys))
        if (secret.startsWith('crk_')) expect(text).not.toContain(secret);
      expect(text).not.toContain('secretHash');
      // The platform key lists a clinic's keys too.
      expect((await readAll(`/v1/clinics/${A}/keys`, 'keys', PLATFORM_KEY, 200)).items).toHaveLength(4);
    },
    TIMEOUT,
  );

  it(
    "an invalid cursor, or another clinic's or list's, is 400 at cursor",
    async () => {
      const admin = keys.adminA;
      const services = expectStatus(
        await call('GET', `/v1/clinics/${A}/services?limit=1`, { key: admin }),
        200,
      ).body;
      const cases: Array<[string, string]> = [
        [`/v1/clinics/${A}/clinicians?cursor=garbage`, 'garbage'],
        [`/v1/clinics/${A}/clinicians?cursor=${services.nextCursor}`, 'another list'],
        [`/v1/clinics/${A}/keys?cursor=${encodePageCursor(B, 'keys', 'key_a')}`, "clinic B's"],
        [
          `/v1/clinics/${A}/services/general/overrides?cursor=${services.nextCursor}`,
          'services on overrides',
        ],
        [`/v1/clinics/${A}/services?cursor=${'x'.repeat(401)}`, 'too long'],
      ];
      for (const [path, why] of cases) {
        const res = await call('GET', path, { key: admin });
        expect({ why, status: res.status, details: res.body.error.details }).toEqual({
          why,
          status: 400,
          details: [
            { path: 'cursor', message: expect.stringMatching(/^is not a page marker this list gave out/) },
          ],
        });
      }
      const limit = await call('GET', `/v1/clinics/${A}/keys?limit=201`, { key: admin });
      expect([limit.status, limit.body.error.details]).toEqual([
        400,
        [{ path: 'limit', message: 'must be a whole number from 1 to 200' }],
      ]);
    },
    TIMEOUT,
  );

  it(
    'GET and PUT an override: the id stays while the end moves later, earlier and back; on-call follows',
    async () => {
      const admin = keys.adminA;
      const id = overrideIds[4] as string; // ahead(0) to ahead(5)
      const path = `/v1/clinics/${A}/services/general/overrides/${id}`;
      expect(expectStatus(await call('GET', path, { key: admin }), 200).body).toMatchObject({
        overrideId: id,
        clinicianId: 'bob',
        start: ahead(0),
        end: ahead(5),
      });
      // Nobody here has a verified number, so the rota names its primary under `unavailable`.
      const primaryAt = async (at: string) =>
        expectStatus(
          await call('GET', `/v1/clinics/${A}/services/general/oncall?at=${encodeURIComponent(at)}`, {
            key: admin,
          }),
          200,
        ).body.unavailable.find((u: { role: string }) => u.role === 'primary')?.clinicianId;
      for (const [end, clinicianId] of [
        [ahead(8), 'dave'],
        [ahead(2), 'erin'],
        [ahead(5), 'dave'],
      ] as const) {
        const res = expectStatus(
          await call('PUT', path, { key: admin, body: { clinicianId, start: ahead(0), end } }),
          200,
        );
        expect(res.body).toMatchObject({ overrideId: id, clinicianId, start: ahead(0), end });
        expect(expectStatus(await call('GET', path, { key: admin }), 200).body).toEqual(res.body);
        const justBefore = new Date(Date.parse(end) - 1).toISOString();
        expect(await primaryAt(justBefore)).toBe(clinicianId);
        expect(await primaryAt(end)).not.toBe(clinicianId);
      }
      // The list shows it once, in its place by start.
      const all = await readAll(`/v1/clinics/${A}/services/general/overrides`, 'overrides', admin, 200);
      expect(all.items.filter((o) => o.overrideId === id)).toHaveLength(1);
      // The rules of a new override: ends in the past, an inactive clinician; and 404s.
      const past = await call('PUT', path, {
        key: admin,
        body: { clinicianId: 'bob', start: '2020-01-01T00:00:00Z', end: '2020-01-01T01:00:00Z' },
      });
      expect([past.status, past.body.error.details[0].path]).toEqual([400, 'end']);
      const inactive = await call('PUT', path, {
        key: admin,
        body: { clinicianId: 'fred', start: ahead(0), end: ahead(5) },
      });
      expect([inactive.status, inactive.body.error.details]).toEqual([
        400,
        [{ path: 'clinicianId', message: expect.stringMatching(/inactive/) }],
      ]);
      const body = { clinicianId: 'bob', start: ahead(0), end: ahead(5) };
      expectStatus(
        await call('PUT', `/v1/clinics/${A}/services/elderly/overrides/${id}`, { key: admin, body }),
        404,
      );
      expectStatus(
        await call('GET', `/v1/clinics/${A}/services/general/overrides/mmk3x1c0-nosuchone`, { key: admin }),
        404,
      );
      // Deleted after moving: gone wherever it was.
      expectStatus(await call('PUT', path, { key: admin, body: { ...body, end: ahead(7) } }), 200);
      expectStatus(await call('DELETE', path, { key: admin }), 204);
      expectStatus(await call('GET', path, { key: admin }), 404);
      expectStatus(await call('DELETE', path, { key: admin }), 404);
      overrideIds.pop();
    },
    TIMEOUT,
  );

  it(
    'includePast=true also lists cover that is over',
    async () => {
      const admin = keys.adminA;
      const end = Date.now() - HOUR;
      const overrideId = makeOverrideId(end, 'pastcover01');
      await stack.deps.clinics.putOverride({
        overrideId,
        clinicId: A,
        serviceId: 'general',
        clinicianId: 'bob',
        start: end - HOUR,
        end,
        createdAt: end - 2 * HOUR,
      });
      const current = await readAll(`/v1/clinics/${A}/services/general/overrides`, 'overrides', admin);
      expect(current.items.map((o) => o.overrideId)).not.toContain(overrideId);
      const all = await readAll(
        `/v1/clinics/${A}/services/general/overrides?includePast=true`,
        'overrides',
        admin,
      );
      expect(all.items[0]?.overrideId).toBe(overrideId);
      expect(all.items).toHaveLength(current.items.length + 1);
    },
    TIMEOUT,
  );

  it(
    'GET a key: its fields and revokedAt once revoked, never the secret; another clinic gets 404',
    async () => {
      const admin = keys.adminA;
      const path = `/v1/clinics/${A}/keys/${keys.erinKeyId}`;
      const before = expectStatus(await call('GET', path, { key: admin }), 200).body;
      expect(before).toEqual({
        keyId: keys.erinKeyId,
        role: 'clinician',
        label: 'Erin phone',
        clinicianId: 'erin',
        createdAt: expect.any(String),
        revokedAt: null,
      });
      expectStatus(await call('GET', `/v1/clinics/${A}/keys/key_nosuchkey`, { key: admin }), 404);
      expectStatus(await call('GET', path, { key: keys.adminB }), 404);
    },
    TIMEOUT,
  );

  it(
    'DELETE a service: 409 while another falls back to it (naming it), else 204 with its overrides',
    async () => {
      const admin = keys.adminA;
      const refused = expectStatus(
        await call('DELETE', `/v1/clinics/${A}/services/general`, { key: admin }),
        409,
      );
      expect(refused.body.error).toEqual({
        code: 'conflict',
        message:
          'other services fall back to this one: Adolescent (adolescent). Give them another fallbackServiceId, or none, first',
        references: [{ serviceId: 'adolescent', serviceName: 'Adolescent', path: 'fallbackServiceId' }],
      });
      const cover = expectStatus(
        await call('POST', `/v1/clinics/${A}/services/elderly/overrides`, {
          key: admin,
          body: { clinicianId: 'bob', start: ahead(1), end: ahead(2) },
        }),
        201,
      ).body.overrideId as string;
      expectStatus(await call('DELETE', `/v1/clinics/${A}/services/elderly`, { key: admin }), 204);
      expectStatus(await call('GET', `/v1/clinics/${A}/services/elderly`, { key: admin }), 404);
      expectStatus(await call('DELETE', `/v1/clinics/${A}/services/elderly`, { key: admin }), 404);
      // Made again with the same id, the service starts without the old cover.
      expectStatus(
        await call('PUT', `/v1/clinics/${A}/services/elderly`, {
          key: admin,
          body: serviceBody('Elderly', ['alice']),
        }),
        200,
      );
      expect(
        expectStatus(
          await call('GET', `/v1/clinics/${A}/services/elderly/overrides?includePast=true`, { key: admin }),
          200,
        ).body,
      ).toEqual({ overrides: [], nextCursor: null });
      expect(await stack.deps.clinics.getOverride(A, 'elderly', cover)).toBeNull();
    },
    TIMEOUT,
  );

  it(
    'DELETE a clinician: 409 naming where the rota names them; once off it, 204 and their key stops working',
    async () => {
      const admin = keys.adminA;
      const cover = expectStatus(
        await call('POST', `/v1/clinics/${A}/services/general/overrides`, {
          key: admin,
          body: { clinicianId: 'erin', start: ahead(60), end: ahead(61) },
        }),
        201,
      ).body.overrideId as string;
      const cases: Array<[string, string, unknown[]]> = [
        [
          'alice',
          'in the rotation of Elderly (elderly); in the rotation of General (general)',
          [
            { serviceId: 'elderly', serviceName: 'Elderly', path: 'rotation.participants.0' },
            { serviceId: 'general', serviceName: 'General', path: 'rotation.participants.0' },
          ],
        ],
        [
          'carol',
          'in level 2 of General (general)',
          [{ serviceId: 'general', serviceName: 'General', path: 'escalation.levels.1.notify.clinicianId' }],
        ],
        [
          'erin',
          `covering General (general) from ${ahead(60)} to ${ahead(61)} (override ${cover})`,
          [
            {
              serviceId: 'general',
              serviceName: 'General',
              overrideId: cover,
              start: ahead(60),
              end: ahead(61),
            },
          ],
        ],
      ];
      for (const [id, where, references] of cases) {
        const res = expectStatus(
          await call('DELETE', `/v1/clinics/${A}/clinicians/${id}`, { key: admin }),
          409,
        );
        expect(res.body.error).toEqual({
          code: 'conflict',
          message: `this clinician is still on the rota: ${where}. Take them off it first: edit those services, and move or delete the cover`,
          references,
        });
      }
      expectStatus(await call('GET', `/v1/clinics/${A}/services/general/oncall`, { key: keys.erin }), 403);
      expectStatus(
        await call('DELETE', `/v1/clinics/${A}/services/general/overrides/${cover}`, { key: admin }),
        204,
      );
      expectStatus(await call('DELETE', `/v1/clinics/${A}/clinicians/erin`, { key: admin }), 204);
      expectStatus(await call('GET', `/v1/clinics/${A}/clinicians/erin`, { key: admin }), 404);
      expectStatus(await call('DELETE', `/v1/clinics/${A}/clinicians/erin`, { key: admin }), 404);
      // Their clinician key was revoked with them.
      expectStatus(await call('GET', `/v1/clinics/${A}/clinicians/erin/contacts`, { key: keys.erin }), 401);
      const key = expectStatus(
        await call('GET', `/v1/clinics/${A}/keys/${keys.erinKeyId}`, { key: admin }),
        200,
      );
      expect(key.body.revokedAt).toEqual(expect.any(String));
    },
    TIMEOUT,
  );

  it(
    'roles and tenants: intake and clinician keys get 403, another clinic’s admin 404, on every new route',
    async () => {
      const id = overrideIds[0] as string;
      const targets: Array<[string, string, unknown?]> = [
        ['GET', `/v1/clinics/${A}/services/general/overrides`],
        ['GET', `/v1/clinics/${A}/services/general/overrides/${id}`],
        [
          'PUT',
          `/v1/clinics/${A}/services/general/overrides/${id}`,
          { clinicianId: 'bob', start: ahead(1), end: ahead(2) },
        ],
        ['GET', `/v1/clinics/${A}/keys`],
        ['GET', `/v1/clinics/${A}/keys/${keys.erinKeyId}`],
        ['DELETE', `/v1/clinics/${A}/services/elderly`],
        ['DELETE', `/v1/clinics/${A}/clinicians/dave`],
      ];
      for (const [method, path, body] of targets) {
        for (const [who, key, status] of [
          ['intake', keys.intake, 403],
          ['clinician', keys.clinician, 403],
          ['admin of another clinic', keys.adminB, 404],
        ] as const) {
          const res = await call(method, path, { key, body });
          expect({ method, path, who, status: res.status, code: res.body?.error?.code }).toEqual({
            method,
            path,
            who,
            status,
            code: status === 403 ? 'forbidden' : 'not_found',
          });
        }
      }
      // Nothing was changed by the refused calls.
      expectStatus(await call('GET', `/v1/clinics/${A}/services/elderly`, { key: keys.adminA }), 200);
      expectStatus(await call('GET', `/v1/clinics/${A}/clinicians/dave`, { key: keys.adminA }), 200);
    },
    TIMEOUT,
  );
});
