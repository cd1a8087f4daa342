import type { TimerMessage } from '../../ports/timer.js';
import { applyEvent } from './apply-event.js';
import { redeliver } from './redeliver.js';
import type { RequestDeps } from './request-deps.js';

export type TimerOutcome = 'rescheduled' | 'advanced' | 'resent' | 'ignored';

/**
 * A timer message from the queue (or the local timer). Too early: back on the queue. Otherwise the engine
 * decides; stale and duplicate messages change nothing, except that any wake-up also sends again the pages
 * whose sender died (a redelivered message after a crash, a re-attempt's timer, a delivery check).
 */
export async function onTimer(deps: RequestDeps, message: TimerMessage): Promise<TimerOutcome> {
  const now = deps.clock();
  // Early (SQS rounds delays to whole seconds and caps them at 15 minutes): back on the queue, since the
  // engine would ignore it as not yet due and only the sweeper would catch the step a minute later.
  if (message.dueAt > now) {
    await deps.timer.schedule(message, now);
    return 'rescheduled';
  }
  const outcome = await applyEvent(deps, message, { type: 'timer', attempt: message.attempt });
  if (outcome.kind === 'changed') return 'advanced';
  if (outcome.kind === 'missing') return 'ignored';
  return (await redeliver(deps, outcome.stored)) ? 'resent' : 'ignored';
}
