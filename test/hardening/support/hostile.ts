// Generators of hostile request bodies (raw text, as it arrives on the wire): a valid body with one field
// broken (wrong type, missing, huge, odd unicode, deeply nested), prototype-pollution keys, arbitrary JSON of
// any shape, and text that is not JSON at all. Plus the check that an error answer has the documented shape.
import { expect } from '@jest/globals';
import fc from 'fast-check';

/** Status of each documented error code (docs/api.md, "Errors"). */
export const ERROR_STATUS: Record<string, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

/** Extra members a conflict may carry ("already acknowledged by X"). */
const CONFLICT_EXTRAS = new Set(['acknowledgedBy', 'acknowledgedAt']);

/** `{error:{code,message,details?}}`, code matching the status, never a stack trace or a file path. */
export function expectErrorShape(status: number, contentType: unknown, raw: string): void {
  expect(String(contentType)).toMatch(/^application\/json/);
  const body = JSON.parse(raw) as { error?: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  const { code, message, details, ...extra } = body.error ?? {};
  expect(ERROR_STATUS[String(code)]).toBe(status);
  expect(typeof message).toBe('string');
  if (details !== undefined) {
    expect(Array.isArray(details)).toBe(true);
    for (const d of details as Array<Record<string, unknown>>) {
      expect(Object.keys(d).sort()).toEqual(['message', 'path']);
      expect(typeof d.path).toBe('string');
      expect(typeof d.message).toBe('string');
    }
  }
  for (const key of Object.keys(extra)) expect(code === 'conflict' && CONFLICT_EXTRAS.has(key)).toBe(true);
  expect(raw).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|Error:/);
}

export const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__lookupSetter__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isAdmin',
];

/** Object.prototype must come out of any request exactly as it went in. */
export function prototypeFingerprint(): string {
  const probe = {} as Record<string, unknown>;
  return JSON.stringify([
    Object.getOwnPropertyNames(Object.prototype).sort(),
    probe.polluted,
    probe.isAdmin,
    probe.role,
  ]);
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddCharacters = fc.constantFrom(
  '\u0000',
  '\u202e', // right-to-left override
  '\u200b', // zero-width space
  '\ufeff',
  '\u0085',
  '\u2028',
  '\ud83d\ude80',
  'e\u0301',
  '<script>',
  '"',
  '\\',
  '%00',
  '${7*7}',
  "'; DROP TABLE x;--",
);

/** Strings a body field should never be surprised by. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.oneof(loneSurrogate, oddCharacters, fc.string({ maxLength: 3 })), { maxLength: 12 })
    .map((a) => a.join('')),
  // Huge: up to ~70 KB, built by repetition (cheap to generate), so some cross the 64 KB body limit.
  fc
    .tuple(
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }),
      fc.integer({ min: 200, max: 35_000 }),
    )
    .map(([s, n]) => s.repeat(n)),
  fc.constantFrom('', ' ', '   \t\n', 'null', 'undefined', 'true', '0', '-1', 'NaN', '1e309'),
);

/** Wrong-typed or out-of-range JSON values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, [], {}, [null], {
    $ne: null,
  }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** `[[[…]]]` or `{"a":{"a":…}}` n levels deep, as raw JSON text. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.integer({ min: 50, max: 20_000 }))
  .map(([array, depth]) =>
    array ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

type Json = Record<string, unknown>;

/** Paths (as key lists) of every field in a valid body, nested objects included. */
function fieldPaths(value: Json, prefix: string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, v]) => {
    const here = [...prefix, key];
    return v && typeof v === 'object' && !Array.isArray(v) ? [here, ...fieldPaths(v as Json, here)] : [here];
  });
}

function setAt(target: Json, path: string[], value: unknown, remove = false): Json {
  const copy = structuredClone(target);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path.at(-1) as string;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** Raw text of `value` with `key` inserted first, so "__proto__" really is a key of the JSON text. */
function withRawKey(value: Json, key: string, inner: unknown): string {
  const rest = JSON.stringify(value).slice(1);
  return `{${JSON.stringify(key)}:${JSON.stringify(inner)}${rest === '}' ? '}' : `,${rest}`}`;
}

/** Hostile bodies derived from one valid body, as raw text. */
export function hostileBodies(valid: Json): fc.Arbitrary<string> {
  const paths = fieldPaths(valid);
  const path = fc.constantFrom(...paths);
  const mutated = fc.oneof(
    fc.tuple(path, hostileValue).map(([p, v]) => JSON.stringify(setAt(valid, p, v))),
    path.map((p) => JSON.stringify(setAt(valid, p, undefined, true))),
    fc
      .tuple(path, fc.integer({ min: 50, max: 5_000 }))
      .map(([p, depth]) =>
        JSON.stringify(setAt(valid, p, 'DEEP')).replace('"DEEP"', '['.repeat(depth) + ']'.repeat(depth)),
      ),
  );
  const pollution = fc
    .tuple(
      fc.constantFrom(...POLLUTION_KEYS),
      fc.constantFrom<unknown>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, 'yes', null, [1]),
      fc.boolean(),
    )
    .map(([key, inner, nested]) => {
      if (!nested) return withRawKey(valid, key, inner);
      const [first] = paths.filter(
        (p) => typeof valid[p[0] as string] === 'object' && valid[p[0] as string] !== null,
      );
      return first
        ? JSON.stringify(valid).replace(
            `"${first[0]}":{`,
            `"${first[0]}":{${JSON.stringify(key)}:${JSON.stringify(inner)},`,
          )
        : withRawKey(valid, key, inner);
    });
  const extraKey = fc
    .tuple(
      hostileString.filter((k) => k.length < 200),
      hostileValue,
    )
    .filter(([k]) => !(k in valid))
    .map(([k, v]) => withRawKey(valid, k, v));
  const notJson = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      '',
      '{',
      '}',
      '{"a":}',
      "{'a':1}",
      '{"a":1,}',
      '[1,2',
      'NaN',
      'undefined',
      '\ufeff{}',
      '{"a":1} trailing',
      '{"a":"\\ud800"}',
      '{"a":"\\x41"}',
      '\u0000',
    ),
    fc
      .constant(JSON.stringify(valid))
      .chain((text) =>
        fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)),
      ),
  );
  const otherTopLevel = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    deepNesting,
    fc.constantFrom('null', '[]', '"text"', '123', 'true', '[{}]', JSON.stringify([valid])),
    fc.constant(
      JSON.stringify({ ...valid, duplicate: 1 }).replace(
        '"duplicate":1',
        `${JSON.stringify(Object.keys(valid)[0])}:{"x":1}`,
      ),
    ),
  );
  return fc.oneof(
    { arbitrary: mutated, weight: 5 },
    { arbitrary: pollution, weight: 2 },
    { arbitrary: extraKey, weight: 2 },
    { arbitrary: notJson, weight: 1 },
    { arbitrary: otherTopLevel, weight: 2 },
  );
}

/** Parses like the handlers do; `undefined` when the text is not JSON. */
export function tryParse(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}
