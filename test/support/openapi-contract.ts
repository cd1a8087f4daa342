// Holds real answers to docs/openapi.json: the status must be documented for the operation, the content
// type one it lists, and a JSON body must match its schema (no field the document does not name).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { HttpMethod } from '../../functions/routes.js';
import { matchRoute } from '../../infra/local/match-route.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

export interface Observed {
  method: string;
  /** The URL's path (no query), as the client sent it. */
  path: string;
  status: number;
  contentType: string | null;
  body: string;
}

export interface Verdict {
  /** `GET /v1/clinics/{clinicId}`, or null when no documented path matched. */
  operation: string | null;
  problems: string[];
}

interface MediaType {
  schema?: unknown;
}
interface Response {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, Response>;
}
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, Response> };
};

const SCHEMA_REF = '#/components/schemas/';

type FormatsPlugin = typeof formatsModule.default;
// A CommonJS module: its function is the default export itself under tsx, its `.default` under ts-jest.
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);

/** The document's schemas as JSON Schema 2020-12 `$defs`, so any one of them compiles on its own. */
function asDefs(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(`"${SCHEMA_REF}`, '"#/$defs/'));
}

const baseType = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly defs: unknown;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly operations: { method: HttpMethod; path: string }[];

  constructor(readonly document: OpenApi) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    // OpenAPI's own annotation, beside JSON Schema's.
    this.ajv.addVocabulary(['example']);
    addFormats(this.ajv);
    this.defs = asDefs(document.components.schemas);
    this.operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({ method: method.toUpperCase() as HttpMethod, path })),
    );
  }

  static fromFile(file = OPENAPI_PATH): OpenApiContract {
    return new OpenApiContract(JSON.parse(readFileSync(file, 'utf8')) as OpenApi);
  }

  /** The validator of a schema of the document (a response's, an example's), compiled once. */
  validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...(asDefs(schema) as object), $defs: this.defs });
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Problems of `value` against a schema, in one line each (`/path: message`). */
  problemsOf(key: string, schema: unknown, value: unknown): string[] {
    const validate = this.validator(key, schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
  }

  private resolve(response: Response): Response {
    if (!response.$ref) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    const found = this.document.components.responses[name];
    if (!found) throw new Error(`no response component ${name}`);
    return found;
  }

  /** The documented operation for a request, or why there is none. */
  match(method: string, path: string) {
    return matchRoute(this.operations, method.toUpperCase(), path);
  }

  check(observed: Observed): Verdict {
    const match = this.match(observed.method, observed.path);
    if (match === null) return { operation: null, problems: this.errorOnly(observed, [404]) };
    if ('notAllowed' in match)
      return { operation: `${observed.method} ${observed.path}`, problems: this.errorOnly(observed, [405]) };
    const { method, path } = match.route;
    const operation = `${method} ${path}`;
    const responses = this.document.paths[path]?.[method.toLowerCase()]?.responses ?? {};
    const key = [String(observed.status), `${String(observed.status)[0]}XX`, 'default'].find(
      (k) => responses[k],
    );
    if (!key)
      return {
        operation,
        problems: [
          `status ${observed.status} is not documented for ${operation} (documented: ${Object.keys(responses).join(', ')})`,
        ],
      };
    const response = this.resolve(responses[key] as Response);
    return { operation, problems: this.bodyProblems(`${operation} ${key}`, response, observed) };
  }

  private errorOnly(observed: Observed, statuses: number[]): string[] {
    if (!statuses.includes(observed.status))
      return [`${observed.method} ${observed.path} is not in the document, and answered ${observed.status}`];
    const response =
      this.document.components.responses[statuses[0] === 405 ? 'MethodNotAllowed' : 'NotFound'];
    return response ? this.bodyProblems(`error ${statuses[0]}`, response, observed) : [];
  }

  private bodyProblems(key: string, response: Response, observed: Observed): string[] {
    // An answer to HEAD has no body, whatever it says its type is.
    if (observed.method.toUpperCase() === 'HEAD') return [];
    const content = response.content ?? {};
    const types = Object.keys(content);
    if (types.length === 0)
      return observed.body === ''
        ? []
        : [`${key}: documented without a body, answered ${JSON.stringify(observed.body.slice(0, 80))}`];
    const type = baseType(observed.contentType);
    const media = content[type];
    if (!media) return [`${key}: content type ${observed.contentType} is not one of ${types.join(', ')}`];
    if (type !== 'application/json' || media.schema === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(observed.body);
    } catch {
      return [`${key}: the body is not JSON: ${JSON.stringify(observed.body.slice(0, 80))}`];
    }
    return this.problemsOf(`${key} ${type}`, media.schema, body).map((problem) => `${key}: ${problem}`);
  }
}
