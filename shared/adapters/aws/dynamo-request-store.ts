import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { isClosedStatus, wakeAt } from '../../domain/escalation/index.js';
import type {
  AckTokenRecord,
  CaseLinkRecord,
  SmsCodeRecord,
  StoredRequest,
} from '../../ports/stored-request.js';
import {
  isOpenListing,
  requestListing,
  type DueRequest,
  type RequestListing,
  type RequestQueueQuery,
  type RequestStore,
} from '../../ports/request-store.js';
import { requestKeys } from './keys.js';
import {
  decodeCursor,
  encodeCursor,
  MAX_QUEUE_PAGES,
  partitionsOf,
  queueRange,
  readQueue,
  REFERENCE_MATCHES,
  REFERENCE_SEARCH_PAGES,
  type PageRead,
  type PageResult,
} from './request-queue.js';
import { DUE_INDEX, DUE_SHARDS, QUEUE_INDEX, TTL_ATTRIBUTE } from './table-definition.js';
import { isConditionFailure } from './condition-failure.js';
import { deletedAfter, storedRecord } from './expiring-items.js';

const DAY = 86_400_000;
/** Credentials outlive any request that could still be open; DynamoDB TTL clears them later. */
const CREDENTIAL_TTL_MS = 30 * DAY;
/** A reference is held this long unless its request closes first: longer than any request stays open in practice. */
const REFERENCE_HOLD_MS = 90 * DAY;

function toItem(stored: StoredRequest): Record<string, unknown> {
  const { request } = stored;
  // Indexed by when it next needs attention: its timeout, or earlier a pending page to send again.
  const dueAt = wakeAt(request);
  const due =
    dueAt === null
      ? {}
      : {
          [DUE_INDEX.partitionKey]: requestKeys.duePartition(request.clinicId, request.requestId, DUE_SHARDS),
          [DUE_INDEX.sortKey]: requestKeys.due(dueAt, request.clinicId, request.requestId),
        };
  // The queue index: every request, in its clinic's open or closed partition, with the small listing it
  // projects. Nothing in the listing changes on a delivery write, so those writes cost the index nothing.
  const listing = requestListing(stored);
  return {
    ...requestKeys.request(request.clinicId, request.requestId),
    kind: 'request',
    ...stored,
    version: request.version,
    ...due,
    [QUEUE_INDEX.partitionKey]: requestKeys.queuePartition(request.clinicId, isOpenListing(listing)),
    [QUEUE_INDEX.sortKey]: requestKeys.queuePosition(request.createdAt, request.requestId),
    listing,
  };
}

type QueueKey = Record<string, unknown>;

function fromItem(item: Record<string, unknown>): StoredRequest {
  const {
    request,
    details,
    reference,
    clinicName,
    serviceName,
    emergencyProtocol,
    idempotencyKey,
    bodyHash,
  } = item as unknown as StoredRequest;
  return {
    request,
    details,
    reference,
    clinicName,
    serviceName,
    ...(emergencyProtocol !== undefined && { emergencyProtocol }),
    idempotencyKey,
    bodyHash,
  };
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

  /** The earliest `limit` due at or before `until`, over every shard (one Query each, in parallel). */
  async listDue(until: number, limit: number): Promise<DueRequest[]> {
    const pages = await Promise.all(
      requestKeys.duePartitions(DUE_SHARDS).map((partition) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: DUE_INDEX.name,
            KeyConditionExpression: '#pk = :pk AND #sk <= :until',
            ExpressionAttributeNames: { '#pk': DUE_INDEX.partitionKey, '#sk': DUE_INDEX.sortKey },
            ExpressionAttributeValues: { ':pk': partition, ':until': requestKeys.dueUntil(until) },
            Limit: limit,
          }),
        ),
      ),
    );
    // Each shard's page is its earliest: merged, the first `limit` are the earliest of all.
    return pages
      .flatMap((page) => page.Items ?? [])
      .map((item) => String(item[DUE_INDEX.sortKey]))
      .sort()
      .slice(0, limit)
      .map((sk) => {
        const [dueAt = '0', clinicId = '', requestId = ''] = sk.split('#');
        return { dueAt: Number(dueAt), clinicId, requestId };
      });
  }

  async listByClinic(clinicId: string, query: RequestQueueQuery) {
    const before = query.cursor === undefined ? undefined : decodeCursor(clinicId, query.cursor);
    const range = queueRange(query, before);
    if (range === null) return { items: [], nextCursor: null };
    const { rows, next } = await readQueue(this.queuePage(clinicId), {
      partitions: partitionsOf(query.status),
      range,
      filter: query.serviceId === undefined ? {} : { serviceId: query.serviceId },
      limit: query.limit,
      maxPages: MAX_QUEUE_PAGES,
    });
    return {
      items: rows.map((row) => row.listing),
      nextCursor: next === null ? null : encodeCursor(clinicId, next),
    };
  }

  async findByReference(clinicId: string, reference: string, now: number): Promise<RequestListing[]> {
    // The open request holding it (also one written before the queue index), beside the recent closed ones.
    const [held, closed] = await Promise.all([
      this.db.send(
        new GetCommand({ TableName: this.tableName, Key: requestKeys.reference(clinicId, reference) }),
      ),
      readQueue(this.queuePage(clinicId), {
        partitions: [false],
        range: {},
        filter: { reference },
        limit: REFERENCE_MATCHES,
        maxPages: REFERENCE_SEARCH_PAGES,
      }),
    ]);
    let open: RequestListing | null = null;
    const holder = held.Item;
    if (holder && Number(holder.heldUntil) >= now && typeof holder.requestId === 'string') {
      const stored = await this.get(clinicId, holder.requestId);
      if (stored && stored.reference === reference && !isClosedStatus(stored.request.status))
        open = requestListing(stored);
    }
    const rest = closed.rows.map((row) => row.listing).filter((l) => l.requestId !== open?.requestId);
    return open ? [open, ...rest] : rest;
  }

  /** One Query of one partition of the clinic's queue, newest first: the page reader of readQueue. */
  private queuePage(clinicId: string) {
    return async (read: PageRead<QueueKey>): Promise<PageResult<QueueKey>> => {
      const { lo, hi } = read.range;
      // One condition on the sort key: BETWEEN is inclusive, so its upper end (the cursor's own request)
      // is dropped below, and one more item is read to make up for it.
      const condition =
        lo !== undefined && hi !== undefined
          ? ' AND #sk BETWEEN :lo AND :hi'
          : lo !== undefined
            ? ' AND #sk >= :lo'
            : hi !== undefined
              ? ' AND #sk < :hi'
              : '';
      const filters = [
        ...(read.filter.serviceId !== undefined ? ['#listing.#serviceId = :serviceId'] : []),
        ...(read.filter.reference !== undefined ? ['#listing.#reference = :reference'] : []),
      ];
      const { Items, LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: QUEUE_INDEX.name,
          KeyConditionExpression: `#pk = :pk${condition}`,
          ...(filters.length > 0 && { FilterExpression: filters.join(' AND ') }),
          ExpressionAttributeNames: {
            '#pk': QUEUE_INDEX.partitionKey,
            ...(condition !== '' && { '#sk': QUEUE_INDEX.sortKey }),
            ...(filters.length > 0 && { '#listing': 'listing' }),
            ...(read.filter.serviceId !== undefined && { '#serviceId': 'serviceId' }),
            ...(read.filter.reference !== undefined && { '#reference': 'reference' }),
          },
          ExpressionAttributeValues: {
            ':pk': requestKeys.queuePartition(clinicId, read.open),
            ...(lo !== undefined && { ':lo': lo }),
            ...(hi !== undefined && { ':hi': hi }),
            ...(read.filter.serviceId !== undefined && { ':serviceId': read.filter.serviceId }),
            ...(read.filter.reference !== undefined && { ':reference': read.filter.reference }),
          },
          ScanIndexForward: false,
          Limit: read.limit + (lo !== undefined && hi !== undefined ? 1 : 0),
          ...(read.startAfter !== undefined && { ExclusiveStartKey: read.startAfter }),
        }),
      );
      const rows = (Items ?? [])
        .map((item) => ({
          position: String(item[QUEUE_INDEX.sortKey]),
          listing: item.listing as RequestListing,
        }))
        .filter((row) => hi === undefined || row.position < hi);
      return {
        rows,
        ...(LastEvaluatedKey && {
          next: { key: LastEvaluatedKey, position: String(LastEvaluatedKey[QUEUE_INDEX.sortKey]) },
        }),
      };
    };
  }

  async putAckToken(record: AckTokenRecord) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...requestKeys.ackToken(record.tokenHash),
          kind: 'acktoken',
          ...record,
          ...deletedAfter(record.createdAt + CREDENTIAL_TTL_MS),
        },
      }),
    );
  }

  async putCaseLink(record: CaseLinkRecord) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...requestKeys.caseLink(record.tokenHash),
          kind: 'caselink',
          ...record,
          ...deletedAfter(record.createdAt + CREDENTIAL_TTL_MS),
        },
      }),
    );
  }

  async findCaseLink(tokenHash: string) {
    const { Item } = await this.db.send(
      // Consistent: the accepted page redirects to a link written a moment before.
      new GetCommand({
        TableName: this.tableName,
        Key: requestKeys.caseLink(tokenHash),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    return storedRecord<CaseLinkRecord>(Item);
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
    return storedRecord<AckTokenRecord>(Item);
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
          ...deletedAfter(record.expiresAt + CREDENTIAL_TTL_MS),
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
    return storedRecord<SmsCodeRecord>(Item);
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
          ...deletedAfter(now + REFERENCE_HOLD_MS),
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
