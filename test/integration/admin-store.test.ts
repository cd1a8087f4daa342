// The admin lists and the override changes of the DynamoDB adapters, on the harness's engine: pages in id
// order, an override that keeps its id while an update moves it to the item of its new end, what a change
// cut short leaves (and that readers and the next change cope with it), the change lock, and a service
// deleted with its overrides.
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoKeyStore } from '../../shared/adapters/aws/dynamo-key-store.js';
import { OVERRIDE_LOCK_MS } from '../../shared/adapters/aws/dynamo-overrides.js';
import { keys } from '../../shared/adapters/aws/keys.js';
import type { Clinic, Clinician, Override, Service } from '../../shared/domain/model.js';
import { makeOverrideId } from '../../shared/domain/override-id.js';
import { createTestTable, type TestTable } from '../support/test-table.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3600_000;
const NOW = T0 - HOUR;

const clinic = (clinicId: string): Clinic => ({
  clinicId,
  name: clinicId,
  timezone: 'Europe/London',
  fallback: [{ name: 'Duty', phone: '+447700900201' }],
  fallbackRepeatSeconds: 300,
  createdAt: T0,
  updatedAt: T0,
});
const clinician = (clinicId: string, clinicianId: string): Clinician => ({
  clinicId,
  clinicianId,
  name: clinicianId.toUpperCase(),
  active: true,
  brokenContacts: [],
  updatedAt: T0,
});
const service = (clinicId: string, serviceId: string): Service => ({
  clinicId,
  serviceId,
  name: serviceId,
  rotation: { participants: ['a'], start: '2026-01-05', handoff: { every: 'day', count: 1, at: '08:00' } },
  escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
  updatedAt: T0,
});
let seq = 0;
const override = (start: number, end: number, over: Partial<Override> = {}): Override => ({
  overrideId: makeOverrideId(end, `rand${String(seq++).padStart(4, '0')}`),
  clinicId: 'c1',
  serviceId: 'general',
  clinicianId: 'a',
  start,
  end,
  createdAt: NOW - HOUR,
  ...over,
});
const updated = (o: Override, change: Partial<Override>, at: number): Override => ({
  ...o,
  ...change,
  updatedAt: at,
});

describe(`admin lists and override changes on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let store: DynamoClinicStore;
  let keyStore: DynamoKeyStore;

  /** Every item of the override in the clinic partition, by sort key. */
  async function itemsOf(overrideId: string) {
    const { Items } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: 'overrideId = :id',
        ExpressionAttributeValues: { ':pk': keys.clinicPartition('c1'), ':id': overrideId },
      }),
    );
    return (Items ?? []).map((i) => ({
      SK: i.SK as string,
      kind: i.kind,
      end: i.end,
      updatedAt: i.updatedAt,
    }));
  }

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoClinicStore(table.db, table.tableName);
    keyStore = new DynamoKeyStore(table.db, table.tableName);
    for (const c of ['c1', 'c2']) await store.putClinic(clinic(c));
    await store.putService(service('c1', 'general'));
    await store.putService(service('c1', 'elderly'));
  });
  afterAll(() => table.destroy());

  it('pages clinicians, services and keys in id order, 2 at a time, within one clinic', async () => {
    for (const id of ['e', 'a', 'd', 'b', 'c']) await store.putClinician(clinician('c1', id));
    await store.putClinician(clinician('c2', 'aa'));
    const seen: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.cliniciansPage('c1', { limit: 2, ...(after && { after }) });
      seen.push(page.items.map((c) => c.clinicianId));
      if (!page.more) break;
      after = page.items.at(-1)?.clinicianId;
    }
    expect(seen).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    // The id after which a page starts need not exist any more (deleted between two pages).
    expect(
      (await store.cliniciansPage('c1', { limit: 2, after: 'bb' })).items.map((c) => c.clinicianId),
    ).toEqual(['c', 'd']);
    // A prefix of an id is before it: "a" continues with "a-x" and "a0", never repeats "a".
    await store.putClinician(clinician('c1', 'a-x'));
    expect(
      (await store.cliniciansPage('c1', { limit: 2, after: 'a' })).items.map((c) => c.clinicianId),
    ).toEqual(['a-x', 'b']);
    expect(await store.deleteClinician('c1', 'a-x')).toBe(true);
    expect(await store.deleteClinician('c1', 'a-x')).toBe(false);

    const services = await store.servicesPage('c1', { limit: 1 });
    expect([services.items.map((s) => s.serviceId), services.more]).toEqual([['elderly'], true]);
    const rest = await store.servicesPage('c1', { limit: 5, after: 'elderly' });
    expect([rest.items.map((s) => s.serviceId), rest.more]).toEqual([['general'], false]);

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const keyId = `key_${String.fromCharCode(97 + i)}`;
      ids.push(keyId);
      await keyStore.putKey(
        { keyId, clinicId: 'c1', role: 'intake', label: `desk ${i}`, createdAt: T0 },
        `hash-${i}`,
      );
    }
    await keyStore.revokeKey('c1', 'key_b', T0 + HOUR);
    const first = await keyStore.keysPage('c1', { limit: 2 });
    const second = await keyStore.keysPage('c1', { limit: 2, after: 'key_b' });
    const third = await keyStore.keysPage('c1', { limit: 2, after: 'key_d' });
    expect([first, second, third].map((p) => [p.items.map((k) => k.keyId), p.more])).toEqual([
      [['key_a', 'key_b'], true],
      [['key_c', 'key_d'], true],
      [['key_e'], false],
    ]);
    expect(first.items[1]).toEqual({
      keyId: 'key_b',
      clinicId: 'c1',
      role: 'intake',
      label: 'desk 1',
      createdAt: T0,
      revokedAt: T0 + HOUR,
    });
    expect(await keyStore.getKey('c1', 'key_c')).not.toHaveProperty('secretHash');
    expect(await keyStore.getKey('c2', 'key_c')).toBeNull();
  });

  it('an update to a later end moves the override, keeps its id, and the rota reads one version', async () => {
    const o = override(T0, T0 + 2 * HOUR);
    await store.putOverride(o);
    const next = updated(o, { end: T0 + 30 * HOUR, clinicianId: 'b' }, NOW);
    expect(await store.replaceOverride(next, o, NOW)).toBe(true);
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(next);
    expect(await itemsOf(o.overrideId)).toEqual([
      // The ref lists the new end, sorts before every override, and holds no lock once done.
      { SK: keys.overrideRef(o.overrideId), kind: 'override-ref', end: undefined, updatedAt: undefined },
      {
        SK: keys.override(T0 + 30 * HOUR, o.overrideId),
        kind: 'override',
        end: T0 + 30 * HOUR,
        updatedAt: NOW,
      },
    ]);
    // Past the old end the rota still has it, as the new version, in its one Query.
    table.calls.length = 0;
    const rota = await store.loadRota('c1', T0 + 10 * HOUR);
    expect(table.calls).toEqual(['QueryCommand']);
    expect(rota?.overrides.filter((x) => x.overrideId === o.overrideId)).toEqual([next]);
    // Back to the end its id names: home again, found again.
    const home = updated(next, { end: T0 + 2 * HOUR }, NOW + 1);
    expect(await store.replaceOverride(home, next, NOW + 1)).toBe(true);
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(home);
    expect((await itemsOf(o.overrideId)).filter((i) => i.kind === 'override').map((i) => i.SK)).toEqual([
      keys.override(T0 + 2 * HOUR, o.overrideId),
    ]);
    expect(await store.removeOverride('c1', 'general', o.overrideId, NOW + 2)).toBe('removed');
    expect(await itemsOf(o.overrideId)).toEqual([]);
    expect(await store.removeOverride('c1', 'general', o.overrideId, NOW + 2)).toBe('absent');
  });

  it('an update to an earlier end, and one that keeps the end, are found and replace what was read only', async () => {
    const o = override(T0, T0 + 20 * HOUR);
    await store.putOverride(o);
    const shorter = updated(o, { end: T0 + 5 * HOUR }, NOW);
    expect(await store.replaceOverride(shorter, o, NOW)).toBe(true);
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(shorter);
    expect((await itemsOf(o.overrideId)).filter((i) => i.kind === 'override')).toEqual([
      {
        SK: keys.override(T0 + 5 * HOUR, o.overrideId),
        kind: 'override',
        end: T0 + 5 * HOUR,
        updatedAt: NOW,
      },
    ]);
    // Past its new end the rota no longer reads it.
    expect((await store.loadRota('c1', T0 + 6 * HOUR))?.overrides.map((x) => x.overrideId)).not.toContain(
      o.overrideId,
    );
    // In place: same end, another clinician.
    const other = updated(shorter, { clinicianId: 'c' }, NOW + 1);
    expect(await store.replaceOverride(other, shorter, NOW + 1)).toBe(true);
    // A stale read (the version before) changes nothing.
    expect(
      await store.replaceOverride(updated(shorter, { clinicianId: 'd' }, NOW + 2), shorter, NOW + 2),
    ).toBe(false);
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(other);
    // Another service's path does not find it.
    expect(await store.getOverride('c1', 'elderly', o.overrideId)).toBeNull();
    expect(await store.removeOverride('c1', 'elderly', o.overrideId, NOW)).toBe('absent');
  });

  it('copies a change cut short left behind: readers keep the latest, the next change clears them', async () => {
    const o = override(T0, T0 + 4 * HOUR);
    await store.putOverride(o);
    const next = updated(o, { end: T0 + 40 * HOUR, clinicianId: 'b' }, NOW);
    // As a move to a later end cut short after writing the new item: the old one is still there, and the
    // ref names the new end.
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...next,
          PK: keys.clinicPartition('c1'),
          SK: keys.override(next.end, o.overrideId),
          kind: 'override',
        },
      }),
    );
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          PK: keys.clinicPartition('c1'),
          SK: keys.overrideRef(o.overrideId),
          kind: 'override-ref',
          overrideId: o.overrideId,
          serviceId: 'general',
          ends: new Set([next.end]),
        },
      }),
    );
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(next);
    const rota = await store.loadRota('c1', T0);
    expect(rota?.overrides.filter((x) => x.overrideId === o.overrideId)).toHaveLength(2);
    const listed = await store.overridesPage('c1', 'general', { limit: 50, endingAfter: T0 });
    expect(listed.items.filter((x) => x.overrideId === o.overrideId)).toEqual([next]);
    // The next change finds both and leaves one.
    const last = updated(next, { end: T0 + 3 * HOUR }, NOW + 5);
    expect(await store.replaceOverride(last, next, NOW + 5)).toBe(true);
    expect((await itemsOf(o.overrideId)).filter((i) => i.kind === 'override')).toEqual([
      {
        SK: keys.override(T0 + 3 * HOUR, o.overrideId),
        kind: 'override',
        end: T0 + 3 * HOUR,
        updatedAt: NOW + 5,
      },
    ]);
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(last);
  });

  it('a move to an earlier end cut short after rewriting the old item leaves the new version there', async () => {
    const o = override(T0, T0 + 20 * HOUR);
    const next = updated(o, { end: T0 + 5 * HOUR, clinicianId: 'b' }, NOW);
    // Step 3 done, step 4 not: the item of the old end holds the new version, which ends earlier.
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...next,
          PK: keys.clinicPartition('c1'),
          SK: keys.override(o.end, o.overrideId),
          kind: 'override',
        },
      }),
    );
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(next);
    // A rota read after the new end may meet the item, but it covers nothing then.
    const later = await store.loadRota('c1', T0 + 6 * HOUR);
    expect(later?.overrides.find((x) => x.overrideId === o.overrideId)?.end).toBe(T0 + 5 * HOUR);
    const listed = await store.overridesPage('c1', 'general', { limit: 50, endingAfter: T0 + 6 * HOUR });
    expect(listed.items.map((x) => x.overrideId)).not.toContain(o.overrideId);
    // The next change puts it under its own end.
    const last = updated(next, { clinicianId: 'c' }, NOW + 1);
    expect(await store.replaceOverride(last, next, NOW + 1)).toBe(true);
    expect((await itemsOf(o.overrideId)).filter((i) => i.kind === 'override').map((i) => i.SK)).toEqual([
      keys.override(T0 + 5 * HOUR, o.overrideId),
    ]);
    expect(await store.removeOverride('c1', 'general', o.overrideId, NOW + 2)).toBe('removed');
  });

  it('a change waits for the lock of another one, and takes over a lock left by one cut short', async () => {
    const o = override(T0, T0 + 6 * HOUR);
    await store.putOverride(o);
    // Another change holds the lock (taken at NOW).
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          PK: keys.clinicPartition('c1'),
          SK: keys.overrideRef(o.overrideId),
          kind: 'override-ref',
          overrideId: o.overrideId,
          serviceId: 'general',
          lockedBy: 'someone-else',
          lockedUntil: NOW + OVERRIDE_LOCK_MS,
        },
      }),
    );
    const next = updated(o, { end: T0 + 9 * HOUR }, NOW + 1);
    expect(await store.replaceOverride(next, o, NOW + 1)).toBe(false);
    expect(await store.removeOverride('c1', 'general', o.overrideId, NOW + 1)).toBe('busy');
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual(o);
    // Once it has expired, the lock was left by a change that never finished: the next one goes ahead.
    const late = NOW + OVERRIDE_LOCK_MS;
    expect(await store.replaceOverride({ ...next, updatedAt: late }, o, late)).toBe(true);
    expect(await store.getOverride('c1', 'general', o.overrideId)).toEqual({ ...next, updatedAt: late });
    expect(await store.removeOverride('c1', 'general', o.overrideId, late)).toBe('removed');
    expect(await itemsOf(o.overrideId)).toEqual([]);
  });

  it('lists a service by start, after a position, not over or all, with moved overrides in their new place', async () => {
    await store.putService(service('c1', 'youth'));
    const make = (start: number, end: number) => override(start, end, { serviceId: 'youth' });
    const list = [
      make(T0 + 5 * HOUR, T0 + 6 * HOUR),
      make(T0 + HOUR, T0 + 50 * HOUR),
      make(T0 - 9 * HOUR, T0 - 8 * HOUR),
    ];
    for (const o of list) await store.putOverride(o);
    await store.putOverride(make(T0 + 3 * HOUR, T0 + 4 * HOUR));
    // Another service's override is not listed.
    await store.putOverride(override(T0 + 2 * HOUR, T0 + 4 * HOUR));
    // The first one moves to start earliest of all, ending later.
    const moved = updated(list[0] as Override, { start: T0, end: T0 + 60 * HOUR }, NOW);
    expect(await store.replaceOverride(moved, list[0] as Override, NOW)).toBe(true);
    const starts = async (request: Parameters<DynamoClinicStore['overridesPage']>[2]) => {
      const page = await store.overridesPage('c1', 'youth', request);
      return [page.items.map((o) => (o.start - T0) / HOUR), page.more];
    };
    expect(await starts({ limit: 10, endingAfter: T0 })).toEqual([[0, 1, 3], false]);
    expect(await starts({ limit: 10 })).toEqual([[-9, 0, 1, 3], false]);
    expect(await starts({ limit: 2 })).toEqual([[-9, 0], true]);
    expect(await starts({ limit: 2, after: { start: moved.start, overrideId: moved.overrideId } })).toEqual([
      [1, 3],
      false,
    ]);
  });

  it('deletes a service with every override of it, moved ones and their refs too, and nothing else', async () => {
    await store.putService(service('c1', 'gone'));
    const mine = [
      override(T0, T0 + HOUR, { serviceId: 'gone' }),
      override(T0, T0 + 2 * HOUR, { serviceId: 'gone' }),
    ];
    for (const o of mine) await store.putOverride(o);
    const moved = updated(mine[0] as Override, { end: T0 + 70 * HOUR }, NOW);
    expect(await store.replaceOverride(moved, mine[0] as Override, NOW)).toBe(true);
    const kept = override(T0, T0 + HOUR);
    await store.putOverride(kept);
    expect(await store.deleteService('c1', 'gone')).toBe(true);
    expect(await store.getService('c1', 'gone')).toBeNull();
    for (const o of mine) expect(await itemsOf(o.overrideId)).toEqual([]);
    expect(await store.getOverride('c1', 'general', kept.overrideId)).toEqual(kept);
    expect(await store.deleteService('c1', 'gone')).toBe(false);
    await table.db.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { PK: keys.clinicPartition('c1'), SK: keys.override(kept.end, kept.overrideId) },
      }),
    );
  });
});
