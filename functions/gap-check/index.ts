import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoGapAlerts } from '../../shared/adapters/aws/dynamo-gap-alerts.js';
import { emfSignals } from '../../shared/adapters/aws/emf-signals.js';
import { ENV } from '../../shared/config/env-names.js';
import { systemClock } from '../../shared/ports/clock.js';
import { awsPager } from '../deps/aws-pager.js';
import { requireEnv } from '../deps/env.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { createHandler } from './handler.js';

const { logger, metrics } = createObservability();
const tableName = requireEnv(ENV.tableName);
const db = createDocumentClient();
const gapAlerts = new DynamoGapAlerts(db, tableName);
export const handler = withMetrics(
  metrics,
  createHandler(
    {
      clinics: new DynamoClinicStore(db, tableName),
      directory: gapAlerts,
      gapAlerts,
      pager: awsPager(),
      clock: systemClock,
      signals: emfSignals(metrics, logger),
      publicBaseUrl: requireEnv(ENV.publicBaseUrl).replace(/\/+$/, ''),
    },
    logger,
  ),
);
