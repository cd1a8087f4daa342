// Alerted coverage gaps (one item each in the clinic partition, deleted by TTL a week after the gap ends)
// and the clinic directory (the clinic records' partition of the queue index).
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GapAlertRecord } from '../../domain/rota/gap-alerts.js';
import type { ClinicDirectory, GapAlertStore } from '../../ports/gap-alert-store.js';
import type { Page, PageRequest } from '../../ports/page.js';
import { keys } from './keys.js';
import { QUEUE_INDEX, TTL_ATTRIBUTE } from './table-definition.js';

type Item = Record<string, unknown>;
const KEPT_AFTER_GAP_MS = 7 * 86_400_000;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoGapAlerts implements GapAlertStore, ClinicDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(alert: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start'>) {
    return { PK: keys.clinicPartition(alert.clinicId), SK: keys.gapAlert(alert.serviceId, alert.start) };
  }

  async listGapAlerts(clinicId: string): Promise<GapAlertRecord[]> {
    const out: GapAlertRecord[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.clinicPartition(clinicId),
            ':prefix': keys.gapAlertPrefix,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { PK: _pk, SK: _sk, kind: _kind, [TTL_ATTRIBUTE]: _ttl, ...record } = item;
        out.push(record as GapAlertRecord);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  async claimGapAlert(claim: GapAlertRecord, staleBefore: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...claim,
            ...this.key(claim),
            kind: 'gap-alert',
            [TTL_ATTRIBUTE]: Math.ceil((claim.end + KEPT_AFTER_GAP_MS) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markGapAlertSent(
    claim: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start' | 'claimedAt'>,
    sent: { sentAt: number; sentMessages: number },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(claim),
          UpdateExpression: 'SET #state = :sent, sentAt = :at, sentMessages = :n',
          ConditionExpression: 'claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':at': sent.sentAt,
            ':n': sent.sentMessages,
            ':claimedAt': claim.claimedAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async clinicIdsPage(page: PageRequest): Promise<Page<string>> {
    const want = page.limit + 1;
    const ids: string[] = [];
    let startKey: Item | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: QUEUE_INDEX.name,
          KeyConditionExpression: '#pk = :pk' + (page.after === undefined ? '' : ' AND #sk > :after'),
          ExpressionAttributeNames: {
            '#pk': QUEUE_INDEX.partitionKey,
            ...(page.after !== undefined && { '#sk': QUEUE_INDEX.sortKey }),
          },
          ExpressionAttributeValues: {
            ':pk': keys.clinicDirectory,
            ...(page.after !== undefined && { ':after': page.after }),
          },
          Limit: want - ids.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) ids.push(String(item[QUEUE_INDEX.sortKey]));
      startKey = res.LastEvaluatedKey;
    } while (startKey && ids.length < want);
    return { items: ids.slice(0, page.limit), more: ids.length > page.limit };
  }
}
