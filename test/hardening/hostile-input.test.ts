// Hostile input. (1) fast-check fuzzing of every route that takes a JSON body (and the query-string and
// form routes), in-process through the real handlers on fakes: ≥ 2,000 generated bodies each, answered only
// with 2xx or a documented 4xx error, never a 5xx, and nothing stored by a rejected call; Object.prototype
// untouched. (2) Header abuse through real HTTP on the local stack.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { safeParse } from 'zod/mini';
import type { $ZodType as ZodType } from 'zod/v4/core';
import { createHandler as ackPageSubmit } from '../../functions/ack-page-submit/handler.js';
import { createHandler as acknowledge } from '../../functions/acknowledge-request/handler.js';
import { createHandler as cancel } from '../../functions/cancel-request/handler.js';
import { createHandler as decline } from '../../functions/decline-request/handler.js';
import { createHandler as getOncall } from '../../functions/get-oncall/handler.js';
import { createHandler as getShifts } from '../../functions/get-shifts/handler.js';
import { createHandler as listRequests } from '../../functions/list-requests/handler.js';
import { createHandler as resolve } from '../../functions/resolve-request/handler.js';
import { createHandler as contacted } from '../../functions/contacted-request/handler.js';
import { createHandler as handback } from '../../functions/handback-request/handler.js';
import { createHandler as submit } from '../../functions/submit-request/handler.js';
import type { HttpHandler } from '../../functions/http/http-route.js';
import { MAX_BODY_BYTES } from '../../functions/http/parse-input.js';
import { localOnlyHandlers } from '../../infra/local/local-only-routes.js';
import { OutboxPager } from '../../shared/adapters/local/outbox-pager.js';
import { submitRequest } from '../../shared/app/requests/submit-request.js';
import { respondByApi } from '../../shared/app/requests/respond-to-page.js';
import type { Principal } from '../../shared/domain/model.js';
import { putClinicSchema } from '../../shared/schemas/clinic.js';
import { putClinicianSchema } from '../../shared/schemas/clinician.js';
import { createKeySchema } from '../../shared/schemas/key.js';
import { createOverrideSchema } from '../../shared/schemas/override.js';
import {
  handbackRequestSchema,
  requestActionSchema,
  resolveRequestSchema,
  smsInboundSchema,
  submitRequestSchema,
} from '../../shared/schemas/request.js';
import { onCallQuerySchema, shiftsQuerySchema } from '../../shared/schemas/rota-query.js';
import { listRequestsQuerySchema } from '../../shared/schemas/request-query.js';
import { putServiceSchema } from '../../shared/schemas/service.js';
import { adminRoute, routeDefinition } from '../unit/api/admin-routes.js';
import { apiEvent, lambdaContext, type EventSpec } from '../unit/api/events.js';
import { buildWorld, CLINIC, principals, silentLogger, type World as AdminWorld } from '../unit/api/fakes.js';
import type { FakeRequestStore } from '../unit/requests/fakes.js';
import {
  asClinician,
  body as requestBody,
  CLINIC_ID,
  clinic,
  harness,
  intake,
  PHONES,
  seedClinic,
  type Harness,
} from '../unit/requests/fakes.js';
import {
  expectErrorShape,
  hostileBodies,
  hostileString,
  prototypeFingerprint,
  tryParse,
} from './support/hostile.js';
import {
  createClinic,
  expectStatus,
  outbox,
  rawRequest,
  startStack,
  submit as submitOverHttp,
  submitBody,
  type HardeningStack,
  type TestClinic,
} from './support/local.js';

jest.setTimeout(240_000);

const RUNS = Number(process.env.HARDENING_FUZZ_RUNS ?? 2000);
const logger = silentLogger();

interface FuzzRoute {
  name: string;
  schema: ZodType;
  /** Action routes take an optional body: an empty one is valid. */
  optionalBody?: boolean;
  valid: Record<string, unknown>;
  invoke(raw: string): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
  /** Changes whenever anything is stored or sent. */
  fingerprint(): string;
}

function requestFingerprint(h: Harness, extra = ''): string {
  const store = h.requests as FakeRequestStore;
  const versions = [...store.items.values()].reduce((sum, s) => sum + s.request.version, 0);
  const used = [...store.tokens.values()].filter((t) => t.usedAt !== undefined).length;
  return [
    store.items.size,
    versions,
    store.tokens.size,
    used,
    store.codes.size,
    h.pager.sent.length,
    h.timer.scheduled.length,
    extra,
  ].join('/');
}

function viaEvent(handler: HttpHandler, spec: EventSpec) {
  return async (raw: string) => {
    const result = await handler(apiEvent({ ...spec, body: raw }), lambdaContext('fuzz'));
    return {
      statusCode: result.statusCode,
      headers: (result.headers ?? {}) as Record<string, unknown>,
      body: result.body,
    };
  };
}

const stats: Record<string, Record<string, number>> = {};

async function fuzz(route: FuzzRoute): Promise<void> {
  const counts: Record<string, number> = {};
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(hostileBodies(route.valid), async (raw) => {
      const before = route.fingerprint();
      const proto = prototypeFingerprint();
      const res = await route.invoke(raw);
      counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 500)
        throw new Error(`${route.name} answered ${res.statusCode} to ${raw.slice(0, 300)}`);
      expect(res.statusCode).toBeGreaterThanOrEqual(200);
      expect(prototypeFingerprint()).toBe(proto);
      const parsed = tryParse(raw);
      const schemaOk =
        (route.optionalBody === true && raw === '') ||
        (parsed.ok && safeParse(route.schema, parsed.value).success);
      const tooLarge = Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES;
      if (tooLarge) expect(res.statusCode).toBe(413);
      if (!schemaOk || tooLarge) expect([400, 413, 415]).toContain(res.statusCode);
      if (res.statusCode >= 400) {
        expectErrorShape(res.statusCode, res.headers['content-type'], res.body);
        expect(route.fingerprint()).toBe(before); // a rejected call stores and sends nothing
      } else accepted++;
    }),
    { numRuns: RUNS, seed: 20_260_302, endOnFailure: true },
  );
  stats[route.name] = { ...counts, accepted };
}

describe('fuzzing every JSON route in-process (fast-check)', () => {
  let admin: AdminWorld;
  let h: Harness;
  let requestId = '';
  let ackedId = '';
  let cancelId = '';
  let declineId = '';

  beforeAll(async () => {
    admin = await buildWorld();
    h = harness();
    await seedClinic(h.clinics);
    requestId = (await submitRequest(h.deps, intake, CLINIC_ID, 'fuzz-open-request', requestBody())).stored
      .request.requestId;
    ackedId = (await submitRequest(h.deps, intake, CLINIC_ID, 'fuzz-acked-request', requestBody())).stored
      .request.requestId;
    await respondByApi(h.deps, asClinician('ana'), CLINIC_ID, ackedId, 'acknowledge');
    cancelId = (await submitRequest(h.deps, intake, CLINIC_ID, 'fuzz-cancel-request', requestBody())).stored
      .request.requestId;
    declineId = (await submitRequest(h.deps, intake, CLINIC_ID, 'fuzz-decline-request', requestBody())).stored
      .request.requestId;
  });
  afterAll(() => {
    const rows = Object.entries(stats).map(([name, c]) => {
      const { accepted, ...byStatus } = c;
      return `  ${name.padEnd(22)} ${String(Object.values(byStatus).reduce((a, b) => a + b, 0)).padStart(5)} bodies  accepted ${String(accepted).padStart(4)}  ${Object.entries(
        byStatus,
      )
        .map(([s, n]) => `${s}:${n}`)
        .join(' ')}`;
    });
    console.log(`fuzzing (${RUNS} generated bodies per route, seed 20260302):\n${rows.join('\n')}`);
  });

  const adminFuzz =
    (name: string, schema: ZodType, principal: Principal): (() => FuzzRoute) =>
    () => {
      const route = routeDefinition(name);
      const { pathParameters, body } = adminRoute(name).call(admin, CLINIC);
      return {
        name,
        schema,
        valid: body as Record<string, unknown>,
        invoke: viaEvent(adminRoute(name).factory(admin.deps, logger), {
          method: route.method,
          resource: route.path,
          pathParameters: pathParameters ?? null,
          principal,
        }),
        fingerprint: () => String(admin.writes().length),
      };
    };

  it.each([
    ['put-clinic', putClinicSchema, principals.platform],
    ['create-key', createKeySchema, principals.admin],
    ['put-clinician', putClinicianSchema, principals.admin],
    ['put-service', putServiceSchema, principals.admin],
    ['create-override', createOverrideSchema, principals.admin],
  ] as const)(
    '%s: 2,000 hostile bodies get only 2xx or a documented 4xx, and a rejected one stores nothing',
    async (name, schema, principal) => {
      await fuzz(adminFuzz(name, schema as ZodType, principal as Principal)());
    },
  );

  it('submit-request: 2,000 hostile bodies get only 202 or a documented 4xx; a rejected one creates, pages and schedules nothing', async () => {
    let n = 0;
    const handler = submit(h.deps, logger);
    await fuzz({
      name: 'submit-request',
      schema: submitRequestSchema,
      valid: requestBody(),
      invoke: (raw) =>
        viaEvent(handler, {
          method: 'POST',
          resource: '/v1/clinics/{clinicId}/requests',
          pathParameters: { clinicId: CLINIC_ID },
          headers: { 'Idempotency-Key': `fuzz-key-${++n}` },
          principal: intake,
        })(raw),
      fingerprint: () => requestFingerprint(h),
    });
  });

  const action =
    (
      name: string,
      factory: (d: Harness['deps'], l: typeof logger) => HttpHandler,
      principal: Principal,
      id: () => string,
      body: { schema: ZodType; valid: Record<string, unknown>; optional: boolean } = {
        schema: requestActionSchema,
        valid: { note: 'Called back, safety plan agreed' },
        optional: true,
      },
    ) =>
    () =>
      fuzz({
        name,
        schema: body.schema,
        optionalBody: body.optional,
        valid: body.valid,
        invoke: (raw) =>
          viaEvent(factory(h.deps, logger), {
            method: 'POST',
            resource: `/v1/clinics/{clinicId}/requests/{requestId}/${name.replace('-request', '')}`,
            pathParameters: { clinicId: CLINIC_ID, requestId: id() },
            principal,
          })(raw),
        fingerprint: () => requestFingerprint(h),
      });

  it(
    'acknowledge-request: 2,000 hostile bodies, never a 5xx, a rejected one changes nothing',
    action('acknowledge-request', acknowledge, asClinician('ana'), () => requestId),
  );
  it(
    'decline-request: 2,000 hostile bodies, never a 5xx, a rejected one changes nothing',
    action('decline-request', decline, asClinician('ana'), () => declineId),
  );
  it(
    'resolve-request: 2,000 hostile bodies, never a 5xx, a rejected one changes nothing',
    action('resolve-request', resolve, asClinician('ana'), () => ackedId, {
      schema: resolveRequestSchema,
      valid: { outcome: 'safe_plan', note: 'Called back, safety plan agreed' },
      optional: true,
    }),
  );
  it(
    'contacted-request: 2,000 hostile bodies, never a 5xx, a rejected one changes nothing',
    action('contacted-request', contacted, asClinician('ana'), () => ackedId),
  );
  it(
    'handback-request: 2,000 hostile bodies, never a 5xx, a rejected one changes nothing',
    action('handback-request', handback, asClinician('ana'), () => ackedId, {
      schema: handbackRequestSchema,
      valid: { reason: 'Called into a session' },
      optional: false,
    }),
  );
  it(
    'cancel-request: 2,000 hostile bodies, never a 5xx, a rejected one changes nothing',
    action('cancel-request', cancel, intake, () => cancelId),
  );

  it('local sms-inbound: 2,000 hostile bodies, never a 5xx, a rejected one acknowledges and sends nothing', async () => {
    const box = new OutboxPager(undefined, h.now);
    const noRotaCheck = () => Promise.reject(new Error('not in this test'));
    const handler = localOnlyHandlers(h.deps, box, logger, noRotaCheck)['local-sms-inbound'] as HttpHandler;
    await fuzz({
      name: 'local sms-inbound',
      schema: smsInboundSchema,
      valid: { from: PHONES.ana, body: '1234' },
      invoke: viaEvent(handler, {
        method: 'POST',
        resource: '/local/sms-inbound',
        pathParameters: null,
        principal: null,
      }),
      fingerprint: () => requestFingerprint(h, String(box.list().length)),
    });
  });

  it('get-oncall and get-shifts: 2,000 hostile query strings each, only 200 or a documented 4xx', async () => {
    const query = fc.dictionary(
      fc.oneof(
        fc.constantFrom('at', 'from', 'to', '__proto__', 'constructor'),
        hostileString.filter((s) => s.length < 100),
      ),
      fc.oneof(
        hostileString,
        fc.constantFrom(
          '2026-03-04T14:00:00Z',
          '2026-03-04T14:00:00+25:00',
          '2026-02-30T00:00:00Z',
          '9999-12-31T23:59:59Z',
          '-271821-04-20T00:00:00Z',
          '1e21',
        ),
      ),
      { maxKeys: 4 },
    );
    for (const [name, factory, schema, resource] of [
      ['get-oncall', getOncall, onCallQuerySchema, '/v1/clinics/{clinicId}/services/{serviceId}/oncall'],
      ['get-shifts', getShifts, shiftsQuerySchema, '/v1/clinics/{clinicId}/services/{serviceId}/shifts'],
    ] as const) {
      const handler = factory(admin.deps, logger);
      const counts: Record<string, number> = {};
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const proto = prototypeFingerprint();
          const result = await handler(
            apiEvent({
              method: 'GET',
              resource,
              pathParameters: { clinicId: CLINIC, serviceId: 'general' },
              query: q,
              principal: principals.intake,
            }),
            lambdaContext(name),
          );
          counts[result.statusCode] = (counts[result.statusCode] ?? 0) + 1;
          if (result.statusCode >= 500)
            throw new Error(`${name} answered ${result.statusCode} to ${JSON.stringify(q).slice(0, 300)}`);
          expect(prototypeFingerprint()).toBe(proto);
          if (!safeParse(schema as ZodType, q).success) expect(result.statusCode).toBe(400);
          if (result.statusCode >= 400)
            expectErrorShape(result.statusCode, result.headers?.['content-type'], result.body);
          else accepted++;
        }),
        { numRuns: RUNS, seed: 20_260_302, endOnFailure: true },
      );
      stats[`${name} (query)`] = { ...counts, accepted };
    }
  });

  it('list-requests: 2,000 hostile query strings, only 200 or a documented 4xx', async () => {
    const handler = listRequests(h.deps, logger);
    const query = fc.dictionary(
      fc.oneof(
        fc.constantFrom('status', 'serviceId', 'from', 'to', 'limit', 'cursor', 'reference', '__proto__'),
        hostileString.filter((s) => s.length < 100),
      ),
      fc.oneof(
        hostileString,
        fc.constantFrom(
          'open',
          'closed',
          'all',
          '0',
          '25',
          '100',
          '101',
          'R7KQ',
          'r7kq',
          '2026-03-02T12:00:00Z',
        ),
        fc.constantFrom('1969-12-31T23:59:59Z', '9999-12-31T23:59:59Z', 'eyJjIjoibm9ydGhzaWRlIiwicCI6IngifQ'),
      ),
      { maxKeys: 4 },
    );
    const counts: Record<string, number> = {};
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const proto = prototypeFingerprint();
        const result = await handler(
          apiEvent({
            method: 'GET',
            resource: '/v1/clinics/{clinicId}/requests',
            pathParameters: { clinicId: CLINIC_ID },
            query: q,
            principal: intake,
          }),
          lambdaContext('list-requests'),
        );
        counts[result.statusCode] = (counts[result.statusCode] ?? 0) + 1;
        if (result.statusCode >= 500)
          throw new Error(
            `list-requests answered ${result.statusCode} to ${JSON.stringify(q).slice(0, 300)}`,
          );
        expect(prototypeFingerprint()).toBe(proto);
        if (!listRequestsQuerySchema.safeParse(q).success) expect(result.statusCode).toBe(400);
        if (result.statusCode >= 400)
          expectErrorShape(result.statusCode, result.headers?.['content-type'], result.body);
        else accepted++;
      }),
      { numRuns: RUNS, seed: 20_260_302, endOnFailure: true },
    );
    stats['list-requests (query)'] = { ...counts, accepted };
  });

  it('POST /ack/{token}: 2,000 hostile tokens, form bodies and content types get an HTML page, never a 5xx, and change nothing unless the token and action are valid', async () => {
    const handler = ackPageSubmit(h.deps, logger);
    const store = h.requests as FakeRequestStore;
    const counts: Record<string, number> = {};
    // A path segment reaches the function UTF-8 decoded: never with a lone surrogate in it.
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
    const wellFormed = (text: string) => text.replace(loneSurrogate, '\ufffd');
    const form = fc.oneof(
      fc.constantFrom(
        'action=acknowledge',
        'action=decline',
        'action=',
        'action=ACKNOWLEDGE',
        'action=acknowledge&action=decline',
        'action[]=acknowledge',
        '__proto__[action]=acknowledge',
        '',
      ),
      hostileString.map((s) => `action=${encodeURIComponent(wellFormed(s))}`),
      hostileString,
    );
    const token = fc.oneof(
      hostileString.filter((s) => s.length < 5000).map(wellFormed),
      fc.string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        minLength: 20,
        maxLength: 70,
      }),
    );
    const contentType = fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      null,
    );
    await fc.assert(
      fc.asyncProperty(token, form, contentType, async (t, f, ct) => {
        const before = requestFingerprint(h);
        const result = await handler(
          apiEvent({
            method: 'POST',
            resource: '/ack/{token}',
            pathParameters: { token: t },
            body: f,
            contentType: ct,
          }),
          lambdaContext('ack-page-submit'),
        );
        counts[result.statusCode] = (counts[result.statusCode] ?? 0) + 1;
        if (result.statusCode >= 500) throw new Error(`ack-page-submit answered ${result.statusCode}`);
        expect(String(result.headers?.['content-type'])).toMatch(/^text\/html/);
        expect(result.body).not.toMatch(/\n\s+at |node_modules/);
        // Nothing of this fuzz holds a real token: no request may change, no token be spent.
        expect(requestFingerprint(h)).toBe(before);
        expect([...store.tokens.values()].some((r) => r.tokenHash === t)).toBe(false);
      }),
      { numRuns: RUNS, seed: 20_260_302, endOnFailure: true },
    );
    stats['ack-page-submit (form)'] = { ...counts, accepted: 0 };
  });
});

describe(`header abuse over HTTP on the local stack (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  let clinic: TestClinic;
  const path = () => `/v1/clinics/${clinic.clinicId}/requests`;
  const url = () => `${h.stack.url}${path()}`;
  const pages = async () => (await outbox(h.call)).filter((m) => m.ackUrl).length;
  const requests = async () => (await h.scanKind('request')).length;

  beforeAll(async () => {
    h = await startStack();
    clinic = await createClinic(h.call, 'headers', 30);
  });
  afterAll(async () => h?.close());

  async function expectRejected(
    reply: { status: number; headers?: unknown; contentType?: string | null; text?: string; body: unknown },
    status: number,
    code: string,
  ) {
    expect(reply.status).toBe(status);
    expect((reply.body as { error: { code: string } }).error.code).toBe(code);
  }

  it('rejects a submit with no Idempotency-Key (400 at path Idempotency-Key) and stores and pages nothing', async () => {
    const [p, r] = [await pages(), await requests()];
    const reply = await h.call('POST', path(), { key: clinic.intake, body: submitBody() });
    await expectRejected(reply, 400, 'validation_failed');
    expect(reply.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    expect([await pages(), await requests()]).toEqual([p, r]);
  });

  it('rejects Idempotency-Key sent twice, with different or equal values (400), and stores and pages nothing', async () => {
    const [p, r] = [await pages(), await requests()];
    for (const values of [
      ['dup-key-aaaaaaaa', 'dup-key-bbbbbbbb'],
      ['dup-key-same-1234', 'dup-key-same-1234'],
    ]) {
      const reply = await rawRequest(url(), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${clinic.intake}`,
          'content-type': 'application/json',
          'Idempotency-Key': values,
        },
        body: JSON.stringify(submitBody()),
      });
      expect(reply.status).toBe(400);
      expectErrorShape(reply.status, reply.headers['content-type'], reply.body);
      expect(JSON.parse(reply.body).error.details).toEqual([
        { path: 'Idempotency-Key', message: expect.stringMatching(/once/) },
      ]);
    }
    expect([await pages(), await requests()]).toEqual([p, r]);
  });

  it.each([
    ['too short', 'short'],
    ['too long', 'k'.repeat(129)],
    ['with spaces', 'has spaces in it'],
    ['with unicode', 'clé-idempotence-ü'],
    ['with a slash and a hash', 'a/b#c?d=12345678'],
    ['empty', ''],
  ])('rejects an Idempotency-Key %s (400) and stores nothing', async (_label, value) => {
    const [p, r] = [await pages(), await requests()];
    const reply = await rawRequest(url(), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clinic.intake}`,
        'content-type': 'application/json',
        'Idempotency-Key': value,
      },
      body: JSON.stringify(submitBody()),
    });
    expect(reply.status).toBe(400);
    expectErrorShape(reply.status, reply.headers['content-type'], reply.body);
    expect([await pages(), await requests()]).toEqual([p, r]);
  });

  it('answers the same Idempotency-Key with the same body by the same request (no second page), and with another body by 409', async () => {
    const key = 'same-key-0123456789';
    const first = expectStatus(await submitOverHttp(h.call, clinic, {}, key), 202);
    const p = await pages();
    const again = expectStatus(await submitOverHttp(h.call, clinic, {}, key), 202);
    expect(again.body.requestId).toBe(first.body.requestId);
    const other = await submitOverHttp(h.call, clinic, { summary: 'A different caller' }, key);
    await expectRejected(other, 409, 'conflict');
    expect(await pages()).toBe(p);
  });

  it.each([
    ['text/plain', 415, 'unsupported_media_type'],
    ['application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
    ['multipart/form-data; boundary=x', 415, 'unsupported_media_type'],
    ['application/jsonp', 415, 'unsupported_media_type'],
    ['application/json-patch+json', 415, 'unsupported_media_type'],
    ['text/json', 415, 'unsupported_media_type'],
    ['application/json; charset=utf-8', 202, ''],
    ['APPLICATION/JSON', 202, ''],
  ])('answers Content-Type %s with %i', async (contentType, status, code) => {
    const [p, r] = [await pages(), await requests()];
    const reply = await rawRequest(url(), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clinic.intake}`,
        'content-type': contentType,
        'Idempotency-Key': `ct-${Buffer.from(contentType).toString('hex').slice(0, 40)}`,
      },
      body: JSON.stringify(submitBody()),
    });
    expect(reply.status).toBe(status);
    if (status >= 400) {
      expectErrorShape(reply.status, reply.headers['content-type'], reply.body);
      expect(JSON.parse(reply.body).error.code).toBe(code);
      expect([await pages(), await requests()]).toEqual([p, r]);
    }
  });

  it('answers a submit with no Content-Type at all with 415, and an action route with a body of the wrong type with 415', async () => {
    const reply = await rawRequest(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${clinic.intake}`, 'Idempotency-Key': 'no-content-type-1' },
      body: JSON.stringify(submitBody()),
    });
    expect(reply.status).toBe(415);
    const created = expectStatus(await submitOverHttp(h.call, clinic), 202);
    const cancelReply = await rawRequest(`${url()}/${created.body.requestId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clinic.intake}`, 'content-type': 'text/plain' },
      body: 'note=hello',
    });
    expect(cancelReply.status).toBe(415);
    const still = expectStatus(
      await h.call('GET', `${path()}/${created.body.requestId}`, { key: clinic.intake }),
      200,
    );
    expect(still.body.status).toBe('paging');
  });

  it('answers an oversized body with 413 before reading it as JSON: just over 64 KB (handler), 2 MB (server), and stores nothing', async () => {
    const [p, r] = [await pages(), await requests()];
    const justOver = JSON.stringify(submitBody({ summary: 'x'.repeat(MAX_BODY_BYTES) }));
    for (const payload of [justOver, 'y'.repeat(2 * 1024 * 1024), `{"summary":"${'é'.repeat(40_000)}"}`]) {
      const reply = await rawRequest(url(), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${clinic.intake}`,
          'content-type': 'application/json',
          'Idempotency-Key': 'oversized-0001',
        },
        body: payload,
      });
      expect(reply.status).toBe(413);
      expectErrorShape(reply.status, reply.headers['content-type'], reply.body);
    }
    expect([await pages(), await requests()]).toEqual([p, r]);
  });
});

describe('valid but unusual input', () => {
  // Defect D7 (fixed): fallback contacts are told apart by name (whoKey "f:<name>"), and the clinic schema
  // accepted two contacts with one name, the second silently dropped from every fallback page. The API now
  // refuses such a clinic (400 naming the contact); paging every contact would pass this test too.
  it('pages every fallback contact, also when two share a name (or refuses such a clinic)', async () => {
    const fallback = [
      { name: 'Duty manager', phone: PHONES.duty },
      { name: 'Duty manager', phone: PHONES.lead },
    ];
    if (!putClinicSchema.safeParse({ name: 'Northside', timezone: 'Europe/London', fallback }).success)
      return;
    const h = harness();
    await seedClinic(h.clinics);
    await h.clinics.putClinic(clinic({ fallback }));
    // "night" has nobody on call and no fallback service: straight to the clinic's fallback contacts.
    await submitRequest(h.deps, intake, CLINIC_ID, 'same-name-fallback', requestBody({ serviceId: 'night' }));
    expect(h.pager.sent.map((p) => p.to).sort()).toEqual([PHONES.duty, PHONES.lead].sort());
  });
});
