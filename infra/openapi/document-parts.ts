// Pieces of document.ts: who may call a route, which errors it can give, parameter words, a stable order.
import type { RouteDefinition } from '../../functions/routes.js';
import type { RouteDoc } from './route-doc.js';
import type { ErrorStatus } from './views/errors.js';

/** The words and the `x-roles` list of who may call a route. */
export function describeAccess(route: RouteDefinition, doc: RouteDoc): { text: string; roles: string[] } {
  if ('public' in doc.access) return { text: `**No key.** ${doc.access.public}`, roles: [] };
  if (route.auth !== 'key')
    throw new Error(`${route.name}: roles are documented, but the route takes no key`);
  const roles = [...doc.access.roles];
  const list = roles.map((role) => `\`${role}\``).join(', ');
  return { text: `**Keys:** ${list}.${doc.access.rule ? ` ${doc.access.rule}` : ''}`, roles };
}

/**
 * The JSON errors a route can give, with words of its own where its documentation has them: every key
 * route 401, 403, 404 (tenant isolation), 429 and 500; 400 once it validates anything; 413 and 415 with a
 * JSON body. Public routes: 429 and 500 (their other answers are pages).
 */
export function errorsOf(route: RouteDefinition, doc: RouteDoc): [ErrorStatus, string | undefined][] {
  const statuses = new Set<ErrorStatus>([429, 500]);
  if (route.auth === 'key') {
    for (const status of [401, 403, 404] as const) statuses.add(status);
    if (doc.params || doc.query || doc.headers || doc.body) statuses.add(400);
    if (doc.body) for (const status of [413, 415] as const) statuses.add(status);
  }
  for (const status of Object.keys(doc.errors ?? {})) statuses.add(Number(status) as ErrorStatus);
  for (const status of doc.withoutErrors ?? []) if (!doc.errors?.[status]) statuses.delete(status);
  return [...statuses].sort((a, b) => a - b).map((status) => [status, doc.errors?.[status]]);
}

const PARAMETERS: Record<string, string> = {
  clinicId: 'The clinic.',
  clinicianId: 'The clinician.',
  serviceId: 'The service.',
  requestId: 'The request (`requestId` from its submit).',
  keyId: 'The key (`keyId` from its creation).',
  overrideId: 'The override (`overrideId` from its creation).',
  contactId: 'The contact method.',
  fallbackId: 'The fallback contact (`fallbackId` in the clinic).',
  channel: 'The channel to trust again.',
  'Idempotency-Key':
    'Required, sent once: 8–128 letters, digits, `_`, `.`, `:` or `-` (a UUID works). It identifies the request within the clinic for 24 hours.',
};

interface ParameterObject {
  name: string;
  in: string;
  description?: string;
}

/** Parameter descriptions by name (the route's own words first), where the schema carries none. */
export function describeParameters(
  document: { paths?: Record<string, Record<string, { operationId?: string; parameters?: unknown[] }>> },
  routes: readonly RouteDefinition[],
  docs: Readonly<Record<string, RouteDoc>>,
): void {
  for (const route of routes) {
    const operation = document.paths?.[route.path]?.[route.method.toLowerCase()];
    for (const parameter of (operation?.parameters ?? []) as ParameterObject[]) {
      const words = docs[route.name]?.parameters?.[parameter.name] ?? PARAMETERS[parameter.name];
      if (words && !parameter.description) parameter.description = words;
    }
  }
}

const METHOD_ORDER = ['get', 'put', 'post', 'delete'];
const TOP_ORDER = ['openapi', 'info', 'servers', 'tags', 'paths', 'components'];

const byOrder = (order: string[]) => (a: string, b: string) =>
  (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1) ||
  a.localeCompare(b);

const sortKeys = <T>(object: Record<string, T>, compare?: (a: string, b: string) => number) =>
  Object.fromEntries(
    Object.entries(object).sort(([a], [b]) => (compare ? compare(a, b) : a < b ? -1 : a > b ? 1 : 0)),
  );

/**
 * A stable order whatever order the table lists its routes in: paths sorted, methods as GET, PUT, POST,
 * DELETE, status codes and components sorted. Schemas keep their fields in the order the code names them.
 */
export function sortDocument(document: Record<string, unknown>): Record<string, unknown> {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const components = document.components as Record<string, Record<string, unknown>>;
  return sortKeys(
    {
      ...document,
      paths: sortKeys(
        Object.fromEntries(
          Object.entries(paths).map(([path, item]) => [
            path,
            sortKeys(
              Object.fromEntries(
                Object.entries(item).map(([method, operation]) => [
                  method,
                  { ...operation, responses: sortKeys(operation.responses as Record<string, unknown>) },
                ]),
              ),
              byOrder(METHOD_ORDER),
            ),
          ]),
        ),
      ),
      components: sortKeys(
        Object.fromEntries(Object.entries(components).map(([kind, entries]) => [kind, sortKeys(entries)])),
      ),
    },
    byOrder(TOP_ORDER),
  );
}
