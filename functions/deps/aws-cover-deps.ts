import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoCoverRequests } from '../../shared/adapters/aws/dynamo-cover-requests.js';
import { emfSignals } from '../../shared/adapters/aws/emf-signals.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import { ENV } from '../../shared/config/env-names.js';
import { awsAdminDeps } from './aws-deps.js';
import { awsPager, noPager } from './aws-pager.js';
import { requireEnv } from './env.js';

/**
 * The cover routes' wiring: admin deps plus the cover store and, for a row that `notifies` (functions/routes.ts,
 * which the CDK app granted SNS from), the pager that sends offers and their outcome.
 */
export function awsCoverDeps(
  entry: { readonly notifies?: boolean },
  options: { logger: Logger; metrics: Metrics },
): CoverDeps {
  return {
    ...awsAdminDeps(),
    covers: new DynamoCoverRequests(createDocumentClient(), requireEnv(ENV.tableName)),
    // Read-only cover routes were granted no SNS: a message they tried to send fails, never leaves quietly.
    pager: entry.notifies === true ? awsPager() : noPager,
    signals: emfSignals(options.metrics, options.logger),
    publicBaseUrl: requireEnv(ENV.publicBaseUrl).replace(/\/+$/, ''),
  };
}
