import { channelKey, findRecipient } from '../../domain/escalation/recipients.js';
import { isPagingStatus } from '../../domain/escalation/index.js';
import type { ResendOrder, TimerMessage } from '../../ports/timer.js';
import { applyEvent } from './apply-event.js';
import type { RequestDeps } from './request-deps.js';
import { dispatchUnsent, pageClaim, sendPage } from './send-page.js';

export type TimerOutcome = 'rescheduled' | 'advanced' | 'resent' | 'ignored';

/**
 * A timer message from the queue (or the local timer). Too early: back on the queue. Otherwise the engine
 * decides; stale and duplicate messages change nothing.
 */
export async function onTimer(deps: RequestDeps, message: TimerMessage): Promise<TimerOutcome> {
  const now = deps.clock();
  // Early (SQS rounds delays to whole seconds and caps them at 15 minutes): back on the queue, since the
  // engine would ignore it as not yet due and only the sweeper would catch the step a minute later.
  if (message.dueAt > now) {
    await deps.timer.schedule(message, now);
    return 'rescheduled';
  }
  if (message.resend) return resend(deps, message, message.resend);
  const outcome = await applyEvent(deps, message, { type: 'timer', attempt: message.attempt });
  // This very message made the current step, and is back: its process may have died before paging.
  if (outcome.kind === 'unchanged' && message.attempt === outcome.stored.request.position.attempt - 1)
    for (const event of await dispatchUnsent(deps, outcome.stored)) await applyEvent(deps, message, event);
  return outcome.kind === 'changed' ? 'advanced' : 'ignored';
}

/** A page that failed for a passing reason, sent again if its recipient is still the one awaited. */
async function resend(deps: RequestDeps, message: TimerMessage, order: ResendOrder): Promise<TimerOutcome> {
  const stored = await deps.requests.get(message.clinicId, message.requestId);
  if (!stored) return 'ignored';
  const { request } = stored;
  const { who, channel, retry, level, round } = order;
  const stillAwaited =
    isPagingStatus(request.status) &&
    request.position.attempt === message.attempt &&
    request.awaiting.includes(channelKey(channel, who));
  const recipient = findRecipient(request.route, who);
  if (!stillAwaited || !recipient) return 'ignored';
  // SQS delivers at least once: only the first delivery of this resend may page.
  const claim = pageClaim(stored, message.attempt, channel, who, retry);
  if (!(await deps.requests.claimOnce(claim, deps.clock()))) return 'ignored';
  const failures = await sendPage(deps, stored, {
    type: 'page',
    attempt: message.attempt,
    recipient,
    channels: [channel],
    level,
    round,
    retry,
  });
  for (const event of failures) await applyEvent(deps, message, event);
  return 'resent';
}
