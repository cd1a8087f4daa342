import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Clinic, Clinician, ContactChannel, Override, Service } from '../../domain/model.js';
import type { ClinicStore, RotaSnapshot } from '../../ports/clinic-store.js';
import { overrideEndFromId } from '../../domain/override-id.js';
import { isConditionFailure, unlessConditionFailed } from './condition-failure.js';
import { keys } from './keys.js';
import { QUEUE_INDEX } from './table-definition.js';
import { DynamoOverrides } from './dynamo-overrides.js';
import { allByPrefix, pageByPrefix } from './id-pages.js';
import type { OverridePageRequest, PageRequest } from '../../ports/page.js';

type Item = Record<string, unknown>;

// Records are stored as their own attributes plus the keys and a `kind`; reading strips the keys back off.
function strip<T>(item: Item): T {
  const { PK: _pk, SK: _sk, kind: _kind, clinicPK: _dirPK, clinicSK: _dirSK, ...rest } = item;
  return rest as T;
}

/** The clinic record as stored: its keys, and its place in the clinic directory (keys.clinicDirectory). */
const clinicItem = (clinic: Clinic): Item => ({
  ...clinic,
  PK: keys.clinicPartition(clinic.clinicId),
  SK: keys.clinic(),
  kind: 'clinic',
  [QUEUE_INDEX.partitionKey]: keys.clinicDirectory,
  [QUEUE_INDEX.sortKey]: clinic.clinicId,
});

export class DynamoClinicStore implements ClinicStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async put(partition: string, sort: string, kind: string, record: object): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...record, PK: partition, SK: sort, kind } }),
    );
  }

  private async get<T>(partition: string, sort: string): Promise<T | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: partition, SK: sort } }),
    );
    return Item ? strip<T>(Item) : null;
  }

  private async listByPrefix<T>(partition: string, prefix: string): Promise<T[]> {
    return (await allByPrefix(this.db, this.tableName, partition, prefix)).map((item) => strip<T>(item));
  }

  async putClinic(clinic: Clinic): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: clinicItem(clinic) }));
  }

  getClinic(clinicId: string) {
    return this.get<Clinic>(keys.clinicPartition(clinicId), keys.clinic());
  }

  putClinician(clinician: Clinician) {
    const { clinicId, clinicianId } = clinician;
    return this.put(keys.clinicPartition(clinicId), keys.clinician(clinicianId), 'clinician', clinician);
  }

  replaceClinic(clinic: Clinic, readUpdatedAt: number | null): Promise<boolean> {
    return this.putOnCondition(clinicItem(clinic), readUpdatedAt);
  }

  replaceClinician(clinician: Clinician, readUpdatedAt: number | null): Promise<boolean> {
    const { clinicId, clinicianId } = clinician;
    const Item = {
      ...clinician,
      PK: keys.clinicPartition(clinicId),
      SK: keys.clinician(clinicianId),
      kind: 'clinician',
    };
    return this.putOnCondition(Item, readUpdatedAt);
  }

  /** A put on condition the item is as last read (null: must not exist yet); false when it was not. */
  private putOnCondition(Item: Record<string, unknown>, readUpdatedAt: number | null): Promise<boolean> {
    return unlessConditionFailed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item,
          ...(readUpdatedAt === null
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: 'updatedAt = :read',
                ExpressionAttributeValues: { ':read': readUpdatedAt },
              }),
        }),
      ),
    );
  }

  getClinician(clinicId: string, clinicianId: string) {
    return this.get<Clinician>(keys.clinicPartition(clinicId), keys.clinician(clinicianId));
  }

  listClinicians(clinicId: string) {
    return this.listByPrefix<Clinician>(keys.clinicPartition(clinicId), keys.clinicianPrefix);
  }

  async updateContacts(
    clinicId: string,
    clinicianId: string,
    change: Parameters<ClinicStore['updateContacts']>[2],
  ): Promise<boolean> {
    const rules = change.notificationRules !== undefined;
    const notice = change.shiftNoticeMinutes !== undefined;
    return unlessConditionFailed(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.clinicPartition(clinicId), SK: keys.clinician(clinicianId) },
          // The methods replace the fields they were migrated from.
          UpdateExpression: `SET contacts = :contacts, brokenContacts = :broken, updatedAt = :now${rules ? ', notificationRules = :rules' : ''}${notice ? ', shiftNoticeMinutes = :notice' : ''} REMOVE phone, email`,
          ConditionExpression: 'updatedAt = :read',
          ExpressionAttributeValues: {
            ':contacts': change.contacts,
            ':broken': change.brokenContacts,
            ':now': change.now,
            ':read': change.readUpdatedAt,
            ...(rules && { ':rules': change.notificationRules }),
            ...(notice && { ':notice': change.shiftNoticeMinutes }),
          },
        }),
      ),
    );
  }

  async markContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel): Promise<void> {
    const current = await this.getClinician(clinicId, clinicianId);
    if (!current || current.brokenContacts.includes(channel)) return;
    // Conditional on the contacts being unchanged: an admin who just fixed the number must not be overwritten.
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.clinicPartition(clinicId), SK: keys.clinician(clinicianId) },
          // A mark moves updatedAt on too, so a contact change that read the record before it cannot
          // write the old list back over it (its condition fails and it reads again).
          UpdateExpression: 'SET brokenContacts = list_append(brokenContacts, :channel), updatedAt = :next',
          // Every change of the contact methods moves updatedAt: a mark only holds the methods it was made on.
          ConditionExpression: 'updatedAt = :read',
          ExpressionAttributeValues: {
            ':channel': [channel],
            ':read': current.updatedAt,
            ':next': current.updatedAt + 1,
          },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async clearContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel): Promise<void> {
    const Key = { PK: keys.clinicPartition(clinicId), SK: keys.clinician(clinicianId) };
    // Almost always nothing is broken: one small read (cheaper than a write, even a refused conditional one)
    // and no write. A strongly consistent read, so a mark made just before a successful send is seen.
    for (let round = 0; round < 4; round++) {
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key,
          ProjectionExpression: 'brokenContacts',
          ConsistentRead: true,
        }),
      );
      const index = ((Item?.brokenContacts as ContactChannel[] | undefined) ?? []).indexOf(channel);
      if (index < 0) return;
      // Removed by position, on condition it still holds this channel: a concurrent change of the list
      // (another mark, an admin's PUT) makes the write fail instead of removing the wrong entry. Then read
      // again, which also removes a duplicate left by two marks racing.
      await this.db
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: `REMOVE brokenContacts[${index}] SET updatedAt = updatedAt + :one`,
            ConditionExpression: `brokenContacts[${index}] = :channel`,
            ExpressionAttributeValues: { ':channel': channel, ':one': 1 },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
  }

  putService(service: Service) {
    return this.put(
      keys.clinicPartition(service.clinicId),
      keys.service(service.serviceId),
      'service',
      service,
    );
  }

  getService(clinicId: string, serviceId: string) {
    return this.get<Service>(keys.clinicPartition(clinicId), keys.service(serviceId));
  }

  listServices(clinicId: string) {
    return this.listByPrefix<Service>(keys.clinicPartition(clinicId), keys.servicePrefix);
  }

  putOverride(override: Override) {
    const sort = keys.override(override.end, override.overrideId);
    return this.put(keys.clinicPartition(override.clinicId), sort, 'override', override);
  }

  async deleteOverride(clinicId: string, serviceId: string, overrideId: string): Promise<boolean> {
    const end = overrideEndFromId(overrideId);
    if (end === null) return false;
    const { Attributes } = await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.clinicPartition(clinicId), SK: keys.override(end, overrideId) },
          ConditionExpression: 'attribute_not_exists(PK) OR serviceId = :serviceId',
          ExpressionAttributeValues: { ':serviceId': serviceId },
          ReturnValues: 'ALL_OLD',
        }),
      )
      .catch((error: unknown) => {
        if (isConditionFailure(error)) return { Attributes: undefined };
        throw error;
      });
    return Attributes !== undefined;
  }

  async loadRota(clinicId: string, since: number): Promise<RotaSnapshot | null> {
    const snapshot: Omit<RotaSnapshot, 'clinic'> & { clinic: Clinic | null } = {
      clinic: null,
      clinicians: [],
      services: [],
      overrides: [],
    };
    let startKey: Item | undefined;
    do {
      // One page covers any real clinic (1 MB); the loop only guards against pathological rotas.
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK >= :from',
          ExpressionAttributeValues: {
            ':pk': keys.clinicPartition(clinicId),
            ':from': keys.overridesEndingAfter(since),
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.kind === 'override') snapshot.overrides.push(strip<Override>(item));
        else if (item.kind === 'clinician') snapshot.clinicians.push(strip<Clinician>(item));
        else if (item.kind === 'service') snapshot.services.push(strip<Service>(item));
        else if (item.kind === 'clinic') snapshot.clinic = strip<Clinic>(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return snapshot.clinic ? { ...snapshot, clinic: snapshot.clinic } : null;
  }

  async cliniciansPage(clinicId: string, page: PageRequest) {
    const found = await pageByPrefix(
      this.db,
      this.tableName,
      keys.clinicPartition(clinicId),
      keys.clinicianPrefix,
      page,
    );
    return { items: found.items.map((item) => strip<Clinician>(item)), more: found.more };
  }

  async servicesPage(clinicId: string, page: PageRequest) {
    const found = await pageByPrefix(
      this.db,
      this.tableName,
      keys.clinicPartition(clinicId),
      keys.servicePrefix,
      page,
    );
    return { items: found.items.map((item) => strip<Service>(item)), more: found.more };
  }

  /** Overrides read, moved and removed by id (dynamo-overrides.ts says how an update keeps the id). */
  private overrideItems?: DynamoOverrides;
  private get overrides(): DynamoOverrides {
    return (this.overrideItems ??= new DynamoOverrides(this.db, this.tableName));
  }

  getOverride(clinicId: string, serviceId: string, overrideId: string) {
    return this.overrides.get(clinicId, serviceId, overrideId);
  }

  overridesPage(clinicId: string, serviceId: string, page: OverridePageRequest) {
    return this.overrides.page(clinicId, serviceId, page);
  }

  replaceOverride(next: Override, read: Override, now: number) {
    return this.overrides.replace(next, read, now);
  }

  removeOverride(clinicId: string, serviceId: string, overrideId: string, now: number) {
    return this.overrides.remove(clinicId, serviceId, overrideId, now);
  }

  async deleteService(clinicId: string, serviceId: string): Promise<boolean> {
    if (!(await this.getService(clinicId, serviceId))) return false;
    // Its overrides first: were this cut short, the service is still there to delete again, and a service
    // made later with the same id never inherits old cover.
    await this.overrides.removeAllOf(clinicId, serviceId);
    return this.deleteItem(keys.clinicPartition(clinicId), keys.service(serviceId));
  }

  deleteClinician(clinicId: string, clinicianId: string): Promise<boolean> {
    return this.deleteItem(keys.clinicPartition(clinicId), keys.clinician(clinicianId));
  }

  /** True when there was an item to delete. */
  private async deleteItem(partition: string, sort: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { PK: partition, SK: sort },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}
