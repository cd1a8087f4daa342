import type { Logger } from '@aws-lambda-powertools/logger';
import { checkAllClinics, type RotaCheckRun } from '../../shared/app/rota-check/check-all-clinics.js';
import type { RotaCheckDeps } from '../../shared/app/rota-check/rota-check-deps.js';

/**
 * Every 5 minutes (EventBridge schedule): each clinic's shift notices, and its new coverage gaps alerted once
 * to its fallback contacts.
 */
export const createHandler = (deps: RotaCheckDeps, logger: Logger) =>
  async function rotaCheck(): Promise<RotaCheckRun> {
    const run = await checkAllClinics(deps, (clinicId, error) =>
      logger.error('rota check of a clinic failed', { clinicId, errorName: (error as Error).name }),
    );
    logger.info('rota check done', { ...run });
    // A failed clinic is checked again in 5 minutes; failing the run would make Lambda retry the lot.
    return run;
  };
