// What follows a change of a cover request, after its one conditional write: the covering override, and
// telling the people it concerns. Each step is recorded when done (overrideAt), and the rota check
// finishes a step left undone by a function that died in between (check-cover-requests.ts).
import { coverOverride, type CoverRequest, type CoverTransition } from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import type { CoverDeps } from './cover-deps.js';
import { tellAdmins, tellClinician } from './cover-messages.js';

/** Puts the taker on call: the override's id comes from the request, so writing it again changes nothing. */
export async function putCoverOverride(
  deps: Pick<CoverDeps, 'clinics' | 'covers' | 'clock'>,
  request: CoverRequest,
) {
  const override = coverOverride(request);
  if (!override) return false;
  await deps.clinics.putOverride(override);
  await deps.covers.markCover(request, 'overrideAt', deps.clock());
  return true;
}

/** After a transition landed: the override first (it is what pages follow), then the messages, best effort. */
export async function followUp(deps: CoverDeps, rota: RotaSnapshot, next: CoverRequest, t: CoverTransition) {
  if (next.state === 'covered') await putCoverOverride(deps, next);
  const messages: Promise<unknown>[] = [];
  const taker = next.acceptedBy;
  if (t.entry.action === 'accepted' && next.state === 'covered')
    messages.push(tellClinician(deps, rota, next, next.requesterId, 'covered'));
  if (t.entry.action === 'accepted' && next.state === 'awaiting_approval')
    messages.push(
      tellClinician(deps, rota, next, next.requesterId, 'accepted_pending'),
      tellAdmins(deps, rota, next, 'approval_needed'),
    );
  if (t.entry.action === 'approved' && taker !== undefined)
    messages.push(
      tellClinician(deps, rota, next, next.requesterId, 'covered'),
      tellClinician(deps, rota, next, taker, 'approved'),
    );
  if (t.entry.action === 'rejected' && t.refuse !== undefined)
    messages.push(tellClinician(deps, rota, { ...next, acceptedBy: t.refuse }, t.refuse, 'rejected'));
  // A message that cannot leave never undoes the change: the request's view shows where it stands.
  await Promise.allSettled(messages);
}
