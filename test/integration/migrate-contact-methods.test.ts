// The one-off migration on a real engine: legacy phone/email fields become contact methods, a re-run finds
// nothing, and a record changed while the migration runs is left to the writer that changed it.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { keys } from '../../shared/adapters/aws/keys.js';
import { migrateContactMethods } from '../../shared/adapters/aws/migrate-contact-methods.js';
import { pagingAddresses } from '../../shared/domain/contacts.js';
import { createTestTable, type TestTable } from '../support/test-table.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');

/** A clinician item exactly as stored before contact methods existed. */
const legacyItem = (clinicianId: string, extra: Record<string, unknown> = {}) => ({
  PK: keys.clinicPartition('c1'),
  SK: keys.clinician(clinicianId),
  kind: 'clinician',
  clinicId: 'c1',
  clinicianId,
  name: clinicianId.toUpperCase(),
  phone: '+447700900101',
  active: true,
  brokenContacts: [],
  updatedAt: T0,
  ...extra,
});

describe(`contact-method migration on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let store: DynamoClinicStore;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoClinicStore(table.db, table.tableName);
    for (const item of [
      legacyItem('a'),
      legacyItem('b', { email: 'b@example.org', brokenContacts: ['sms'] }),
      legacyItem('c', { phone: '+447700900103' }),
    ])
      await table.db.send(new PutCommand({ TableName: table.tableName, Item: item }));
  });
  afterAll(() => table.destroy());

  it('turns phone into a verified SMS method and email into one waiting for confirmation', async () => {
    const report = await migrateContactMethods(table.db, table.tableName, T0 + 1000);
    expect(report).toEqual({ found: 3, migrated: 3, skipped: 0 });
    const b = await store.getClinician('c1', 'b');
    expect(b).not.toHaveProperty('phone');
    expect(b).not.toHaveProperty('email');
    expect(b?.contacts).toEqual([
      expect.objectContaining({
        contactId: 'migrated-sms',
        type: 'sms',
        value: '+447700900101',
        verified: true,
        verifiedBy: 'migration',
      }),
      expect.objectContaining({
        contactId: 'migrated-email',
        type: 'email',
        value: 'b@example.org',
        verified: false,
      }),
    ]);
    // A broken mark on the same number survives the move; the email is not paged until confirmed.
    expect(b?.brokenContacts).toEqual(['sms']);
    expect(b && pagingAddresses(b)).toEqual({ phone: '+447700900101' });
    expect(b?.updatedAt).toBe(T0 + 1000);
  });

  it('finds nothing the second time', async () => {
    expect(await migrateContactMethods(table.db, table.tableName, T0 + 2000)).toEqual({
      found: 0,
      migrated: 0,
      skipped: 0,
    });
  });

  it('skips a record changed after it was read', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: legacyItem('d') }));
    // The first write moves updatedAt on, as an admin's edit would between the scan and the update.
    const changed = await store.updateContacts('c1', 'd', {
      readUpdatedAt: T0,
      contacts: [],
      brokenContacts: [],
      now: T0 + 5,
    });
    expect(changed).toBe(true);
    const stale = await store.updateContacts('c1', 'd', {
      readUpdatedAt: T0,
      contacts: [],
      brokenContacts: [],
      now: T0 + 6,
    });
    expect(stale).toBe(false);
  });
});
