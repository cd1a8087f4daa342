import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoRequestStore } from '../../shared/adapters/aws/dynamo-request-store.js';
import type { ReportDeps } from '../../shared/app/reports/fairness-report.js';
import { ENV } from '../../shared/config/env-names.js';
import { awsAdminDeps } from './aws-deps.js';
import { requireEnv } from './env.js';

/** The reports' wiring: admin deps plus the request store, read only (no pager, no timer). */
export function awsReportDeps(): ReportDeps {
  return {
    ...awsAdminDeps(),
    requests: new DynamoRequestStore(createDocumentClient(), requireEnv(ENV.tableName)),
  };
}
