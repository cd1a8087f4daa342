// What the HTTP edge does with bad input before any use case runs: 400 details that name the field
// (body, path and query), unknown fields, prototype keys, body size, media type and JSON syntax.
import { describe, expect, it } from '@jest/globals';
import { invoke, validCall } from './admin-routes.js';
import { buildWorld, CLINIC, clinicBody, principals, serviceBody, silentLogger } from './fakes.js';
import type { EventSpec } from './events.js';

const logger = silentLogger();

/** Calls the route and returns the 400's details; fails the test if it was not a 400 validation_failed. */
async function detailsOf(route: string, spec: EventSpec) {
  const world = await buildWorld();
  const res = await invoke(route, world.deps, logger, spec);
  expect(res.statusCode).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(world.writes()).toEqual([]);
  return res.body.error.details as Array<{ path: string; message: string }>;
}

const paths = (details: Array<{ path: string }>) => details.map((d) => d.path);

const clinicCall = (body: unknown): EventSpec => ({
  pathParameters: { clinicId: 'c3' },
  body,
  principal: principals.platform,
});
const serviceCall = (body: unknown): EventSpec => ({
  pathParameters: { clinicId: CLINIC, serviceId: 'general' },
  body,
  principal: principals.admin,
});

describe('400 details name the offending field', () => {
  it('timezone that is not an IANA zone', async () => {
    const details = await detailsOf('put-clinic', clinicCall({ ...clinicBody(), timezone: 'Mars/Olympus' }));
    expect(details).toEqual([{ path: 'timezone', message: 'use an IANA time zone such as Europe/London' }]);
  });

  it.each([
    ['a line break', 'North\nside'],
    ['a tab', 'North\tside'],
    ['a right-to-left override', 'Clinic \u202Eedisht\u202C'],
    ['a directional isolate', 'Clinic \u2067x\u2069'],
    ['a NUL', 'North\u0000side'],
  ])('a name with %s is refused, naming the field', async (_what, name) => {
    const details = await detailsOf('put-clinic', clinicCall({ ...clinicBody(), name }));
    expect(details).toEqual([
      {
        path: 'name',
        message:
          'must not contain line breaks, tabs or other control characters, nor text-direction controls',
      },
    ]);
  });

  it('a fallback contact name with a control character is refused at its own path', async () => {
    const body = { ...clinicBody(), fallback: [{ name: 'Duty\u0007', phone: '+447700900201' }] };
    const details = await detailsOf('put-clinic', clinicCall(body));
    expect(paths(details)).toEqual(['fallback.0.name']);
  });

  it('names are stored NFC and zones in their canonical IANA spelling', async () => {
    const world = await buildWorld();
    const decomposed = 'Ło\u0301dz\u0301 Clinic'; // ó and ź typed as letter + combining accent
    for (const [timezone, canonical] of [
      ['europe/london', 'Europe/London'],
      ['US/Eastern', 'America/New_York'],
      ['Asia/Calcutta', 'Asia/Kolkata'],
      ['Europe/Kiev', 'Europe/Kyiv'],
      ['Etc/UTC', 'UTC'],
    ]) {
      const res = await invoke(
        'put-clinic',
        world.deps,
        logger,
        clinicCall({ ...clinicBody(), name: decomposed, timezone }),
      );
      expect(res.statusCode).toBeLessThan(300);
      const stored = await world.clinics.getClinic('c3');
      expect(stored?.timezone).toBe(canonical);
      expect(stored?.name).toBe('Łódź Clinic');
      expect(stored?.name).toBe(decomposed.normalize('NFC'));
    }
  });

  it('fallback.0.phone that is not E.164', async () => {
    const body = { ...clinicBody(), fallback: [{ name: 'Duty', phone: '07700 900201' }] };
    expect(paths(await detailsOf('put-clinic', clinicCall(body)))).toEqual(['fallback.0.phone']);
  });

  it('fallback that is empty (a request must never go silent)', async () => {
    expect(paths(await detailsOf('put-clinic', clinicCall({ ...clinicBody(), fallback: [] })))).toEqual([
      'fallback',
    ]);
  });

  it('fallbackRepeatSeconds outside 10..3600', async () => {
    for (const value of [9, 3601, 30.5])
      expect(
        paths(await detailsOf('put-clinic', clinicCall({ ...clinicBody(), fallbackRepeatSeconds: value }))),
      ).toEqual(['fallbackRepeatSeconds']);
  });

  it('rotation.handoff.at that is not a 24-hour time', async () => {
    const body = serviceBody();
    const details = await detailsOf(
      'put-service',
      serviceCall({ ...body, rotation: { ...body.rotation, handoff: { every: 'day', at: '24:00' } } }),
    );
    expect(paths(details)).toEqual(['rotation.handoff.at']);
  });

  it('escalation.levels.0.ackTimeoutSeconds outside 10..3600', async () => {
    const body = { ...serviceBody(), escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 5 }] } };
    expect(paths(await detailsOf('put-service', serviceCall(body)))).toEqual([
      'escalation.levels.0.ackTimeoutSeconds',
    ]);
  });

  it('several bad fields at once, each reported', async () => {
    const body = {
      name: '',
      rotation: { participants: ['alice'], start: '2026-02-30', handoff: { every: 'fortnight', at: '8am' } },
      escalation: { levels: [{ notify: 'boss', ackTimeoutSeconds: 60 }], repeat: 9 },
    };
    expect(paths(await detailsOf('put-service', serviceCall(body))).sort()).toEqual(
      [
        'name',
        'rotation.start',
        'rotation.handoff.every',
        'rotation.handoff.at',
        'escalation.levels.0.notify',
        'escalation.repeat',
      ].sort(),
    );
  });

  it('a participant who is not a clinician of the clinic (checked by the use case)', async () => {
    const body = serviceBody();
    const details = await detailsOf(
      'put-service',
      serviceCall({ ...body, rotation: { ...body.rotation, participants: ['alice', 'zed'] } }),
    );
    expect(details).toEqual([
      { path: 'rotation.participants.1', message: 'no such clinician in this clinic' },
    ]);
  });

  it('clinician phone and email', async () => {
    const details = await detailsOf('put-clinician', {
      pathParameters: { clinicId: CLINIC, clinicianId: 'carol' },
      body: { name: 'Carol', phone: '+0', email: 'not-an-email' },
      principal: principals.admin,
    });
    expect(paths(details).sort()).toEqual(['email', 'phone']);
  });

  it('override end before start', async () => {
    const details = await detailsOf('create-override', {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      body: { clinicianId: 'alice', start: '2026-03-06T20:00:00Z', end: '2026-03-06T08:00:00Z' },
      principal: principals.admin,
    });
    expect(details).toEqual([{ path: 'end', message: 'must be after start' }]);
  });

  it('a clinician key without clinicianId', async () => {
    const details = await detailsOf('create-key', {
      pathParameters: { clinicId: CLINIC },
      body: { role: 'clinician', label: 'phone' },
      principal: principals.admin,
    });
    expect(paths(details)).toEqual(['clinicianId']);
  });

  it('path parameter clinicId that is not an id', async () => {
    const details = await detailsOf('get-clinic', {
      pathParameters: { clinicId: 'no spaces!' },
      principal: principals.admin,
    });
    expect(paths(details)).toEqual(['clinicId']);
  });

  it('path parameter serviceId that is missing', async () => {
    const details = await detailsOf('get-oncall', {
      pathParameters: { clinicId: CLINIC },
      principal: principals.admin,
    });
    expect(paths(details)).toEqual(['serviceId']);
  });

  it('query `at` that is not an ISO instant with offset', async () => {
    for (const at of ['yesterday', '2026-03-04T14:00:00', '2026-03-04'])
      expect(
        paths(
          await detailsOf('get-oncall', {
            pathParameters: { clinicId: CLINIC, serviceId: 'general' },
            query: { at },
            principal: principals.admin,
          }),
        ),
      ).toEqual(['at']);
  });

  it('shifts window with `to` not after `from`', async () => {
    const details = await detailsOf('get-shifts', {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      query: { from: '2026-03-05T00:00:00Z', to: '2026-03-04T00:00:00Z' },
      principal: principals.admin,
    });
    expect(details).toEqual([{ path: 'to', message: 'must be after from' }]);
  });
});

describe('unknown fields are rejected', () => {
  it('at the top of the body, naming the key', async () => {
    const details = await detailsOf('put-clinic', clinicCall({ ...clinicBody(), colour: 'red' }));
    expect(details).toHaveLength(1);
    expect(details[0]?.message).toContain('colour');
  });

  it('inside nested objects, at the path of the unknown field', async () => {
    const body = serviceBody();
    const nested = {
      ...body,
      rotation: { ...body.rotation, handoff: { ...body.rotation.handoff, timezone: 'UTC' } },
    };
    const details = await detailsOf('put-service', serviceCall(nested));
    expect(details).toEqual([
      { path: 'rotation.handoff.timezone', message: expect.stringContaining('timezone') },
    ]);
  });

  it('in the query string', async () => {
    const details = await detailsOf('get-oncall', {
      pathParameters: { clinicId: CLINIC, serviceId: 'general' },
      query: { at: '2026-03-04T14:00:00Z', debug: '1' },
      principal: principals.admin,
    });
    expect(details[0]?.message).toContain('debug');
  });
});

describe('prototype keys', () => {
  const withProto = (json: string, where: string) =>
    json.replace(where, `${where}"__proto__":{"admin":true},`);

  it('a top-level __proto__ key is a 400, not a 500, and nothing is stored', async () => {
    const raw = withProto(JSON.stringify(clinicBody()), '{');
    expect(JSON.parse(raw)).toHaveProperty('__proto__');
    const details = await detailsOf('put-clinic', clinicCall(raw));
    expect(details[0]?.message).toContain('__proto__');
  });

  it('a nested __proto__ key (rotation.handoff) is a 400 at its own path', async () => {
    const raw = withProto(JSON.stringify(serviceBody()), '"handoff":{');
    const details = await detailsOf('put-service', serviceCall(raw));
    expect(paths(details)).toEqual(['rotation.handoff.__proto__']);
  });

  it('constructor.prototype in the body pollutes nothing', async () => {
    const raw = JSON.stringify({ ...clinicBody(), constructor: { prototype: { polluted: true } } });
    await detailsOf('put-clinic', clinicCall(raw));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('body size, media type and syntax', () => {
  const putClinic = (spec: Partial<EventSpec>) => ({ ...clinicCall(clinicBody()), ...spec });

  it('a 65 KiB body is 413 payload_too_large and nothing is stored', async () => {
    const world = await buildWorld();
    const big = JSON.stringify({ ...clinicBody(), name: 'x'.repeat(65 * 1024) });
    const res = await invoke('put-clinic', world.deps, logger, putClinic({ body: big }));
    expect(res.statusCode).toBe(413);
    expect(res.body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    expect(world.writes()).toEqual([]);
  });

  it('the limit is 64 KiB of bytes: exactly 65536 bytes passes the size check, 65537 does not', async () => {
    const world = await buildWorld();
    const padded = (bytes: number) => {
      const base = JSON.stringify({ ...clinicBody(), name: '' });
      return base.replace('"name":""', `"name":"${'x'.repeat(bytes - base.length)}"`);
    };
    expect(Buffer.byteLength(padded(65536))).toBe(65536);
    const atLimit = await invoke('put-clinic', world.deps, logger, putClinic({ body: padded(65536) }));
    expect(atLimit.statusCode).toBe(400); // too long a name, but read and validated
    const over = await invoke('put-clinic', world.deps, logger, putClinic({ body: padded(65537) }));
    expect(over.statusCode).toBe(413);
  });

  it('multi-byte characters count as bytes: 33,000 "é" (66,000 bytes) is 413', async () => {
    const world = await buildWorld();
    const body = JSON.stringify({ ...clinicBody(), name: 'é'.repeat(33_000) });
    expect(body.length).toBeLessThan(65536);
    const res = await invoke('put-clinic', world.deps, logger, putClinic({ body }));
    expect(res.statusCode).toBe(413);
  });

  it('a base64-encoded body over 64 KiB decoded is 413', async () => {
    const world = await buildWorld();
    const body = Buffer.from(JSON.stringify({ ...clinicBody(), name: 'x'.repeat(65 * 1024) })).toString(
      'base64',
    );
    const res = await invoke('put-clinic', world.deps, logger, putClinic({ body, isBase64Encoded: true }));
    expect(res.statusCode).toBe(413);
  });

  it('a small base64-encoded JSON body is decoded and accepted', async () => {
    const world = await buildWorld();
    const body = Buffer.from(JSON.stringify(clinicBody())).toString('base64');
    const res = await invoke('put-clinic', world.deps, logger, putClinic({ body, isBase64Encoded: true }));
    expect(res.statusCode).toBe(200);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a missing Content-Type', null],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['application/jsonp', 'application/jsonp'],
  ])('%s is 415 unsupported_media_type and nothing is stored', async (_label, contentType) => {
    const world = await buildWorld();
    const res = await invoke('put-clinic', world.deps, logger, putClinic({ contentType }));
    expect(res.statusCode).toBe(415);
    expect(res.body).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String) } });
    expect(world.writes()).toEqual([]);
  });

  it.each([
    ['application/json; charset=utf-8', 'content-type'],
    ['Application/JSON', 'CONTENT-TYPE'],
  ])('%s (header %s) is accepted', async (contentType, name) => {
    const world = await buildWorld();
    const res = await invoke(
      'put-clinic',
      world.deps,
      logger,
      putClinic({ contentType: null, headers: { [name]: contentType } }),
    );
    expect(res.statusCode).toBe(200);
  });

  it.each([['{"name": "C",'], ['not json'], ["{'name':'C'}"], ['']])(
    'malformed JSON %p is 400 validation_failed',
    async (body) => {
      const details = await detailsOf('put-clinic', clinicCall(body));
      expect(details).toEqual([{ path: '', message: 'the body is not valid JSON' }]);
    },
  );

  it('a JSON body that is not an object is 400', async () => {
    for (const body of ['null', '[]', '"clinic"', '42'])
      expect(paths(await detailsOf('put-clinic', clinicCall(body)))).toEqual(['']);
  });
});

describe('the happy path of the same calls', () => {
  it('each body used above is accepted when it is valid (the 400s are caused by the change)', async () => {
    for (const [route, spec] of [
      ['put-clinic', clinicCall(clinicBody())],
      ['put-service', serviceCall(serviceBody())],
    ] as const) {
      const world = await buildWorld();
      const res = await invoke(route, world.deps, logger, spec);
      expect(res.statusCode).toBe(200);
    }
    const world = await buildWorld();
    const res = await invoke('get-oncall', world.deps, logger, {
      ...validCall(world, 'get-oncall'),
      principal: principals.admin,
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('messages in words a clinic admin understands, never the library default', () => {
  it('a missing field is "required", a wrong type says what it must be, a wrong choice lists the choices', async () => {
    const { name: _name, ...noName } = clinicBody();
    expect(await detailsOf('put-clinic', clinicCall(noName))).toEqual([
      { path: 'name', message: 'is required' },
    ]);
    const details = await detailsOf(
      'put-service',
      serviceCall({
        ...serviceBody(),
        name: 42,
        rotation: { ...serviceBody().rotation, handoff: { every: 'month', at: '08:00' } },
      }),
    );
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'must be text' },
        { path: 'rotation.handoff.every', message: 'must be one of "day", "week"' },
      ]),
    );
    for (const d of details) expect(d.message).not.toMatch(/Invalid input|received|expected/);
  });
});

describe('limits in plain words', () => {
  it('says "must be at least" and "at most" for numbers, characters and list items, never the library’s words', async () => {
    const { plainError } = await import('../../../shared/schemas/plain-errors.js');
    const z = await import('zod');
    const schema = z.object({
      ack: z.number().min(10),
      repeat: z.number().max(5),
      label: z.string().min(3),
      levels: z.array(z.number()).min(1),
      tags: z.array(z.string()).max(2),
    });
    const result = schema.safeParse(
      { ack: 1, repeat: 9, label: 'x', levels: [], tags: ['a', 'b', 'c'] },
      { error: plainError },
    );
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
    );
    expect(messages).toEqual({
      ack: 'must be at least 10',
      repeat: 'must be at most 5',
      label: 'must be at least 3 characters',
      levels: 'must have at least 1 item',
      tags: 'must have at most 2 items',
    });
  });
});
