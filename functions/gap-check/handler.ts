import type { Logger } from '@aws-lambda-powertools/logger';
import { checkAllGaps, type GapCheckRun } from '../../shared/app/gaps/check-all-gaps.js';
import type { GapCheckDeps } from '../../shared/app/gaps/gap-check-deps.js';

/** Every hour (EventBridge schedule): each clinic's new coverage gaps, alerted once to its fallback contacts. */
export const createHandler = (deps: GapCheckDeps, logger: Logger) =>
  async function gapCheck(): Promise<GapCheckRun> {
    const run = await checkAllGaps(deps, (clinicId, error) =>
      logger.error('gap check of a clinic failed', { clinicId, errorName: (error as Error).name }),
    );
    logger.info('gap check done', { ...run });
    // A failed clinic is checked again next hour; failing the run would make Lambda retry the lot.
    return run;
  };
