// Cover requests, one item each in the clinic partition, deleted by TTL a week after the window ends. A
// state change is one conditional Update on the state read, with its audit entry appended in the same
// write: two colleagues accepting at once cannot both win, and the history never misses a change.
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CoverRequest, CoverTransition } from '../../domain/rota/cover-requests.js';
import type { CoverLink, CoverMark, CoverRequestStore } from '../../ports/cover-request-store.js';
import { unlessConditionFailed } from './condition-failure.js';
import { deletedAfter, storedRecord } from './expiring-items.js';
import { allByPrefix } from './id-pages.js';
import { keys } from './keys.js';

const KEPT_MS = 7 * 86_400_000;
const KIND = 'cover-request';

const coverKey = (r: Pick<CoverRequest, 'clinicId' | 'coverId'>) => ({
  PK: keys.clinicPartition(r.clinicId),
  SK: keys.coverRequest(r.coverId),
});

export class DynamoCoverRequests implements CoverRequestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  createCoverRequest(request: CoverRequest) {
    return unlessConditionFailed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...request,
            ...coverKey(request),
            kind: KIND,
            ...deletedAfter(request.end + KEPT_MS),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async getCoverRequest(clinicId: string, coverId: string) {
    const res = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: coverKey({ clinicId, coverId }),
        ConsistentRead: true,
      }),
    );
    return res.Item ? storedRecord<CoverRequest>(res.Item) : null;
  }

  async listCoverRequests(clinicId: string) {
    const items = await allByPrefix(
      this.db,
      this.tableName,
      keys.clinicPartition(clinicId),
      keys.coverRequestPrefix,
    );
    return items.map((item) => storedRecord<CoverRequest>(item));
  }

  applyCoverTransition(request: Pick<CoverRequest, 'clinicId' | 'coverId'>, t: CoverTransition) {
    const set = ['#state = :to', 'updatedAt = :at', 'history = list_append(history, :entry)'];
    const remove: string[] = [];
    const values: Record<string, unknown> = {
      ':from': t.from,
      ':to': t.to,
      ':at': t.entry.at,
      ':entry': [t.entry],
    };
    let condition = 'attribute_exists(PK) AND #state = :from';
    if (t.acceptedBy !== undefined) {
      set.push('acceptedBy = :by', 'acceptedAt = :at');
      values[':by'] = t.acceptedBy;
      condition += ' AND attribute_not_exists(acceptedBy)';
    }
    if (t.refuse !== undefined) {
      set.push('refused = list_append(refused, :refused)');
      remove.push('acceptedBy', 'acceptedAt');
      values[':refused'] = [t.refuse];
      values[':taker'] = t.refuse;
      condition += ' AND acceptedBy = :taker';
    }
    return unlessConditionFailed(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: coverKey(request),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  markCover(request: Pick<CoverRequest, 'clinicId' | 'coverId'>, mark: CoverMark, at: number) {
    return unlessConditionFailed(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: coverKey(request),
          UpdateExpression: 'SET #mark = :at',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#mark)',
          ExpressionAttributeNames: { '#mark': mark },
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async putCoverLink(link: CoverLink) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.coverLink(link.tokenHash), kind: 'coverlink', ...link, ...deletedAfter(link.end) },
      }),
    );
  }

  async findCoverLink(tokenHash: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.coverLink(tokenHash), ConsistentRead: true }),
    );
    return Item ? storedRecord<CoverLink>(Item) : null;
  }
}
