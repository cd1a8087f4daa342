import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../../domain/model.js';
import type { KeyStore } from '../../ports/key-store.js';
import { keys } from './keys.js';
import { pageByPrefix } from './id-pages.js';
import type { PageRequest } from '../../ports/page.js';

/** A listing item as the record it stands for: no keys, and never the secret's hash. */
function recordOf(item: Record<string, unknown>): ApiKeyRecord {
  const { PK: _pk, SK: _sk, kind: _kind, secretHash: _hash, ...record } = item;
  return record as unknown as ApiKeyRecord;
}

// Two items per key: the lookup item under the secret's hash (what the authorizer reads, one GetItem)
// and a listing item in the clinic's partition (so an admin can revoke by keyId without the secret).
export class DynamoKeyStore implements KeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putKey(record: ApiKeyRecord, secretHash: string): Promise<void> {
    const lookup = { PK: keys.apiKeyPartition(secretHash), SK: keys.apiKey() };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...record, ...lookup, kind: 'apikey' },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...record,
          secretHash,
          PK: keys.clinicPartition(record.clinicId),
          SK: keys.clinicKey(record.keyId),
          kind: 'key',
        },
      }),
    );
  }

  async findByHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: keys.apiKeyPartition(secretHash), SK: keys.apiKey() },
      }),
    );
    if (!Item) return null;
    const { PK: _pk, SK: _sk, kind: _kind, ...record } = Item;
    return record as ApiKeyRecord;
  }

  async revokeKey(clinicId: string, keyId: string, at: number): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: keys.clinicPartition(clinicId), SK: keys.clinicKey(keyId) },
      }),
    );
    if (!Item) return false;
    // The lookup item first: that is the one that grants access.
    for (const Key of [
      { PK: keys.apiKeyPartition(String(Item.secretHash)), SK: keys.apiKey() },
      { PK: keys.clinicPartition(clinicId), SK: keys.clinicKey(keyId) },
    ]) {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    }
    return true;
  }

  async keysPage(clinicId: string, page: PageRequest) {
    const found = await pageByPrefix(
      this.db,
      this.tableName,
      keys.clinicPartition(clinicId),
      keys.clinicKeyPrefix,
      page,
    );
    return { items: found.items.map(recordOf), more: found.more };
  }

  async getKey(clinicId: string, keyId: string): Promise<ApiKeyRecord | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: keys.clinicPartition(clinicId), SK: keys.clinicKey(keyId) },
      }),
    );
    return Item ? recordOf(Item) : null;
  }
}
