// The rota check's part in cover requests (docs/api.md, "Cover requests"): it expires those nobody took in
// time and tells the admins and the requester, and it finishes what a function that died after a change
// left undone: offers never sent, a covering override never written, an expiry alert that never left.
import { applyCoverTransition, decideExpiry, type CoverRequest } from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { putCoverOverride } from '../cover/cover-follow-up.js';
import { sendOffers, tellAdmins, tellClinician } from '../cover/cover-messages.js';
import type { RotaCheckDeps } from './rota-check-deps.js';

/** An unmarked request younger than this may still have its asking function sending the offers. */
export const OFFER_REPAIR_AFTER_MS = 2 * 60_000;

/** What the check needs of the rota check's deps: the cover use cases' own. */
export type CoverCheckDeps = Pick<
  RotaCheckDeps,
  'clinics' | 'covers' | 'pager' | 'clock' | 'signals' | 'publicBaseUrl'
>;

export interface CoverCheck {
  /** Requests expired by this check. */
  expired: number;
  /** Follow-ups finished for a function that died: offers, overrides, expiry alerts. */
  repaired: number;
}

async function tellExpired(deps: CoverCheckDeps, rota: RotaSnapshot, request: CoverRequest) {
  const [admins, requester] = await Promise.all([
    tellAdmins(deps, rota, request, 'expired'),
    tellClinician(deps, rota, request, request.requesterId, 'expired'),
  ]);
  if (admins.sent + requester.sent === 0) {
    // Unmarked: the next check tries again, until the window ends.
    deps.signals.alert('cover_expiry_undelivered');
    return;
  }
  await deps.covers.markCover(request, 'expiryToldAt', deps.clock());
}

export async function checkCoverRequests(
  deps: CoverCheckDeps,
  rota: RotaSnapshot,
  now: number,
): Promise<CoverCheck> {
  const result: CoverCheck = { expired: 0, repaired: 0 };
  const requests = await deps.covers.listCoverRequests(rota.clinic.clinicId);
  for (const read of requests) {
    if (read.end <= now) continue;
    let request = read;
    const expiry = decideExpiry(request, now);
    if (expiry.ok) {
      // Lost to a change made meanwhile (taken at the last moment): the next check reads what it became.
      if (!(await deps.covers.applyCoverTransition(request, expiry.transition))) continue;
      request = applyCoverTransition(request, expiry.transition);
      result.expired++;
      deps.signals.count('CoverExpired');
      await tellExpired(deps, rota, request);
      continue;
    }
    if (request.state === 'expired' && request.expiryToldAt === undefined) {
      await tellExpired(deps, rota, request);
      result.repaired++;
    } else if (request.state === 'covered' && request.overrideAt === undefined) {
      await putCoverOverride(deps, request);
      result.repaired++;
    } else if (
      request.state === 'open' &&
      request.offeredAt === undefined &&
      now - request.createdAt >= OFFER_REPAIR_AFTER_MS
    ) {
      await sendOffers(deps, rota, request);
      result.repaired++;
    }
  }
  return result;
}
