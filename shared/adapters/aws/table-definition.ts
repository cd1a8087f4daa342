// The single table's key schema, shared by the CDK stack, the local stack and the integration tests
// so the three cannot drift apart.

export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
} as const;

/**
 * Sparse index of open requests by due time: only items with a due time carry these attributes. Its
 * partition is one of DUE_SHARDS (`DUE#<n>`, by a hash of the request), so no single index partition takes
 * every clinic's writes; the sweeper reads them all in parallel (docs/scaling.md).
 */
export const DUE_INDEX = {
  name: 'due',
  partitionKey: 'duePK',
  sortKey: 'dueSK',
} as const;

/**
 * How many due partitions. Only ever raise it: a request is written to its new shard at its next change, and
 * the sweeper reads every shard below the count, so a lower count would stop reading some open requests.
 */
export const DUE_SHARDS = 16;

/**
 * The clinic's request queue by creation time: every request item carries it, and so does every clinic
 * record, in a partition of its own (`CLINICS`, sorted by clinic id: the clinic directory). The
 * partition says whether the request is open (`OPEN#<clinicId>`) or closed (`CLOSED#<clinicId>`), so the open
 * queue reads open requests only; the sort key is `<createdAt>#<requestId>`. Projects the small `listing`
 * map only (docs/architecture.md, "The request queue").
 */
export const QUEUE_INDEX = {
  name: 'byClinic',
  partitionKey: 'clinicPK',
  sortKey: 'clinicSK',
  projected: ['listing'],
} as const;

/** Attribute that DynamoDB TTL deletes by (epoch seconds). Not honoured by dynalite; code never relies on it. */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

/** CreateTable input for the embedded engines (on-demand, same keys and indexes as the CDK table). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' as const },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' as const },
      { AttributeName: DUE_INDEX.partitionKey, AttributeType: 'S' as const },
      { AttributeName: DUE_INDEX.sortKey, AttributeType: 'S' as const },
      { AttributeName: QUEUE_INDEX.partitionKey, AttributeType: 'S' as const },
      { AttributeName: QUEUE_INDEX.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DUE_INDEX.name,
        KeySchema: [
          { AttributeName: DUE_INDEX.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: DUE_INDEX.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
      {
        IndexName: QUEUE_INDEX.name,
        KeySchema: [
          { AttributeName: QUEUE_INDEX.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: QUEUE_INDEX.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...QUEUE_INDEX.projected] },
      },
    ],
  };
}
