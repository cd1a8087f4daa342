import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readHeader } from './parse-input.js';

/** The fields of a plain HTML form post, or null when the body is not a url-encoded form. */
export function readForm(event: APIGatewayProxyEvent): Record<string, string> | null {
  const type = readHeader(event, 'content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return null;
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  return Object.fromEntries(new URLSearchParams(raw));
}
