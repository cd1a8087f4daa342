import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFailed } from './condition-failure.js';
import { keys } from './keys.js';
import { QUEUE_INDEX } from './table-definition.js';

/**
 * Once per table after upgrading to the gap check: puts each clinic record stored before it into the clinic
 * directory (keys.clinicDirectory). Safe to run again and while the service runs: it only adds the two index
 * attributes, on condition the record still exists, and a record already in the directory is not found again.
 */
export async function migrateClinicDirectory(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<{ found: number; added: number }> {
  const report = { found: 0, added: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#kind = :clinic AND attribute_not_exists(#dirPK)',
        ExpressionAttributeNames: { '#kind': 'kind', '#dirPK': QUEUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':clinic': 'clinic' },
        ProjectionExpression: 'PK, SK, clinicId',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      report.found++;
      const added = await unlessConditionFailed(
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: item.PK, SK: item.SK },
            UpdateExpression: 'SET #dirPK = :dir, #dirSK = :id',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#dirPK': QUEUE_INDEX.partitionKey, '#dirSK': QUEUE_INDEX.sortKey },
            ExpressionAttributeValues: { ':dir': keys.clinicDirectory, ':id': item.clinicId },
          }),
        ),
      );
      if (added) report.added++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return report;
}
