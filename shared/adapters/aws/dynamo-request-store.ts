import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { wakeAt } from '../../domain/escalation/index.js';
import type { AckTokenRecord, SmsCodeRecord, StoredRequest } from '../../ports/stored-request.js';
import type { DueRequest, RequestStore } from '../../ports/request-store.js';
import { requestKeys } from './keys.js';
import { DUE_INDEX, TTL_ATTRIBUTE } from './table-definition.js';

const DAY = 86_400_000;
/** Credentials outlive any request that could still be open; DynamoDB TTL clears them later. */
const CREDENTIAL_TTL_MS = 30 * DAY;
/** A reference is held this long unless its request closes first: longer than any request stays open in practice. */
const REFERENCE_HOLD_MS = 90 * DAY;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

function toItem(stored: StoredRequest): Record<string, unknown> {
  const { request } = stored;
  // Indexed by when it next needs attention: its timeout, or earlier a pending page to send again.
  const dueAt = wakeAt(request);
  const due =
    dueAt === null
      ? {}
      : {
          [DUE_INDEX.partitionKey]: requestKeys.duePartition,
          [DUE_INDEX.sortKey]: requestKeys.due(dueAt, request.clinicId, request.requestId),
        };
  return {
    ...requestKeys.request(request.clinicId, request.requestId),
    kind: 'request',
    ...stored,
    version: request.version,
    ...due,
  };
}

function fromItem(item: Record<string, unknown>): StoredRequest {
  const { request, details, reference, clinicName, serviceName, idempotencyKey, bodyHash } =
    item as unknown as StoredRequest;
  return { request, details, reference, clinicName, serviceName, idempotencyKey, bodyHash };
}

export class DynamoRequestStore implements RequestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One conditional write: true when it was made, false when its condition failed; other errors throw. */
  private async conditionalWrite(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      // Two calls for the client's two overloads; the same request either way.
      if (command instanceof PutCommand) await this.db.send(command);
      else await this.db.send(command);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async create(stored: StoredRequest) {
    const created = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(stored),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    if (created) return { created: true as const };
    const existing = await this.get(stored.request.clinicId, stored.request.requestId);
    if (!existing) throw new Error('the request exists and cannot be read');
    return { created: false as const, existing };
  }

  async get(clinicId: string, requestId: string) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: requestKeys.request(clinicId, requestId),
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : null;
  }

  replace(stored: StoredRequest, expectedVersion: number) {
    return this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(stored),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
  }

  async listDue(until: number, limit: number): Promise<DueRequest[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DUE_INDEX.name,
        KeyConditionExpression: '#pk = :pk AND #sk <= :until',
        ExpressionAttributeNames: { '#pk': DUE_INDEX.partitionKey, '#sk': DUE_INDEX.sortKey },
        ExpressionAttributeValues: { ':pk': requestKeys.duePartition, ':until': requestKeys.dueUntil(until) },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => {
      const [dueAt = '0', clinicId = '', requestId = ''] = String(item[DUE_INDEX.sortKey]).split('#');
      return { dueAt: Number(dueAt), clinicId, requestId };
    });
  }

  async putAckToken(record: AckTokenRecord) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...requestKeys.ackToken(record.tokenHash),
          kind: 'acktoken',
          ...record,
          [TTL_ATTRIBUTE]: Math.ceil((record.createdAt + CREDENTIAL_TTL_MS) / 1000),
        },
      }),
    );
  }

  async findAckToken(tokenHash: string) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: requestKeys.ackToken(tokenHash),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const { PK: _pk, SK: _sk, kind: _kind, [TTL_ATTRIBUTE]: _ttl, ...record } = Item;
    return record as AckTokenRecord;
  }

  async useAckToken(tokenHash: string, now: number) {
    return this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKeys.ackToken(tokenHash),
        UpdateExpression: 'SET usedAt = :now',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  }

  async smsMisses(phone: string, now: number, add: boolean) {
    const Key = requestKeys.smsMisses(phone, Math.floor(now / 900_000));
    if (!add) {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      );
      return Number(Item?.misses ?? 0);
    }
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'ADD misses :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': Math.ceil(now / 1000) + 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.misses ?? 1);
  }

  async releaseAckToken(tokenHash: string, usedAt: number) {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKeys.ackToken(tokenHash),
        UpdateExpression: 'REMOVE usedAt',
        ConditionExpression: 'usedAt = :usedAt',
        ExpressionAttributeValues: { ':usedAt': usedAt },
      }),
    );
  }

  async reserveSmsCode(record: SmsCodeRecord, now: number) {
    return this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...requestKeys.smsCode(record.phone, record.code),
          kind: 'smscode',
          ...record,
          [TTL_ATTRIBUTE]: Math.ceil((record.expiresAt + CREDENTIAL_TTL_MS) / 1000),
        },
        // A code may be reused for a phone once its earlier page has expired; never while it is live.
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  }

  async findSmsCode(phone: string, code: string, now: number) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: requestKeys.smsCode(phone, code),
        ConsistentRead: true,
      }),
    );
    if (!Item || Number(Item.expiresAt) < now) return null;
    const { PK: _pk, SK: _sk, kind: _kind, [TTL_ATTRIBUTE]: _ttl, ...record } = Item;
    return record as SmsCodeRecord;
  }

  async reserveReference(clinicId: string, reference: string, requestId: string, now: number) {
    return this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...requestKeys.reference(clinicId, reference),
          kind: 'reference',
          requestId,
          heldUntil: now + REFERENCE_HOLD_MS,
          [TTL_ATTRIBUTE]: Math.ceil((now + REFERENCE_HOLD_MS) / 1000),
        },
        ConditionExpression: 'attribute_not_exists(PK) OR requestId = :me OR heldUntil < :now',
        ExpressionAttributeValues: { ':me': requestId, ':now': now },
      }),
    );
  }

  async releaseReference(clinicId: string, reference: string, requestId: string, now: number) {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKeys.reference(clinicId, reference),
        // Held until the instant before: free at once, also for a submit within the same millisecond.
        UpdateExpression: 'SET heldUntil = :before',
        ConditionExpression: 'requestId = :me',
        ExpressionAttributeValues: { ':me': requestId, ':before': now - 1 },
      }),
    );
  }
}
