import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactsOf } from '../../domain/contacts.js';
import type { Clinician } from '../../domain/model.js';
import { DynamoClinicStore } from './dynamo-clinic-store.js';

export interface MigrationReport {
  /** Clinician records still holding `phone`/`email` fields when read. */
  found: number;
  migrated: number;
  /** Changed by someone while the migration ran: their writer already stores methods, nothing to do. */
  skipped: number;
}

/**
 * Once per table after upgrading: turns each clinician's `phone`/`email` into contact methods (contactsOf:
 * the phone stays verified, the email waits for a confirmation). Safe to run again and while the service
 * runs: each write is conditional on the record being as read, and a migrated record is never found again.
 */
export async function migrateContactMethods(
  db: DynamoDBDocumentClient,
  tableName: string,
  now: number,
): Promise<MigrationReport> {
  const store = new DynamoClinicStore(db, tableName);
  const report: MigrationReport = { found: 0, migrated: 0, skipped: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#kind = :clinician AND attribute_not_exists(contacts)',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':clinician': 'clinician' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (page.Items ?? []) as Clinician[]) {
      report.found++;
      const written = await store.updateContacts(item.clinicId, item.clinicianId, {
        readUpdatedAt: item.updatedAt,
        contacts: contactsOf(item),
        brokenContacts: item.brokenContacts ?? [],
        now: Math.max(now, item.updatedAt + 1),
      });
      if (written) report.migrated++;
      else report.skipped++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return report;
}
