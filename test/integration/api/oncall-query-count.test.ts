// One on-call lookup costs one DynamoDB Query: the use case getOnCall over the real stores, counted on
// the client of createTestTable().
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoKeyStore } from '../../../shared/adapters/aws/dynamo-key-store.js';
import { issueKey } from '../../../shared/app/api-keys.js';
import type { AdminDeps } from '../../../shared/app/deps.js';
import { AppError } from '../../../shared/app/errors.js';
import { getOnCall } from '../../../shared/app/on-call.js';
import { makeOverrideId } from '../../../shared/domain/override-id.js';
import type { Clinician, Override, Principal, Service } from '../../../shared/domain/model.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const T0 = Date.parse('2026-03-04T14:00:00Z');
const HOUR = 3_600_000;
const admin: Principal = { keyId: 'k-admin', clinicId: 'c1', role: 'admin' };

let table: TestTable;
let deps: AdminDeps;

const clinician = (clinicianId: string, name: string): Clinician => ({
  clinicId: 'c1',
  clinicianId,
  name,
  phone: '+447700900101',
  active: true,
  brokenContacts: [],
  updatedAt: T0,
});
const service = (serviceId: string): Service => ({
  clinicId: 'c1',
  serviceId,
  name: serviceId,
  rotation: {
    participants: ['alice', 'bob'],
    start: '2026-03-02',
    handoff: { every: 'day', count: 1, at: '08:00' },
  },
  escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
  updatedAt: T0,
});
const override = (
  serviceId: string,
  clinicianId: string,
  start: number,
  end: number,
  n: number,
): Override => ({
  overrideId: makeOverrideId(end, `override${n}`),
  clinicId: 'c1',
  serviceId,
  clinicianId,
  start,
  end,
  createdAt: T0 - HOUR + n,
});

beforeAll(async () => {
  table = await createTestTable();
  const clinics = new DynamoClinicStore(table.db, table.tableName);
  deps = { clinics, keys: new DynamoKeyStore(table.db, table.tableName), clock: () => T0 };
  await clinics.putClinic({
    clinicId: 'c1',
    name: 'Clinic',
    timezone: 'Europe/London',
    fallback: [{ name: 'Duty', phone: '+447700900201' }],
    fallbackRepeatSeconds: 300,
    createdAt: T0,
    updatedAt: T0,
  });
  for (const [id, name] of [
    ['alice', 'Alice'],
    ['bob', 'Bob'],
    ['carol', 'Carol'],
  ] as const)
    await clinics.putClinician(clinician(id, name));
  for (const id of ['general', 'night', 'adolescent']) await clinics.putService(service(id));
  // Past, current and future overrides of this and other services, and keys in the same partition.
  await clinics.putOverride(override('general', 'carol', T0 - 10 * HOUR, T0 - 8 * HOUR, 1));
  await clinics.putOverride(override('general', 'carol', T0 - HOUR, T0 + 3 * HOUR, 2));
  await clinics.putOverride(override('night', 'bob', T0 - HOUR, T0 + 3 * HOUR, 3));
  await clinics.putOverride(override('general', 'bob', T0 + 5 * HOUR, T0 + 6 * HOUR, 4));
  for (const role of ['admin', 'intake'] as const)
    await issueKey(deps, { clinicId: 'c1', role, label: role });
});

afterAll(() => table.destroy());

beforeEach(() => {
  table.calls.length = 0;
});

describe(`getOnCall on ${ENGINE}`, () => {
  it('answers one on-call lookup with exactly one DynamoDB Query and nothing else', async () => {
    const answer = await getOnCall(deps, admin, 'c1', 'general', T0);
    expect(table.calls).toEqual(['QueryCommand']);
    expect(answer.primary).toMatchObject({ clinicianId: 'carol', name: 'Carol', source: 'override' });
    expect(answer.primary?.until).toBe(new Date(T0 + 3 * HOUR).toISOString());
    expect(answer.secondary).toMatchObject({ clinicianId: 'bob', name: 'Bob' });
  });

  it('the default instant (the clock) costs the same single Query', async () => {
    const answer = await getOnCall(deps, admin, 'c1', 'night');
    expect(table.calls).toEqual(['QueryCommand']);
    expect(answer.primary?.clinicianId).toBe('bob');
  });

  it('an unknown service is a 404 after that same single Query', async () => {
    await expect(getOnCall(deps, admin, 'c1', 'nosuch', T0)).rejects.toMatchObject({ code: 'not_found' });
    expect(table.calls).toEqual(['QueryCommand']);
  });

  it('a key of another clinic is refused before any DynamoDB call', async () => {
    const stranger: Principal = { keyId: 'k-x', clinicId: 'c2', role: 'admin' };
    const error = await getOnCall(deps, stranger, 'c1', 'general', T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
    expect(table.calls).toEqual([]);
  });
});
