// The escalation engine: one pure step from (request, event, now) to a new state plus actions. Duplicate,
// stale, early or out-of-order messages come back `unchanged` with no actions, so delivering a message
// twice is harmless; the store writes a changed request only if `version` is still the one it read.
import { begin, finish, log } from './draft.js';
import type { Decision, RequestEvent } from './events.js';
import { moveOn, pageFallback, pageFrom } from './paging.js';
import { onFollowUpDue } from './follow-up.js';
import { onAck, onCancel, onContacted, onDecline, onHandback, onResolve } from './responses.js';
import { onDelivery, onRedeliver } from './delivery.js';
import { onCallEnded } from './call-ending.js';
import type { CrisisRequest } from './request.js';
import { isAcceptedStatus, isClosedStatus } from './request.js';

export function decide(request: CrisisRequest, event: RequestEvent, now: number): Decision {
  switch (event.type) {
    case 'start':
      return onStart(request, now);
    case 'timer':
      return onTimer(request, event.attempt, now);
    case 'ack':
      return onAck(request, event, now);
    case 'decline':
      return onDecline(request, event, now);
    case 'send_failed':
      return onDelivery(request, [{ ...event, retry: event.retry ?? 0, outcome: 'failed' }], now);
    case 'delivery':
      return onDelivery(request, event.results, now);
    case 'call_ended':
      return onCallEnded(request, event, now);
    case 'redeliver':
      return onRedeliver(request, now, event.sendersGone);
    case 'contacted':
      return onContacted(request, event, now);
    case 'handback':
      return onHandback(request, event, now);
    case 'resolve':
      return onResolve(request, event, now);
    case 'cancel':
      return onCancel(request, event, now);
  }
}

/** Attempt 0 means nothing was paged yet; a new request is due at once, so the sweeper can start it too. */
function onStart(request: CrisisRequest, now: number): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  if (request.status !== 'paging' || request.position.attempt !== 0) {
    return { unchanged: true, reason: 'already_started' };
  }
  const d = begin(request, now);
  pageFrom(d, { round: 0, level: 0 }, null);
  return finish(d);
}

function onTimer(request: CrisisRequest, attempt: number, now: number): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  const current = request.position.attempt;
  // A timer for an earlier page is stale: that page already timed out or was answered (also duplicates).
  if (attempt < current) return { unchanged: true, reason: 'stale_attempt' };
  if (attempt > current) return { unchanged: true, reason: 'unknown_attempt' };
  // Late messages still act (the sweeper relies on it); early ones don't, the precise timer will come.
  if (request.nextDueAt === null || now < request.nextDueAt) return { unchanged: true, reason: 'not_due' };
  if (current === 0) return onStart(request, now);

  const d = begin(request, now);
  if (isAcceptedStatus(request.status)) {
    if (request.assignee === null) return { unchanged: true, reason: 'not_paging' };
    onFollowUpDue(d, request.assignee);
  } else if (request.status === 'unanswered') {
    log(d, { type: 'fallback_repeat', attempt: current + 1 });
    pageFallback(d);
  } else {
    const { level, round } = request.position;
    log(d, { type: 'timeout', attempt, level, round });
    moveOn(d, 'timeout');
  }
  return finish(d);
}
