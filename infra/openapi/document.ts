// The OpenAPI 3.1 document of the HTTP API, built from the route table (functions/routes.ts) and each
// route's documentation (./routes): every route appears, with the request schemas its handler validates
// with (shared/schemas, functions/http/params.ts) and the response schemas of ./views.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { routes as routeTable, type RouteDefinition } from '../../functions/routes.js';
import { describeAccess, describeParameters, errorsOf, sortDocument } from './document-parts.js';
import { named } from './request-schemas.js';
import { ROUTE_DOCS } from './routes/index.js';
import { isJson, TAGS, type RouteDoc } from './route-doc.js';
import { ERROR_RESPONSES, errorBodySchema } from './views/errors.js';

export const BEARER = 'bearerKey';

const TEXT_TYPES = { html: 'text/html', calendar: 'text/calendar', text: 'text/plain' } as const;

const API_DESCRIPTION = `On-call paging for mental-health clinics: a hotline submits an urgent request, the clinician on call is paged, and the request escalates until someone accepts. This document is generated from the code (\`npm run openapi\`); the rules behind each answer are in docs/api.md.

- **Base URL**: a deployed stage's \`ApiUrl\` output (it ends in the stage, \`/prod/\`), or \`http://localhost:3000\` on the local stack. This document is served at \`<base>/openapi.json\`, and rendered at \`<base>/api\`.
- **JSON**: request bodies are \`application/json\` (anything else is 415), at most 64 KB (413). Unknown fields are refused (400, naming the field). Answers are JSON with \`cache-control: no-store\`, except the link pages (HTML).
- **Times**: instants you send are ISO 8601 with an offset or \`Z\`; instants the API sends are UTC with milliseconds.
- **Keys**: every \`/v1\` call carries \`Authorization: Bearer <key>\`. A key has one role (\`platform\`, \`admin\`, \`intake\`, \`clinician\`) and, except platform keys, belongs to one clinic. A key of another clinic gets 404 for anything of this one, whether it exists or not; a key of the right clinic with the wrong role gets 403. Each operation says which roles may call it (also as \`x-roles\`).
- **Errors**: one JSON shape, \`{"error": {"code", "message", "details"?}}\`, from the functions, API Gateway and the local server alike. The local stack answers a wrong method on an existing path with 405 (a deployed stage: 404).`;

export interface BuildOptions {
  routes?: readonly RouteDefinition[];
  docs?: Readonly<Record<string, RouteDoc>>;
  version: string;
}

/** Route names of the table that have no documentation entry. */
export function undocumentedRoutes(
  routes: readonly RouteDefinition[] = routeTable,
  docs: Readonly<Record<string, RouteDoc | undefined>> = ROUTE_DOCS,
): string[] {
  return routes.filter((route) => !docs[route.name]).map((route) => route.name);
}

function responsesOf(route: RouteDefinition, doc: RouteDoc): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, answer] of Object.entries(doc.answers)) {
    const key = status as `${2 | 3 | 4}${string}`;
    if (isJson(answer))
      responses[key] = {
        description: answer.description,
        content: {
          'application/json': { schema: answer.schema, example: answer.example },
          ...(answer.csv && { 'text/csv': { schema: { type: 'string', description: answer.csv } } }),
        },
      };
    else if (answer.kind in TEXT_TYPES)
      responses[key] = {
        description: answer.description,
        content: { [TEXT_TYPES[answer.kind as keyof typeof TEXT_TYPES]]: { schema: { type: 'string' } } },
      };
    else if (answer.kind === 'redirect')
      responses[key] = {
        description: answer.description,
        headers: { Location: { description: 'Where to go next.', schema: { type: 'string' } } },
        content: { 'text/html': { schema: { type: 'string' } } },
      };
    else responses[key] = { description: answer.description };
  }
  for (const [status, when] of errorsOf(route, doc)) {
    if (responses[`${status}`]) continue;
    const component = ERROR_RESPONSES[status];
    const key = status === 500 ? '5XX' : (`${status}` as `4${string}`);
    responses[key] = when
      ? { description: when, content: { 'application/json': { schema: errorBodySchema } } }
      : { $ref: `#/components/responses/${component.name}` };
  }
  return responses;
}

function operationOf(route: RouteDefinition, doc: RouteDoc): ZodOpenApiOperationObject {
  const access = describeAccess(route, doc);
  return {
    operationId: route.name,
    tags: [doc.tag],
    summary: doc.summary,
    description: `${doc.description}\n\n${access.text}`,
    security: route.auth === 'key' ? [{ [BEARER]: [] }] : [],
    'x-roles': access.roles,
    requestParams: {
      ...(doc.params && { path: doc.params }),
      ...(doc.query && { query: doc.query }),
      ...(doc.headers && { header: doc.headers }),
    },
    ...(doc.body && {
      requestBody: {
        required: doc.body.required,
        ...(doc.body.description && { description: doc.body.description }),
        content: {
          'application/json': {
            schema: named(doc.body.schema),
            ...(doc.body.example !== undefined && { example: doc.body.example }),
          },
        },
      },
    }),
    ...(doc.form && {
      requestBody: {
        required: true,
        description: doc.form.description,
        content: {
          'application/x-www-form-urlencoded': { schema: named(doc.form.schema), example: doc.form.example },
        },
      },
    }),
    responses: responsesOf(route, doc),
  };
}

/** The document as a plain object: paths sorted, every route of the table in it. */
export function buildOpenApiDocument(options: BuildOptions): Record<string, unknown> {
  const routes = options.routes ?? routeTable;
  const docs: Readonly<Record<string, RouteDoc>> = options.docs ?? ROUTE_DOCS;
  const missing = undocumentedRoutes(routes, docs);
  if (missing.length)
    throw new Error(`no documentation for route(s) ${missing.join(', ')}: add them to infra/openapi/routes/`);
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of routes) {
    const doc = docs[route.name] as RouteDoc;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, doc);
  }
  const document = createDocument(
    {
      openapi: '3.1.1',
      info: {
        title: 'crisis-router HTTP API',
        version: options.version,
        description: API_DESCRIPTION,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [
        {
          url: '.',
          description:
            'Where this document is served: the stage’s base URL, or http://localhost:3000 locally.',
        },
      ],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      paths,
      components: {
        securitySchemes: {
          [BEARER]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'crk_…',
            description:
              'An API key, `Authorization: Bearer crk_…`: shown once when it is created, only its hash is stored. Its role decides what it may do; a revoked key stops working within 5 minutes on a deployed stage.',
          },
        },
        responses: Object.fromEntries(
          Object.values(ERROR_RESPONSES).map(({ name, description, example }) => [
            name,
            { description, content: { 'application/json': { schema: errorBodySchema, example } } },
          ]),
        ),
      },
    },
    {
      override: ({ jsonSchema }) => {
        // zod writes a regular expression beside `format` for dates and addresses: the format says it.
        if (typeof jsonSchema.format === 'string') delete jsonSchema.pattern;
        // …and the limits of a safe integer on every whole number: no limit of the API's.
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      },
    },
  );
  describeParameters(document as Parameters<typeof describeParameters>[0], routes, docs);
  return sortDocument(document as unknown as Record<string, unknown>);
}
