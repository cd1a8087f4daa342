// What the rota check sends once: alerted coverage gaps and shift notices, one item each in the clinic
// partition (deleted by TTL a week after), claimed by one conditional Put and then marked sent. Also the
// clinic directory (the clinic records' partition of the queue index).
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GapAlertRecord } from '../../domain/rota/gap-alerts.js';
import type { ShiftNoticeRecord } from '../../domain/rota/shift-notices.js';
import type { ClinicDirectory, GapAlertStore, ShiftNoticeStore } from '../../ports/rota-notice-store.js';
import type { Page, PageRequest } from '../../ports/page.js';
import { unlessConditionFailed } from './condition-failure.js';
import { deletedAfter, storedRecord } from './expiring-items.js';
import { allByPrefix } from './id-pages.js';
import { keys } from './keys.js';
import { QUEUE_INDEX } from './table-definition.js';

type Item = Record<string, unknown>;
type Key = { PK: string; SK: string };
const KEPT_MS = 7 * 86_400_000;

const gapKey = (a: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start'>): Key => ({
  PK: keys.clinicPartition(a.clinicId),
  SK: keys.gapAlert(a.serviceId, a.start),
});
const noticeKey = (n: ShiftNoticeRecord): Key => ({
  PK: keys.clinicPartition(n.clinicId),
  SK: keys.shiftNotice(n.clinicianId, n.serviceId, n.kind, n.at),
});

export class DynamoRotaNotices implements GapAlertStore, ShiftNoticeStore, ClinicDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async list<T>(clinicId: string, prefix: string): Promise<T[]> {
    const items = await allByPrefix(this.db, this.tableName, keys.clinicPartition(clinicId), prefix);
    return items.map((item) => storedRecord<T>(item));
  }

  /** Written when nothing holds the key, or only a claim made before `staleBefore` (its check died). */
  private claim(key: Key, kind: string, record: object, keepUntil: number, staleBefore: number) {
    return unlessConditionFailed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...record, ...key, kind, ...deletedAfter(keepUntil + KEPT_MS) },
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': staleBefore },
        }),
      ),
    );
  }

  /** Only by the check whose claim it still is. */
  private markSent(key: Key, claimedAt: number, sent: { sentAt: number; sentMessages: number }) {
    return unlessConditionFailed(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #state = :sent, sentAt = :at, sentMessages = :n',
          ConditionExpression: 'claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':at': sent.sentAt,
            ':n': sent.sentMessages,
            ':claimedAt': claimedAt,
          },
        }),
      ),
    );
  }

  listGapAlerts(clinicId: string) {
    return this.list<GapAlertRecord>(clinicId, keys.gapAlertPrefix);
  }

  claimGapAlert(claim: GapAlertRecord, staleBefore: number) {
    return this.claim(gapKey(claim), 'gap-alert', claim, claim.end, staleBefore);
  }

  markGapAlertSent(
    claim: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start' | 'claimedAt'>,
    sent: { sentAt: number; sentMessages: number },
  ) {
    return this.markSent(gapKey(claim), claim.claimedAt, sent);
  }

  listShiftNotices(clinicId: string) {
    return this.list<ShiftNoticeRecord>(clinicId, keys.shiftNoticePrefix);
  }

  claimShiftNotice(claim: ShiftNoticeRecord, staleBefore: number) {
    return this.claim(noticeKey(claim), 'shift-notice', claim, claim.at, staleBefore);
  }

  markShiftNoticeSent(claim: ShiftNoticeRecord, sent: { sentAt: number; sentMessages: number }) {
    return this.markSent(noticeKey(claim), claim.claimedAt, sent);
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
