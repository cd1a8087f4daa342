// The API reference: renders the OpenAPI document this site serves (openapi.json) as one page, the
// operations grouped by tag, each with who may call it, its parameters, body, answers and errors, then the
// schemas they name. Text goes in as textContent; the only markup is what this file builds.
import { byId, el, show } from './lib/dom.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
};
interface Media {
  schema?: Schema;
  example?: unknown;
}
interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, Media>;
  headers?: Record<string, { description?: string }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  'x-roles'?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, Media> };
  responses: Record<string, Response>;
}
interface Document {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, Schema>; responses?: Record<string, Response> };
}

const METHODS = ['get', 'put', 'post', 'delete'];
/** What a renderer below gives back: nodes, and nothing where a part does not apply. */
type Part = Node | null;
/** The document's named schemas, to show a request body's fields where it is described. */
let named: Record<string, Schema> = {};
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** `code` and **bold** within a line of the document's Markdown. */
function inline(text: string): Node[] {
  return text
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`')) return el('code', {}, part.slice(1, -1));
      if (part.startsWith('**') && part.endsWith('**')) return el('strong', {}, part.slice(2, -2));
      return document.createTextNode(part);
    });
}

/** The little Markdown the document uses: paragraphs and "- " lists. */
function markdown(text: string | undefined): Node[] {
  if (!text) return [];
  return text.split(/\n\n+/).map((block) => {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith('- ')))
      return el('ul', {}, ...lines.map((line) => el('li', {}, ...inline(line.slice(2)))));
    return el('p', {}, ...inline(block.replace(/\n/g, ' ')));
  });
}

/** A path that may wrap after each "/" on a narrow screen, never inside a segment. */
const breakable = (path: string): Node[] =>
  path
    .split('/')
    .flatMap((part, i) =>
      (i === 0 ? [part] : [el('wbr'), `/${part}`]).map((p) =>
        typeof p === 'string' ? document.createTextNode(p) : p,
      ),
    );

const literal = (value: unknown) => el('code', {}, JSON.stringify(value));

function joined(nodes: Node[], word = ', '): Node[] {
  return nodes.flatMap((node, i) => (i === 0 ? [node] : [document.createTextNode(word), node]));
}

/** A schema's type in words: a link for a named schema, "list of …", "text or null". */
function typeOf(schema: Schema): Node[] {
  if (schema.$ref) return [el('a', { href: `#schema-${slug(refName(schema.$ref))}` }, refName(schema.$ref))];
  if (schema.const !== undefined) return [literal(schema.const)];
  if (schema.enum) return [document.createTextNode('one of '), ...joined(schema.enum.map(literal))];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return joined(
      alternatives.map((s) => el('span', {}, ...typeOf(s))),
      ' or ',
    );
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const words = types.map((type) => {
    if (type === 'array')
      return el('span', {}, 'list of ', ...(schema.items ? typeOf(schema.items) : ['anything']));
    if (type === 'string' && schema.format) return el('span', {}, `text (${schema.format})`);
    return el(
      'span',
      {},
      {
        string: 'text',
        integer: 'whole number',
        number: 'number',
        boolean: 'true or false',
        object: 'object',
        null: 'null',
      }[type] ?? type,
    );
  });
  return words.length ? joined(words, ' or ') : [document.createTextNode('anything')];
}

/** Limits and defaults, in one line. */
function rulesOf(schema: Schema): string {
  const rules: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) rules.push(`${min}–${max}${unit}`);
    else if (min !== undefined) rules.push(`at least ${min}${unit}`);
    else if (max !== undefined) rules.push(`at most ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minimum, schema.maximum, '');
  range(schema.minItems, schema.maxItems, ' items');
  if (schema.pattern) rules.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) rules.push(`default ${JSON.stringify(schema.default)}`);
  return rules.join('; ');
}

/** The fields of an object schema (and of the objects inside it), as nested lists. */
function fields(schema: Schema, depth = 0): HTMLElement | null {
  const target = schema.type === 'array' && schema.items ? schema.items : schema;
  const alternatives = target.oneOf ?? target.anyOf;
  if (alternatives && depth < 4) {
    const shown = alternatives
      .map((alt) => fields(alt, depth + 1))
      .filter((list): list is HTMLElement => !!list);
    if (shown.length)
      return el(
        'ol',
        { class: 'alternatives' },
        ...shown.map((list, i) => el('li', {}, el('span', { class: 'muted' }, `Form ${i + 1}:`), list)),
      );
  }
  if (!target.properties || depth > 4) return null;
  const required = new Set(target.required ?? []);
  return el(
    'ul',
    { class: 'fields' },
    ...Object.entries(target.properties).map(([name, field]) =>
      fieldItem(
        name,
        field,
        required.has(name),
        field.description,
        '',
        field.$ref ? null : fields(field, depth + 1),
      ),
    ),
  );
}

/** One field or parameter: its name, (where, type, required or not): its words (limits), then its fields. */
function fieldItem(
  name: string,
  schema: Schema,
  required: boolean,
  words: string | undefined,
  where: string,
  nested: Part,
): HTMLElement {
  const rules = rulesOf(schema);
  return el(
    'li',
    {},
    el('code', { class: 'field-name' }, name),
    el(
      'span',
      { class: 'field-meta' },
      ` (${where}`,
      ...typeOf(schema),
      ', ',
      required ? el('span', { class: 'required' }, 'required') : 'optional',
      ')',
    ),
    words ? el('span', {}, ': ', ...inline(words)) : null,
    rules ? el('span', { class: 'muted field-rules' }, ` ${rules}.`) : null,
    nested,
  );
}

/** A schema's type, and its fields: a named schema's too when `expand` (request bodies: what to send). */
function schemaBlock(schema: Schema | undefined, expand = false): Part[] {
  if (!schema) return [];
  const target = schema.$ref && expand ? named[refName(schema.$ref)] : schema.$ref ? undefined : schema;
  return [el('p', { class: 'schema-type' }, 'Schema: ', ...typeOf(schema)), target ? fields(target) : null];
}

function example(value: unknown): HTMLElement | null {
  if (value === undefined) return null;
  return el(
    'details',
    { class: 'example' },
    el('summary', {}, 'Example'),
    el('pre', {}, JSON.stringify(value, null, 2)),
  );
}

function content(media: Record<string, Media> | undefined, expand = false): Part[] {
  return Object.entries(media ?? {}).flatMap(([type, { schema, example: sample }]) => [
    el('p', { class: 'media' }, el('code', {}, type)),
    ...(type === 'application/json' || type.startsWith('application/x-www')
      ? schemaBlock(schema, expand)
      : []),
    example(sample),
  ]);
}

function parameters(list: Parameter[] | undefined): Part[] {
  if (!list?.length) return [];
  return [
    el('h4', {}, 'Parameters'),
    el(
      'ul',
      { class: 'fields' },
      ...list.map((p) => fieldItem(p.name, p.schema ?? {}, !!p.required, p.description, `${p.in}, `, null)),
    ),
  ];
}

function responses(doc: Document, operation: Operation): Part[] {
  const items = Object.entries(operation.responses).map(([status, answer]) => {
    const component = answer.$ref ? refName(answer.$ref) : null;
    const resolved = component ? (doc.components.responses?.[component] ?? {}) : answer;
    // An error in the one error shape: a link to it is enough (pages and plain text show their type).
    const error = resolved.content?.['application/json']?.schema?.$ref?.endsWith('/Error') ?? false;
    return el(
      'li',
      { class: error ? 'answer error-answer' : 'answer' },
      el('strong', { class: 'status' }, status),
      ' ',
      ...inline(resolved.description ?? ''),
      resolved.headers?.Location ? el('span', { class: 'muted' }, ' (header Location)') : null,
      error
        ? el('span', { class: 'muted' }, ' ', ...typeOf({ $ref: '#/components/schemas/Error' }))
        : el('div', {}, ...content(resolved.content)),
    );
  });
  return [el('h4', {}, 'Answers'), el('ul', { class: 'answers' }, ...items)];
}

function operationCard(doc: Document, method: string, path: string, operation: Operation): HTMLElement {
  const id = `op-${operation.operationId}`;
  const body = operation.requestBody;
  return el(
    'article',
    { class: 'card operation', id, 'aria-labelledby': `${id}-title` },
    el(
      'h3',
      { id: `${id}-title` },
      el('span', { class: `method ${method}` }, method.toUpperCase()),
      ' ',
      el('code', { class: 'path' }, ...breakable(path)),
    ),
    el('p', { class: 'summary' }, operation.summary ?? ''),
    ...markdown(operation.description),
    ...parameters(operation.parameters),
    ...(body
      ? [
          el('h4', {}, body.required ? 'Body (required)' : 'Body (optional)'),
          ...markdown(body.description),
          ...content(body.content, true),
        ]
      : []),
    ...responses(doc, operation),
  );
}

function render(doc: Document): void {
  named = doc.components.schemas ?? {};
  byId('api-basics').append(
    el('p', {}, `${doc.info.title}, version ${doc.info.version}.`),
    ...markdown(doc.info.description),
  );
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] as Operation })),
  );
  const toc = byId('api-toc');
  const tags = byId('api-tags');
  for (const tag of doc.tags ?? []) {
    const mine = operations.filter((o) => o.operation.tags?.includes(tag.name));
    if (!mine.length) continue;
    const id = `tag-${slug(tag.name)}`;
    toc.append(
      el(
        'li',
        {},
        el('a', { href: `#${id}` }, tag.name),
        el(
          'ul',
          {},
          ...mine.map((o) =>
            el(
              'li',
              {},
              el(
                'a',
                { href: `#op-${o.operation.operationId}` },
                o.operation.summary ?? o.operation.operationId,
              ),
            ),
          ),
        ),
      ),
    );
    tags.append(
      el(
        'section',
        { 'aria-labelledby': `${id}-title`, id },
        el('h2', { id: `${id}-title` }, tag.name),
        ...markdown(tag.description),
        ...mine.map((o) => operationCard(doc, o.method, o.path, o.operation)),
      ),
    );
  }
  const schemas = byId('api-schemas');
  for (const [name, schema] of Object.entries(doc.components.schemas ?? {}))
    schemas.append(
      el(
        'article',
        { class: 'card schema', id: `schema-${slug(name)}`, 'aria-labelledby': `schema-${slug(name)}-title` },
        el('h3', { id: `schema-${slug(name)}-title` }, name),
        ...markdown(schema.description),
        el('p', { class: 'schema-type' }, ...typeOf({ ...schema, description: undefined, $ref: undefined })),
        fields(schema),
      ),
    );
  show(byId('api-reference'), true);
  byId('api-status').textContent = `${operations.length} operations.`;
  // Opened at an anchor (a link to one operation): the content exists only now.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

async function start(): Promise<void> {
  const status = byId('api-status');
  try {
    const response = await fetch('openapi.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${response.status}`);
    render((await response.json()) as Document);
  } catch {
    status.textContent = 'The API document could not be loaded. Reload the page, or open openapi.json.';
    status.classList.add('error');
  }
}

void start();
