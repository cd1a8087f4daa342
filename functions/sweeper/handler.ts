import type { Logger } from '@aws-lambda-powertools/logger';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { sweepDue } from '../../shared/app/requests/sweep-due.js';

/** Every minute (EventBridge schedule): advance whatever the precise timers missed. */
export const createHandler = (deps: RequestDeps, logger: Logger) =>
  async function sweep(): Promise<{ overdue: number; advanced: number }> {
    const result = await sweepDue(deps);
    if (result.overdue > 0) logger.warn('sweeper found overdue requests', { ...result });
    return result;
  };
