// What the rota check sends once (gap alerts, shift notices) is claimed before it leaves, then marked sent.

export interface Claimed {
  state: 'claimed' | 'sent';
  claimedAt: number;
}

/**
 * The identities that need nothing more now: sent, or claimed within `staleMs` (its check may still send
 * it). A claim older than that, whose check died before sending, is open again.
 */
export function settledIdentities<R extends Claimed>(
  known: readonly R[],
  now: number,
  staleMs: number,
  identity: (record: R) => string,
): Set<string> {
  return new Set(known.filter((r) => r.state === 'sent' || r.claimedAt > now - staleMs).map(identity));
}
