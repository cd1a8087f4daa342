// An override's stored items, for reading one, listing a service's, changing and removing them.
//
// Overrides are sorted by end in the clinic partition (keys.ts), so the rota is one Query, and an
// override's id names the end it was created with (override-id.ts), so the id alone finds its item. An
// update that changes the end moves the override to the item of its new end and keeps its id; the ref item
// (`OREF#<id>`, outside the rota's range) then lists every other end it has been stored at, so the id still
// finds it. The ref also holds the override's change lock.
//
// There are no transactions (docs/architecture.md), so a change is ordered instead:
//   1. take the lock, which also adds the new end to the ref before anything is written there;
//   2. remove copies an earlier change left behind (superseded versions);
//   3. when the end moves earlier, rewrite the current item with the new version first;
//   4. write the item of the new end; 5. remove the old item; 6. release the lock.
// Readers keep the latest version of each override (latestVersions), and a superseded copy is only ever at
// an end no later than the latest version's (step 3 sees to that), so any read that meets it also meets
// the latest: the rota and the API see the old version or the new one, never a mix. A change cut short
// leaves a copy for the next change to remove, and a lock that expires on its own.
import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Override } from '../../domain/model.js';
import { overrideEndFromId } from '../../domain/override-id.js';
import { latestVersions, overrideVersion } from '../../domain/override-versions.js';
import type { OverridePageRequest, OverridePosition, OverrideRemoval, Page } from '../../ports/page.js';
import { keys } from './keys.js';
import { isConditionFailure } from './condition-failure.js';

type Item = Record<string, unknown>;

/** Longer than any function runs (10 s): a lock outlives only a change that was cut short. */
export const OVERRIDE_LOCK_MS = 30_000;

/** One stored copy of an override, and the end its item's key sorts by (its `end`, unless step 3 left it). */
interface Copy {
  override: Override;
  bound: number;
}

const fromItem = (item: Item): Override => {
  const { PK: _pk, SK: _sk, kind: _kind, ...rest } = item;
  return rest as unknown as Override;
};

// Versions as conditions on a stored item (an override never updated has no updatedAt).
const SAME_VERSION = '(updatedAt = :version OR (attribute_not_exists(updatedAt) AND createdAt = :version))';
const OLDER_VERSION = '(updatedAt < :version OR (attribute_not_exists(updatedAt) AND createdAt < :version))';

/** The latest version; of two copies of it (step 3 cut short), the one stored under its own end. */
function latestCopy(copies: readonly Copy[]): Copy | undefined {
  let best: Copy | undefined;
  for (const c of copies) {
    const v = overrideVersion(c.override);
    const b = best && overrideVersion(best.override);
    if (!best || b === undefined || v > b || (v === b && c.bound === c.override.end)) best = c;
  }
  return best;
}

const byPosition = (a: OverridePosition, b: OverridePosition) =>
  a.start - b.start || (a.overrideId < b.overrideId ? -1 : a.overrideId > b.overrideId ? 1 : 0);

export class DynamoOverrides {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private itemKey(clinicId: string, end: number, overrideId: string) {
    return { PK: keys.clinicPartition(clinicId), SK: keys.override(end, overrideId) };
  }

  private refKey(clinicId: string, overrideId: string) {
    return { PK: keys.clinicPartition(clinicId), SK: keys.overrideRef(overrideId) };
  }

  private async getItem(Key: Item): Promise<Item | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every stored copy of the override, if it is one of this service's. */
  private async copies(clinicId: string, serviceId: string, overrideId: string): Promise<Copy[]> {
    const home = overrideEndFromId(overrideId);
    if (home === null) return [];
    const [atHome, ref] = await Promise.all([
      this.getItem(this.itemKey(clinicId, home, overrideId)),
      this.getItem(this.refKey(clinicId, overrideId)),
    ]);
    const elsewhere = [...((ref?.ends as Set<number> | undefined) ?? [])].filter((end) => end !== home);
    const moved = await Promise.all(
      elsewhere.map(async (end) => ({
        end,
        item: await this.getItem(this.itemKey(clinicId, end, overrideId)),
      })),
    );
    return [{ end: home, item: atHome }, ...moved].flatMap(({ end, item }) =>
      item && item.kind === 'override' && item.serviceId === serviceId && item.overrideId === overrideId
        ? [{ override: fromItem(item), bound: end }]
        : [],
    );
  }

  async get(clinicId: string, serviceId: string, overrideId: string): Promise<Override | null> {
    return latestCopy(await this.copies(clinicId, serviceId, overrideId))?.override ?? null;
  }

  /**
   * The service's overrides by start, a page after `after`. One that starts after `after.start` also ends
   * after it, so the range read starts there; the sort is by end, so the rest of the range is read and
   * sorted by start here (a clinic's overrides from one instant on are a few hundred items at most).
   */
  async page(clinicId: string, serviceId: string, request: OverridePageRequest): Promise<Page<Override>> {
    const { endingAfter, after, limit } = request;
    const lowest = Math.max(endingAfter ?? -1, after?.start ?? -1);
    const found: Override[] = [];
    let startKey: Item | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          FilterExpression: '#kind = :override AND serviceId = :serviceId',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: {
            ':pk': keys.clinicPartition(clinicId),
            ':from': lowest >= 0 ? keys.overridesEndingAfter(lowest) : keys.overridePrefix,
            ':to': keys.overridesEnd,
            ':override': 'override',
            ':serviceId': serviceId,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) found.push(fromItem(item));
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    const listed = latestVersions(found)
      .filter(
        (o) => (endingAfter === undefined || o.end > endingAfter) && (!after || byPosition(o, after) > 0),
      )
      .sort(byPosition);
    return { items: listed.slice(0, limit), more: listed.length > limit };
  }

  async replace(next: Override, read: Override, now: number): Promise<boolean> {
    const { clinicId, serviceId, overrideId } = next;
    const home = overrideEndFromId(overrideId);
    if (home === null || read.overrideId !== overrideId) return false;
    // Readers keep the greatest version: an update that did not move it on could be lost behind the old.
    if (overrideVersion(next) <= overrideVersion(read)) throw new Error('an update must move the version on');
    const token = await this.lock(
      clinicId,
      serviceId,
      overrideId,
      now,
      next.end === home ? undefined : next.end,
    );
    if (!token) return false;
    try {
      const copies = await this.copies(clinicId, serviceId, overrideId);
      const latest = latestCopy(copies);
      if (!latest || overrideVersion(latest.override) !== overrideVersion(read)) return false;
      for (const stale of copies) if (stale !== latest) await this.deleteCopy(clinicId, stale);
      if (latest.bound === next.end) return await this.write(next, latest.bound, latest.override);
      // Moving earlier: the item being left takes the new version first, so no read that starts between
      // the two ends can find the old version alone.
      const earlier = next.end < latest.bound;
      if (earlier && !(await this.write(next, latest.bound, latest.override))) return false;
      if (!(await this.write(next, next.end, null))) return false;
      await this.deleteCopy(clinicId, { override: earlier ? next : latest.override, bound: latest.bound });
      return true;
    } finally {
      await this.unlock(clinicId, overrideId, token);
    }
  }

  async remove(
    clinicId: string,
    serviceId: string,
    overrideId: string,
    now: number,
  ): Promise<OverrideRemoval> {
    if ((await this.copies(clinicId, serviceId, overrideId)).length === 0) return 'absent';
    const token = await this.lock(clinicId, serviceId, overrideId, now);
    if (!token) return 'busy';
    let copies: Copy[] = [];
    try {
      copies = await this.copies(clinicId, serviceId, overrideId);
      // Oldest first: were this cut short, what is left is the latest version, never an older one.
      const oldestFirst = [...copies].sort(
        (a, b) => overrideVersion(a.override) - overrideVersion(b.override),
      );
      for (const copy of oldestFirst) await this.deleteCopy(clinicId, copy);
      copies = await this.copies(clinicId, serviceId, overrideId);
      return copies.length === 0 ? 'removed' : 'busy';
    } finally {
      // With no copy left the ref has nothing to point to: it goes, and the lock with it.
      if (copies.length === 0) await this.deleteRef(clinicId, overrideId, token);
      else await this.unlock(clinicId, overrideId, token);
    }
  }

  /**
   * Every override of a service, without taking their locks: the service is going, and nothing else can
   * address its overrides once it is gone. Each override's oldest copies go first, as in remove.
   */
  async removeAllOf(clinicId: string, serviceId: string): Promise<void> {
    const [items, refs] = await Promise.all([
      this.query(clinicId, keys.overridePrefix, keys.overridesEnd, 'override', serviceId),
      this.query(clinicId, keys.overrideRefPrefix, `${keys.overrideRefPrefix}~`, 'override-ref', serviceId),
    ]);
    const byOverride = new Map<string, Item[]>();
    for (const item of items) {
      const id = String(item.overrideId);
      byOverride.set(id, [...(byOverride.get(id) ?? []), item]);
    }
    const groups = [...byOverride.values()];
    // A few at a time: a service's history can be long, and one function has 10 s.
    for (let i = 0; i < groups.length; i += 10)
      await Promise.all(
        groups.slice(i, i + 10).map(async (group) => {
          const oldestFirst = group.sort(
            (a, b) => overrideVersion(fromItem(a)) - overrideVersion(fromItem(b)),
          );
          for (const item of oldestFirst)
            await this.db.send(
              new DeleteCommand({ TableName: this.tableName, Key: { PK: item.PK, SK: item.SK } }),
            );
        }),
      );
    for (const ref of refs)
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { PK: ref.PK, SK: ref.SK } }));
  }

  private async query(clinicId: string, from: string, to: string, kind: string, serviceId: string) {
    const out: Item[] = [];
    let startKey: Item | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          FilterExpression: '#kind = :kind AND serviceId = :serviceId',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: {
            ':pk': keys.clinicPartition(clinicId),
            ':from': from,
            ':to': to,
            ':kind': kind,
            ':serviceId': serviceId,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      out.push(...(res.Items ?? []));
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  /** Stores `override` under the end `bound`, on condition the item holds `expected` (null: no version). */
  private async write(override: Override, bound: number, expected: Override | null): Promise<boolean> {
    const Item = {
      ...override,
      ...this.itemKey(override.clinicId, bound, override.overrideId),
      kind: 'override',
    };
    return this.db
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item,
          ...(expected
            ? {
                ConditionExpression: SAME_VERSION,
                ExpressionAttributeValues: { ':version': overrideVersion(expected) },
              }
            : {
                // A copy an earlier change left there is older; a newer one would mean the lock failed.
                ConditionExpression: `attribute_not_exists(PK) OR ${OLDER_VERSION}`,
                ExpressionAttributeValues: { ':version': overrideVersion(override) },
              }),
        }),
      )
      .then(() => true)
      .catch((error: unknown) => {
        if (isConditionFailure(error)) return false;
        throw error;
      });
  }

  /** Removes one copy if it still holds that version; a copy that changed meanwhile stays. */
  private async deleteCopy(clinicId: string, copy: Copy): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.itemKey(clinicId, copy.bound, copy.override.overrideId),
          ConditionExpression: SAME_VERSION,
          ExpressionAttributeValues: { ':version': overrideVersion(copy.override) },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  /** The override's change lock, for OVERRIDE_LOCK_MS; null while another change holds it. */
  private async lock(
    clinicId: string,
    serviceId: string,
    overrideId: string,
    now: number,
    addEnd?: number,
  ): Promise<string | null> {
    const token = randomUUID();
    return this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.refKey(clinicId, overrideId),
          UpdateExpression: `SET #kind = :kind, overrideId = :id, serviceId = :serviceId, lockedBy = :token, lockedUntil = :until${addEnd === undefined ? '' : ' ADD ends :ends'}`,
          ConditionExpression:
            '(attribute_not_exists(lockedUntil) OR lockedUntil <= :now) AND (attribute_not_exists(serviceId) OR serviceId = :serviceId)',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: {
            ':kind': 'override-ref',
            ':id': overrideId,
            ':serviceId': serviceId,
            ':token': token,
            ':until': now + OVERRIDE_LOCK_MS,
            ':now': now,
            ...(addEnd !== undefined && { ':ends': new Set([addEnd]) }),
          },
        }),
      )
      .then(() => token)
      .catch((error: unknown) => {
        if (isConditionFailure(error)) return null;
        throw error;
      });
  }

  private async unlock(clinicId: string, overrideId: string, token: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.refKey(clinicId, overrideId),
          UpdateExpression: 'REMOVE lockedBy, lockedUntil',
          ConditionExpression: 'lockedBy = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  private async deleteRef(clinicId: string, overrideId: string, token: string): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.refKey(clinicId, overrideId),
          ConditionExpression: 'lockedBy = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
