import {
  decide,
  isClosedStatus,
  PENDING_STALE_MS,
  type Action,
  type Decision,
  type PageAction,
  type RequestEvent,
} from '../../domain/escalation/index.js';
import { deliverPages } from './deliver-pages.js';
import { retryWrite } from './retry-write.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from '../../ports/stored-request.js';

export type EventOutcome =
  | { kind: 'missing' }
  | { kind: 'unchanged'; stored: StoredRequest; decision: Decision & { unchanged: true } }
  | { kind: 'changed'; stored: StoredRequest };

const MAX_RACES = 10;

/** When a round of pages is checked for pages that never left (their sender died): just after they go stale. */
export const DELIVERY_CHECK_MS = PENDING_STALE_MS + 1_000;

/**
 * The one way a request changes: decide on the state read, write it conditionally on that version,
 * then carry out the actions. Losing the race means someone else changed it: read again and decide again,
 * so duplicate, late and concurrent events settle into one outcome.
 */
export async function applyEvent(
  deps: RequestDeps,
  ref: { clinicId: string; requestId: string },
  event: RequestEvent,
  current?: StoredRequest,
): Promise<EventOutcome> {
  let stored = current ?? (await deps.requests.get(ref.clinicId, ref.requestId));
  for (let race = 0; race < MAX_RACES; race++) {
    if (!stored) return { kind: 'missing' };
    const decision = decide(stored.request, event, deps.clock());
    if (decision.unchanged) return { kind: 'unchanged', stored, decision };
    const next: StoredRequest = { ...stored, request: decision.request };
    if (await deps.requests.replace(next, stored.request.version)) {
      countTransitions(deps, stored, next);
      if (isClosedStatus(next.request.status) && !isClosedStatus(stored.request.status))
        await releaseReference(deps, next);
      // A page that goes out after another sender's step is written needs a last look at the request.
      const recheck = event.type !== 'start';
      return { kind: 'changed', stored: await runActions(deps, next, decision.actions, { recheck }) };
    }
    stored = await deps.requests.get(ref.clinicId, ref.requestId);
  }
  throw new Error('request changed concurrently too many times');
}

/**
 * Carries out a decision already written: the pages through deliverPages, then their outcomes as one
 * 'delivery' event, which may decide more (a re-attempt, the next level): the one feedback loop.
 * Returns the latest state.
 */
export async function runActions(
  deps: RequestDeps,
  stored: StoredRequest,
  actions: Action[],
  options: { recheck: boolean } = { recheck: true },
): Promise<StoredRequest> {
  const { clinicId, requestId } = stored.request;
  const pages = actions.filter((a): a is PageAction => a.type === 'page');
  const checkAt = deps.clock() + DELIVERY_CHECK_MS;
  const [{ results, latest }] = await Promise.all([
    pages.length > 0 ? deliverPages(deps, stored, pages, options) : { results: [], latest: stored },
    // The check comes back even if this process dies before the outcomes are written.
    pages.length > 0 && deps.timer.outlivesProcess
      ? schedule(deps, { clinicId, requestId, attempt: stored.request.position.attempt, dueAt: checkAt })
      : undefined,
    ...actions.map((action) => runOther(deps, stored, action)),
  ]);
  if (results.length === 0) return stored;
  // The provider has spoken: record it, retrying our own store's throttling (else the pages go out again).
  // First on the state last read (no read of its own); a lost race or a retry reads again.
  let known = latest ?? undefined;
  const outcome = await retryWrite(() => {
    const state = known;
    known = undefined;
    return applyEvent(deps, { clinicId, requestId }, { type: 'delivery', results }, state);
  });
  return outcome.kind === 'missing' ? stored : outcome.stored;
}

async function runOther(deps: RequestDeps, stored: StoredRequest, action: Action): Promise<void> {
  const { clinicId, requestId } = stored.request;
  switch (action.type) {
    case 'schedule':
      return schedule(deps, { clinicId, requestId, attempt: action.attempt, dueAt: action.at });
    case 'mark_contact_broken':
      return deps.clinics
        .markContactBroken(clinicId, action.clinicianId, action.channel)
        .catch(() => deps.signals.alert('mark_contact_broken_failed'));
    case 'heal_contact':
      // One small read, and a write only if another request had marked this contact broken: it works again.
      return deps.clinics
        .clearContactBroken(clinicId, action.clinicianId, action.channel)
        .catch(() => undefined);
    case 'alert_ops':
      return deps.signals.alert(action.reason);
    case 'page':
    case 'notify_requester':
      return; // pages go through deliverPages; the status view polls, nothing is pushed to the hotline yet
  }
}

/** Frees the request's short reference for reuse by the clinic's next requests; best effort (it expires anyway). */
async function releaseReference(deps: RequestDeps, stored: StoredRequest): Promise<void> {
  const { clinicId, requestId } = stored.request;
  await deps.requests
    .releaseReference(clinicId, stored.reference, requestId, deps.clock())
    .catch(() => undefined);
}

/** Metrics from what the transition wrote, so every path (API, timer, sweeper, SMS) counts the same. */
function countTransitions(deps: RequestDeps, before: StoredRequest, after: StoredRequest): void {
  for (const entry of after.request.timeline.slice(before.request.timeline.length)) {
    if (entry.type === 'escalated') deps.signals.count('Escalations');
    if (entry.type === 'unanswered') deps.signals.count('Unanswered');
    if (entry.type === 'acknowledged')
      deps.signals.count('TimeToAcknowledge', entry.at - after.request.createdAt);
  }
}

/** A lost timer is not a lost request: the sweeper finds it by its due time. So failing here only alerts. */
async function schedule(deps: RequestDeps, message: Parameters<RequestDeps['timer']['schedule']>[0]) {
  try {
    await deps.timer.schedule(message, deps.clock());
  } catch {
    deps.signals.alert('timer_schedule_failed');
  }
}
