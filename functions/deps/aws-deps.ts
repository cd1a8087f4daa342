import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoKeyStore } from '../../shared/adapters/aws/dynamo-key-store.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { ENV } from '../../shared/config/env-names.js';
import { systemClock } from '../../shared/ports/clock.js';
import { requireEnv } from './env.js';

/** The production wiring, built once per cold start by each function's index.ts. */
export function awsAdminDeps(): AdminDeps {
  const tableName = requireEnv(ENV.tableName);
  const db = createDocumentClient();
  return {
    clinics: new DynamoClinicStore(db, tableName),
    keys: new DynamoKeyStore(db, tableName),
    clock: systemClock,
  };
}
