import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CalendarFeed, CalendarFeedStore, FeedScope } from '../../ports/calendar-feed-store.js';
import { keys } from './keys.js';
import { isConditionFailure } from './condition-failure.js';

const scopeKey = (scope: FeedScope) =>
  scope.kind === 'clinician' ? `clinician#${scope.clinicianId}` : `service#${scope.serviceId}`;

// Two items per feed, and no transactions (the embedded engine has none): the lookup item under the
// token's hash says which scope it was made for, and the scope's pointer in the clinic partition says which
// token is current. A feed is valid only while both agree, so making a new one or revoking is the one
// conditional write of the pointer; a lookup item left behind (a crash, a replaced feed) grants nothing
// and is removed when seen.
export class DynamoCalendarFeedStore implements CalendarFeedStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private pointerKey(clinicId: string, scope: FeedScope) {
    return { PK: keys.clinicPartition(clinicId), SK: keys.clinicFeed(scopeKey(scope)) };
  }

  private lookupKey(tokenHash: string) {
    return { PK: keys.feedPartition(tokenHash), SK: keys.feed() };
  }

  private async pointer(clinicId: string, scope: FeedScope): Promise<string | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.pointerKey(clinicId, scope),
        ConsistentRead: true,
      }),
    );
    return Item ? String(Item.tokenHash) : null;
  }

  private asRead(old: string | null) {
    return old === null
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : { ConditionExpression: 'tokenHash = :old', ExpressionAttributeValues: { ':old': old } };
  }

  private async forget(tokenHash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: this.lookupKey(tokenHash) }));
  }

  async replaceFeed(feed: CalendarFeed, tokenHash: string): Promise<boolean> {
    const old = await this.pointer(feed.clinicId, feed.scope);
    // The lookup item first: until the pointer names it, it grants nothing.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.lookupKey(tokenHash), kind: 'calendar-feed', ...feed },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.pointerKey(feed.clinicId, feed.scope),
            kind: 'calendar-feed-pointer',
            tokenHash,
            createdAt: feed.createdAt,
          },
          ...this.asRead(old),
        }),
      );
    } catch (error) {
      await this.forget(tokenHash);
      if (isConditionFailure(error)) return false;
      throw error;
    }
    if (old !== null) await this.forget(old);
    return true;
  }

  async findFeed(tokenHash: string): Promise<CalendarFeed | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.lookupKey(tokenHash) }),
    );
    if (!Item) return null;
    const { clinicId, scope, createdAt } = Item as unknown as CalendarFeed;
    if ((await this.pointer(clinicId, scope)) !== tokenHash) {
      await this.forget(tokenHash);
      return null;
    }
    return { clinicId, scope, createdAt };
  }

  async revokeFeed(clinicId: string, scope: FeedScope): Promise<boolean> {
    for (let tries = 0; tries < 3; tries++) {
      const old = await this.pointer(clinicId, scope);
      if (old === null) return false;
      try {
        await this.db.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: this.pointerKey(clinicId, scope),
            ...this.asRead(old),
          }),
        );
        await this.forget(old);
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw Object.assign(new Error('the feed kept changing while it was revoked'), { name: 'FeedRace' });
  }
}
