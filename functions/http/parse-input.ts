import { plainError } from '../../shared/schemas/plain-errors.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { safeParse } from 'zod/mini';
import type { $ZodType as ZodType } from 'zod/v4/core';
import { AppError, invalid, type ErrorDetail } from '../../shared/app/errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

/** Size, media type and JSON syntax, in that order: the cheapest rejection first. */
export function readJsonBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_BODY_BYTES)
    throw new AppError('payload_too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType.trim()))
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  try {
    return JSON.parse(text);
  } catch {
    throw invalid([{ path: '', message: 'the body is not valid JSON' }], 'the body is not valid JSON');
  }
}

/** zod's verdict as the API's error shape; `prefix` names where the value came from when not the body. */
export function validate<T>(schema: ZodType<T>, value: unknown, prefix = ''): T {
  const result = safeParse(schema, value, { error: plainError });
  if (result.success) return result.data;
  const pathOf = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');
  // An unknown field is reported at its own path, so the caller sees which field to remove.
  const details: ErrorDetail[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `unknown field "${key}"` }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
  throw invalid(details);
}

export { header as readHeader };

/** Every value of a header, across both of API Gateway's header maps (a repeated header is an error for some). */
export function readHeaderValues(event: APIGatewayProxyEvent, name: string): string[] {
  const wanted = name.toLowerCase();
  const values = Object.entries(event.multiValueHeaders ?? {})
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, list]) => list ?? []);
  if (values.length) return values;
  const single = header(event, name);
  return single === undefined ? [] : [single];
}

/** Action routes take an optional JSON body ({note}); no body at all is fine, a bad one is a 400. */
export function optionalJsonBody<T>(event: APIGatewayProxyEvent, schema: ZodType<T>): T {
  if (!event.body) return validate(schema, {});
  return validate(schema, readJsonBody(event));
}
