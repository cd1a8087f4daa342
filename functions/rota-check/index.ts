import { DynamoCoverRequests } from '../../shared/adapters/aws/dynamo-cover-requests.js';
import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoRequestStore } from '../../shared/adapters/aws/dynamo-request-store.js';
import { DynamoRotaNotices } from '../../shared/adapters/aws/dynamo-rota-notices.js';
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
// Gap alerts and shift notices share one store (the clinic partition), which is also the clinic directory.
const gapAlerts = new DynamoRotaNotices(db, tableName);
export const handler = withMetrics(
  metrics,
  createHandler(
    {
      clinics: new DynamoClinicStore(db, tableName),
      directory: gapAlerts,
      gapAlerts,
      shiftNotices: gapAlerts,
      requests: new DynamoRequestStore(db, tableName),
      covers: new DynamoCoverRequests(db, tableName),
      pager: awsPager(),
      clock: systemClock,
      signals: emfSignals(metrics, logger),
      publicBaseUrl: requireEnv(ENV.publicBaseUrl).replace(/\/+$/, ''),
    },
    logger,
  ),
);
