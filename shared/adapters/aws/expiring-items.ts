// Items that DynamoDB deletes by TTL: the attribute written, and the record read back without it.
import { TTL_ATTRIBUTE } from './table-definition.js';

/** The TTL attribute that has DynamoDB delete the item once `instant` (ms) has passed. */
export const deletedAfter = (instant: number) => ({ [TTL_ATTRIBUTE]: Math.ceil(instant / 1000) });

/** A stored item without its keys, kind and TTL: the record as it was written. */
export function storedRecord<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, kind: _kind, [TTL_ATTRIBUTE]: _ttl, ...record } = item;
  return record as T;
}
