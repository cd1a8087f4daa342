import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { makeOverrideId } from '../../shared/domain/override-id.js';
import type { Clinic, Clinician, Override, Service } from '../../shared/domain/model.js';
import { createTestTable, type TestTable } from '../support/test-table.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3600_000;

const clinic: Clinic = {
  clinicId: 'c1',
  name: 'Clinic',
  timezone: 'Europe/London',
  fallback: [{ name: 'Duty', phone: '+447700900201' }],
  fallbackRepeatSeconds: 300,
  createdAt: T0,
  updatedAt: T0,
};
const clinician = (clinicianId: string): Clinician => ({
  clinicId: 'c1',
  clinicianId,
  name: clinicianId.toUpperCase(),
  phone: '+447700900101',
  active: true,
  brokenContacts: [],
  updatedAt: T0,
});
const service: Service = {
  clinicId: 'c1',
  serviceId: 'general',
  name: 'General',
  rotation: {
    participants: ['a', 'b'],
    start: '2026-01-05',
    handoff: { every: 'day', count: 1, at: '08:00' },
  },
  escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
  updatedAt: T0,
};
const override = (start: number, end: number, serviceId = 'general'): Override => ({
  overrideId: makeOverrideId(end, `rand${start}`),
  clinicId: 'c1',
  serviceId,
  clinicianId: 'b',
  start,
  end,
  createdAt: T0,
});

describe(`DynamoClinicStore on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let store: DynamoClinicStore;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoClinicStore(table.db, table.tableName);
    await store.putClinic(clinic);
    await store.putClinician(clinician('a'));
    await store.putClinician(clinician('b'));
    await store.putService(service);
    await store.putOverride(override(T0, T0 + 2 * HOUR));
    await store.putOverride(override(T0 + 10 * HOUR, T0 + 12 * HOUR));
    await store.putOverride(override(T0 + 10 * HOUR, T0 + 11 * HOUR, 'other'));
  });
  afterAll(() => table.destroy());

  it('loads the whole rota at an instant with exactly one Query', async () => {
    table.calls.length = 0;
    const rota = await store.loadRota('c1', T0 + 5 * HOUR);
    expect(table.calls).toEqual(['QueryCommand']);
    expect(rota?.clinic).toEqual(clinic);
    expect(rota?.clinicians.map((c) => c.clinicianId).sort()).toEqual(['a', 'b']);
    expect(rota?.services).toEqual([service]);
    // The override that ended at T0+2h is history; both later ones (any service) are returned.
    expect(rota?.overrides.map((o) => o.end).sort()).toEqual([T0 + 11 * HOUR, T0 + 12 * HOUR]);
  });

  it('treats an override ending exactly at the instant as over', async () => {
    const rota = await store.loadRota('c1', T0 + 2 * HOUR);
    expect(rota?.overrides.some((o) => o.end === T0 + 2 * HOUR)).toBe(false);
    const before = await store.loadRota('c1', T0 + 2 * HOUR - 1);
    expect(before?.overrides.some((o) => o.end === T0 + 2 * HOUR)).toBe(true);
  });

  it('returns null for a clinic that does not exist', async () => {
    expect(await store.loadRota('nope', T0)).toBeNull();
  });

  it('deletes an override by id only within its own service', async () => {
    const target = override(T0 + 20 * HOUR, T0 + 21 * HOUR);
    await store.putOverride(target);
    expect(await store.deleteOverride('c1', 'other', target.overrideId)).toBe(false);
    expect(await store.deleteOverride('c1', 'general', target.overrideId)).toBe(true);
    expect(await store.deleteOverride('c1', 'general', target.overrideId)).toBe(false);
    expect(await store.deleteOverride('c1', 'general', 'not-an-id')).toBe(false);
  });

  it('marks a contact broken once, and not after the number changed', async () => {
    await store.markContactBroken('c1', 'a', 'sms');
    await store.markContactBroken('c1', 'a', 'sms');
    expect((await store.getClinician('c1', 'a'))?.brokenContacts).toEqual(['sms']);
    await store.putClinician({ ...clinician('a'), brokenContacts: [] });
    expect((await store.getClinician('c1', 'a'))?.brokenContacts).toEqual([]);
  });

  it('clears a broken contact by a conditional write at its position, keeping the other channel', async () => {
    await store.putClinician({
      ...clinician('c'),
      clinicId: 'c3',
      email: 'c@example.org',
      brokenContacts: ['email', 'sms'],
    });
    table.calls.length = 0;
    await store.clearContactBroken('c3', 'c', 'sms'); // the second entry: removed by its own position
    expect(table.calls).toEqual(['GetItemCommand', 'UpdateItemCommand', 'GetItemCommand']);
    expect((await store.getClinician('c3', 'c'))?.brokenContacts).toEqual(['email']);
    await store.clearContactBroken('c3', 'c', 'email');
    expect((await store.getClinician('c3', 'c'))?.brokenContacts).toEqual([]);
  });

  it('writes nothing when clearing a channel that is not broken, or a clinician that does not exist', async () => {
    await store.putClinician({ ...clinician('d'), clinicId: 'c3', brokenContacts: ['email'] });
    const before = await store.getClinician('c3', 'd');
    table.calls.length = 0;
    await store.clearContactBroken('c3', 'd', 'sms');
    await store.clearContactBroken('c3', 'nobody', 'sms');
    await store.clearContactBroken('c9', 'd', 'email');
    expect(table.calls).toEqual(['GetItemCommand', 'GetItemCommand', 'GetItemCommand']);
    expect(await store.getClinician('c3', 'd')).toEqual(before);
    expect(await store.getClinician('c3', 'nobody')).toBeNull();
  });

  it('marks and clears again after a clear: a contact can break again later', async () => {
    await store.putClinician({ ...clinician('e'), clinicId: 'c3' });
    await store.markContactBroken('c3', 'e', 'sms');
    await store.clearContactBroken('c3', 'e', 'sms');
    expect((await store.getClinician('c3', 'e'))?.brokenContacts).toEqual([]);
    await store.markContactBroken('c3', 'e', 'sms');
    expect((await store.getClinician('c3', 'e'))?.brokenContacts).toEqual(['sms']);
  });

  it('lists clinicians and services of the clinic only', async () => {
    await store.putClinician({ ...clinician('z'), clinicId: 'c2' });
    expect((await store.listClinicians('c1')).map((c) => c.clinicianId).sort()).toEqual(['a', 'b']);
    expect((await store.listServices('c1')).map((s) => s.serviceId)).toEqual(['general']);
    expect(await store.getService('c2', 'general')).toBeNull();
  });
});
