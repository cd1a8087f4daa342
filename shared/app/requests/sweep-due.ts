import { applyEvent } from './apply-event.js';
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
 * its timer had fired. Finding any is a metric and an alarm, because it means the precise layer failed.
 */
export async function sweepDue(deps: RequestDeps): Promise<SweepResult> {
  const result: SweepResult = { overdue: 0, advanced: 0 };
  const due = await deps.requests.listDue(deps.clock() - SWEEP_GRACE_MS, PAGE_SIZE);
  for (const { clinicId, requestId } of due) {
    const stored = await deps.requests.get(clinicId, requestId);
    const dueAt = stored?.request.nextDueAt;
    if (!stored || dueAt === null || dueAt === undefined || dueAt > deps.clock() - SWEEP_GRACE_MS) continue;
    result.overdue++;
    const outcome = await applyEvent(
      deps,
      { clinicId, requestId },
      { type: 'timer', attempt: stored.request.position.attempt },
      stored,
    );
    if (outcome.kind === 'changed') result.advanced++;
  }
  if (result.overdue > 0) deps.signals.count('SweeperOverdue', result.overdue);
  return result;
}
