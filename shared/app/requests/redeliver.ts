import { applyEvent } from './apply-event.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from '../../ports/stored-request.js';

/**
 * Takes over and sends the request's pages still pending past their time (their sender died, or a
 * re-attempt came due). Any wake-up may call it: a fresh pending page is left to its sender. True if any left.
 */
export async function redeliver(deps: RequestDeps, stored: StoredRequest): Promise<boolean> {
  const { clinicId, requestId } = stored.request;
  const outcome = await applyEvent(deps, { clinicId, requestId }, { type: 'redeliver' }, stored);
  return outcome.kind === 'changed';
}
