import { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoRequestStore } from '../../shared/adapters/aws/dynamo-request-store.js';
import { emfSignals } from '../../shared/adapters/aws/emf-signals.js';
import { SqsTimer } from '../../shared/adapters/aws/sqs-timer.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { ENV } from '../../shared/config/env-names.js';
import { systemClock } from '../../shared/ports/clock.js';
import type { Timer } from '../../shared/ports/timer.js';
import { awsPager, noPager } from './aws-pager.js';
import { requireEnv } from './env.js';

// Functions granted no SNS/SQS access get noPager and this: a step that would page fails loudly, never silently.
const noTimer: Timer = {
  outlivesProcess: false,
  schedule: async () => {
    throw new Error('this function may not schedule timers');
  },
};

/**
 * The production wiring for the request use cases, built once per cold start. `entry` is the function's row
 * of functions/routes.ts: one that `pages` gets SNS and SQS (the CDK app granted them from the same row).
 */
export function awsRequestDeps(
  entry: { readonly pages?: boolean },
  options: { logger: Logger; metrics: Metrics },
): RequestDeps {
  const pages = entry.pages === true;
  const tableName = requireEnv(ENV.tableName);
  const db = createDocumentClient();
  const pager = pages ? awsPager() : noPager;
  const timer = pages ? new SqsTimer(new SQSClient({}), requireEnv(ENV.timerQueueUrl)) : noTimer;
  return {
    clinics: new DynamoClinicStore(db, tableName),
    requests: new DynamoRequestStore(db, tableName),
    pager,
    timer,
    clock: systemClock,
    signals: emfSignals(options.metrics, options.logger),
    publicBaseUrl: requireEnv(ENV.publicBaseUrl).replace(/\/+$/, ''),
  };
}
