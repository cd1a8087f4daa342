// docs/openapi.json: every route of the table is documented, with the schemas its handler validates with;
// the document is valid OpenAPI 3.1, its examples match their schemas, and the committed file is current.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from '@jest/globals';
import { safeParse } from 'zod/mini';
import * as params from '../../../functions/http/params.js';
import { routes } from '../../../functions/routes.js';
import { DEPLOYED_WEB_SITE, LOCAL_WEB_SITE } from '../../../functions/web/serve.js';
import { buildOpenApiDocument, undocumentedRoutes } from '../../../infra/openapi/document.js';
import { ROUTE_DOCS } from '../../../infra/openapi/routes/index.js';
import { buildWebAssets } from '../../../infra/web/build-web-assets.js';
import { isJson } from '../../../infra/openapi/route-doc.js';
import { apiVersion, OPENAPI_FILE, openApiText } from '../../../infra/openapi/serialize.js';
import * as clinicSchemas from '../../../shared/schemas/clinic.js';
import * as clinicianSchemas from '../../../shared/schemas/clinician.js';
import * as coverSchemas from '../../../shared/schemas/cover.js';
import * as keySchemas from '../../../shared/schemas/key.js';
import * as overrideSchemas from '../../../shared/schemas/override.js';
import * as pageSchemas from '../../../shared/schemas/page-query.js';
import * as queueSchemas from '../../../shared/schemas/request-query.js';
import * as requestSchemas from '../../../shared/schemas/request.js';
import * as rotaSchemas from '../../../shared/schemas/rota-query.js';
import * as serviceSchemas from '../../../shared/schemas/service.js';
import { OpenApiContract } from '../../support/openapi-contract.js';

const docs: Readonly<Record<string, (typeof ROUTE_DOCS)[keyof typeof ROUTE_DOCS] | undefined>> = ROUTE_DOCS;
const document = buildOpenApiDocument({ version: apiVersion() });
const contract = new OpenApiContract(document as never);

/** The names each shared schema is exported under (an alias too), to find it in a handler's source. */
const exportNames = new Map<unknown, string[]>();
for (const module of [
  params,
  clinicSchemas,
  clinicianSchemas,
  coverSchemas,
  keySchemas,
  overrideSchemas,
  pageSchemas,
  queueSchemas,
  requestSchemas,
  rotaSchemas,
  serviceSchemas,
])
  for (const [name, value] of Object.entries(module))
    // A schema that transforms its input (the queue's query) is documented by its input side.
    for (const schema of [value, (value as { in?: unknown }).in])
      if (schema) exportNames.set(schema, [...(exportNames.get(schema) ?? []), name]);
const handlerSource = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../functions/${name}/handler.ts`, import.meta.url)), 'utf8');

describe('route documentation (infra/openapi/routes)', () => {
  it('documents every route of functions/routes.ts', () => {
    // A new route needs its entry: infra/openapi/routes/, then `npm run openapi`.
    expect(undocumentedRoutes()).toEqual([]);
  });

  it('documents no route the table does not have', () => {
    const names = new Set(routes.map((route) => route.name));
    expect(Object.keys(docs).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(routes.map((route) => [route.name, route] as const))(
    '%s: path parameters and access',
    (name, route) => {
      const doc = docs[name];
      if (!doc) return; // reported above
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(Object.keys(doc.params?._zod.def.shape ?? {}).sort()).toEqual(inPath);
      expect('public' in doc.access).toBe(route.auth === 'none');
      if ('roles' in doc.access) expect(doc.access.roles.length).toBeGreaterThan(0);
      expect(Object.keys(doc.answers).length).toBeGreaterThan(0);
    },
  );

  it.each(routes.filter((route) => route.auth === 'key').map((route) => [route.name] as const))(
    '%s: documents the schemas its handler validates with',
    (name) => {
      const doc = docs[name];
      if (!doc) return;
      const source = handlerSource(name);
      for (const schema of [doc.params, doc.query, doc.body?.schema]) {
        if (!schema) continue;
        const names = exportNames.get(schema) ?? ['(a schema not exported by shared/schemas or params.ts)'];
        expect(names.filter((exported) => source.includes(exported))).not.toEqual([]);
      }
    },
  );
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect((api as { openapi?: string }).openapi).toMatch(/^3\.1\./);
  });

  it('the validator refuses a broken document', async () => {
    const broken: Record<string, unknown> = structuredClone(document);
    delete broken.info;
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it('has one operation per route, with who may call it', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { operationId: string; 'x-roles': string[] }>
    >;
    for (const route of routes) {
      const operation = paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId).toBe(route.name);
      const doc = docs[route.name];
      expect(operation?.['x-roles']).toEqual(doc && 'roles' in doc.access ? doc.access.roles : []);
    }
  });

  it('every example matches its schema', () => {
    const problems: string[] = [];
    for (const route of routes) {
      const doc = docs[route.name];
      for (const [status, answer] of Object.entries(doc?.answers ?? {})) {
        if (!isJson(answer)) continue;
        const verdict = contract.check({
          method: route.method,
          path: route.path,
          status: Number(status),
          contentType: 'application/json',
          body: JSON.stringify(answer.example),
        });
        problems.push(...verdict.problems.map((p) => `${route.name} ${status}: ${p}`));
      }
      if (doc?.body?.example !== undefined) {
        const parsed = safeParse(doc.body.schema, doc.body.example);
        if (!parsed.success) problems.push(`${route.name} body example: ${parsed.error.message}`);
      }
    }
    const components = (
      document.components as {
        responses: Record<string, { content: Record<string, { example: unknown; schema: unknown }> }>;
      }
    ).responses;
    for (const [name, response] of Object.entries(components)) {
      const media = response.content['application/json'];
      problems.push(
        ...contract
          .problemsOf(`component ${name}`, media?.schema, media?.example)
          .map((p) => `${name}: ${p}`),
      );
    }
    expect(problems).toEqual([]);
  });

  it('the same whatever order the table lists its routes in', () => {
    const shuffled = [...routes].reverse();
    expect(JSON.stringify(buildOpenApiDocument({ routes: shuffled, version: apiVersion() }))).toBe(
      JSON.stringify(document),
    );
  });

  it('docs/openapi.json is current', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    const current = await openApiText();
    if (committed !== current)
      throw new Error(
        'docs/openapi.json is out of date with the routes and their documentation: run `npm run openapi`',
      );
  });
});

describe('served with the web interface', () => {
  it('at /openapi.json and /api, deployed and locally', () => {
    for (const site of [DEPLOYED_WEB_SITE, LOCAL_WEB_SITE]) {
      expect(site.pages['/openapi.json']?.file).toBe('openapi.json');
      expect(site.pages['/api']?.file).toBe('api.html');
    }
  });

  it('the web assets (the deployed bundle, the local stack) carry the committed document and the page', async () => {
    const assets = await buildWebAssets();
    const served = assets.get('openapi.json');
    expect(served?.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(served?.body ?? '')).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
    expect(assets.get('api.html')?.body).toContain('src="assets/api.js"');
    expect(assets.has('api.js')).toBe(true);
  });
});

describe('the contract check (test/support/openapi-contract.ts)', () => {
  const ok = {
    method: 'GET',
    path: '/health',
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: '{"ok":true}',
  };

  it('passes a documented answer', () => {
    expect(contract.check(ok)).toEqual({ operation: 'GET /health', problems: [] });
  });

  it('fails an undocumented status, a field the schema does not name, a wrong content type', () => {
    expect(contract.check({ ...ok, status: 418 }).problems).toEqual([
      expect.stringContaining('status 418 is not documented for GET /health'),
    ]);
    expect(contract.check({ ...ok, body: '{"ok":true,"version":"1"}' }).problems).toEqual([
      expect.stringContaining('must NOT have additional properties (version)'),
    ]);
    expect(contract.check({ ...ok, contentType: 'text/plain' }).problems).toEqual([
      expect.stringContaining('content type text/plain is not one of application/json'),
    ]);
  });

  it('matches path templates, and holds 404 and 405 to the error shape', () => {
    const request = {
      ...ok,
      path: '/v1/clinics/northside/requests/req_1',
      status: 404,
      body: '{"error":{"code":"not_found","message":"request not found"}}',
    };
    expect(contract.check(request)).toEqual({
      operation: 'GET /v1/clinics/{clinicId}/requests/{requestId}',
      problems: [],
    });
    expect(contract.check({ ...request, path: '/v1/nothing' }).problems).toEqual([]);
    expect(contract.check({ ...request, path: '/v1/nothing', status: 200 }).problems).toHaveLength(1);
    expect(
      contract.check({
        ...request,
        method: 'PATCH',
        status: 405,
        body: '{"error":{"code":"method_not_allowed","message":"no"}}',
      }).problems,
    ).toEqual([]);
    // HEAD answers carry no body.
    expect(contract.check({ ...request, method: 'HEAD', status: 405, body: '' }).problems).toEqual([]);
    expect(
      contract.check({ ...request, body: '{"error":{"code":"teapot","message":"x"}}' }).problems,
    ).toEqual([expect.stringContaining('/error/code: must be equal to one of the allowed values')]);
  });
});
