import { wakeAt } from '../../domain/escalation/index.js';
import { applyEvent } from './apply-event.js';
import { redeliver } from './redeliver.js';
import type { RequestDeps } from './request-deps.js';

/** The precise timer gets this long before the sweeper steps in and counts the step as overdue. */
export const SWEEP_GRACE_MS = 10_000;
const PAGE_SIZE = 100;

export interface SweepResult {
  overdue: number;
  advanced: number;
}

/**
 * The safety net under the timers: every open request past its due time (plus grace) is advanced as if
 * its timer had fired, and pages whose sender died are sent again. Finding any is a metric and an alarm,
 * because it means the precise layer failed.
 */
export async function sweepDue(deps: RequestDeps): Promise<SweepResult> {
  const result: SweepResult = { overdue: 0, advanced: 0 };
  const due = await deps.requests.listDue(deps.clock() - SWEEP_GRACE_MS, PAGE_SIZE);
  for (const { clinicId, requestId } of due) {
    // One request that cannot advance must not stop the sweep for every other clinic.
    try {
      const stored = await deps.requests.get(clinicId, requestId);
      const dueAt = stored ? wakeAt(stored.request) : null;
      if (!stored || dueAt === null || dueAt > deps.clock() - SWEEP_GRACE_MS) continue;
      result.overdue++;
      const event = { type: 'timer' as const, attempt: stored.request.position.attempt };
      const outcome = await applyEvent(deps, { clinicId, requestId }, event, stored);
      if (outcome.kind === 'changed') result.advanced++;
      else if (outcome.kind === 'unchanged' && (await redeliver(deps, outcome.stored))) result.advanced++;
    } catch {
      deps.signals.alert('sweeper_request_failed');
    }
  }
  if (result.overdue > 0) deps.signals.count('SweeperOverdue', result.overdue);
  return result;
}
