import { createHash, randomInt } from 'node:crypto';

const BASE32 = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l, o, 0, 1: read aloud over a phone line

function encode(bytes: Buffer, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

/**
 * The request id is derived from the clinic and the Idempotency-Key, so 20 concurrent submits with one key
 * race for one conditional write and exactly one wins: no second request, no second first page.
 */
export function requestIdFor(clinicId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${clinicId}\n${idempotencyKey}`).digest();
  return `req_${encode(digest, BASE32, 20)}`;
}

/** Hash of the validated body with sorted keys: the same request sent twice hashes the same. */
export function bodyHashOf(body: unknown): string {
  const canonical = JSON.stringify(body, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('base64url');
}

/** Four digits, as on the page: "Reply 4821 to accept". */
export const newSmsCode = (): string => String(randomInt(1000, 10000));
