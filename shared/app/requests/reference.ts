import { createHash } from 'node:crypto';
import type { RequestDeps } from './request-deps.js';

const ALPHABET = 'ACDEFGHJKLMNPQRTUVWXY34679'; // no B/8, I/1, O/0, S/5, Z/2: read aloud over a phone line
const SHORT_TRIES = 12;
const LONG_TRIES = 8;

/** Candidate `n` for a request: derived from its id, so a replayed submit finds its own reference again. */
export function referenceCandidate(requestId: string, n: number, length: number): string {
  const digest = createHash('sha256').update(`${requestId}#${n}`).digest();
  let out = 'R';
  for (let i = 0; i < length; i++) out += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return out;
}

/**
 * The short reference read out on the phone ("R7KQ"): unique among the clinic's open requests, by a
 * conditional write on a reference item per candidate. Three characters (17,576) while the clinic has room,
 * four after SHORT_TRIES collisions in a row.
 */
export async function reserveReference(
  deps: RequestDeps,
  clinicId: string,
  requestId: string,
  now: number,
): Promise<string> {
  for (let n = 0; n < SHORT_TRIES + LONG_TRIES; n++) {
    const reference = referenceCandidate(requestId, n, n < SHORT_TRIES ? 3 : 4);
    if (await deps.requests.reserveReference(clinicId, reference, requestId, now)) return reference;
  }
  throw Object.assign(new Error('no free reference code'), { name: 'NoFreeReference' });
}
