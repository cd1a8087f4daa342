import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoKeyStore } from '../../shared/adapters/aws/dynamo-key-store.js';
import { DynamoRotaNotices } from '../../shared/adapters/aws/dynamo-rota-notices.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsEmailSubscriptions } from '../../shared/adapters/aws/sns-email-subscriptions.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import { ENV } from '../../shared/config/env-names.js';
import { systemClock } from '../../shared/ports/clock.js';
import { awsPager } from './aws-pager.js';
import { requireEnv } from './env.js';

/** The production wiring, built once per cold start by each function's index.ts. */
export function awsAdminDeps(): AdminDeps {
  const tableName = requireEnv(ENV.tableName);
  const db = createDocumentClient();
  return {
    clinics: new DynamoClinicStore(db, tableName),
    keys: new DynamoKeyStore(db, tableName),
    clock: systemClock,
    gapAlerts: new DynamoRotaNotices(db, tableName),
  };
}

/**
 * The contact routes' wiring: admin deps plus the SNS pager (verification codes and test pages leave the way
 * pages do) and the email topic's subscriptions. No timer queue: nothing here schedules.
 */
export function awsContactDeps(): ContactDeps {
  const sns = new SNSClient({ maxAttempts: 3 });
  const emailTopicArn = process.env[ENV.emailTopicArn] || undefined;
  const pager = awsPager(sns);
  return {
    ...awsAdminDeps(),
    pager,
    deliverable: pager.channels,
    ...(emailTopicArn && { emailSubscriptions: new SnsEmailSubscriptions(sns, emailTopicArn) }),
  };
}
