import { createHash, randomBytes } from 'node:crypto';

// Keys and ack tokens are high-entropy random strings, so a plain SHA-256 is enough to store them safely
// (no dictionary to attack); a slow password hash would only add latency to every request.
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/** base64url of `bytes` random bytes: 16 bytes gives the 22-character, 128-bit tokens the pages carry. */
export const randomToken = (bytes = 16): string => randomBytes(bytes).toString('base64url');

/** The shape of a token this service issues (ack and case links): anything else is refused before a lookup. */
export const isTokenShaped = (token: string): boolean => /^[A-Za-z0-9_-]{22,64}$/.test(token);
