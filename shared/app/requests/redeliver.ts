import { applyEvent } from './apply-event.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from '../../ports/stored-request.js';

/**
 * Takes over and sends the request's pages still pending past their time (their sender died, or a
 * re-attempt came due). Any wake-up may call it: a fresh pending page is left to its sender, unless every
 * sender is known to be gone (a restarted local stack). True if any left.
 */
export async function redeliver(
  deps: RequestDeps,
  stored: StoredRequest,
  options: { sendersGone?: boolean } = {},
): Promise<boolean> {
  const { clinicId, requestId } = stored.request;
  const event = { type: 'redeliver' as const, ...(options.sendersGone && { sendersGone: true }) };
  const outcome = await applyEvent(deps, { clinicId, requestId }, event, stored);
  return outcome.kind === 'changed';
}
