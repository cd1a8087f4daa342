// Races on the real engine, where only the conditional write on `version` keeps them apart: many
// acknowledgements at once, one Idempotency-Key submitted many times at once.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../../shared/adapters/aws/dynamo-request-store.js';
import { AppError } from '../../../shared/app/errors.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import type { Clinician } from '../../../shared/domain/model.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import {
  asClinician,
  body,
  CLINIC_ID,
  harness,
  intake,
  PHONES,
  seedClinic,
  service,
  T0,
  type Harness,
} from '../../unit/requests/fakes.js';

jest.setTimeout(60_000);

const N = 50;
const ids = Array.from({ length: N }, (_, i) => `c${String(i).padStart(2, '0')}`);

describe(`concurrency on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let h: Harness;
  let requests: DynamoRequestStore;

  beforeAll(async () => {
    table = await createTestTable();
    const clinics = new DynamoClinicStore(table.db, table.tableName);
    requests = new DynamoRequestStore(table.db, table.tableName);
    await seedClinic(clinics);
    // A chain of 50 named clinicians, 10 s each (more levels than the API allows, written to the store
    // directly): after 49 timeouts all 50 have been paged for one request and may acknowledge it.
    for (const [i, clinicianId] of ids.entries()) {
      const c: Clinician = {
        clinicId: CLINIC_ID,
        clinicianId,
        name: `Clinician ${clinicianId}`,
        phone: `+4477009003${String(i).padStart(2, '0')}`,
        active: true,
        brokenContacts: [],
        updatedAt: T0,
      };
      await clinics.putClinician(c);
    }
    await clinics.putService(
      service({
        serviceId: 'chain',
        name: 'Chain',
        escalation: {
          levels: ids.map((clinicianId) => ({ notify: { clinicianId }, ackTimeoutSeconds: 10 })),
          repeat: 0,
        },
      }),
    );
    h = harness({ clinics, requests });
  });
  afterAll(() => table.destroy());

  it('lets exactly one of 50 concurrent acks by 50 paged clinicians win; the 49 others get conflict naming the winner', async () => {
    const { stored } = await submitRequest(
      h.deps,
      intake,
      CLINIC_ID,
      'idem-key-race-50',
      body({ serviceId: 'chain' }),
    );
    const { requestId } = stored.request;
    for (let i = 1; i < N; i++) {
      const timer = h.timer.last();
      h.setNow(timer.dueAt);
      expect(await onTimer(h.deps, timer)).toBe('advanced');
    }
    expect(new Set(h.pager.delivered().map((p) => p.clinicianId)).size).toBe(N);

    const results = await Promise.allSettled(
      ids.map((id) => respondByApi(h.deps, asClinician(id), CLINIC_ID, requestId, 'acknowledge')),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    const winner = won[0]?.request.assignee;
    expect(winner?.clinicianId).toMatch(/^c\d\d$/);
    expect(lost).toHaveLength(N - 1);
    for (const error of lost) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('conflict');
      expect((error as AppError).extra?.acknowledgedBy).toEqual(winner);
    }

    const final = await requests.get(CLINIC_ID, requestId);
    expect(final?.request.status).toBe('acknowledged');
    expect(final?.request.assignee).toEqual(winner);
    expect(final?.request.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    // Nobody is paged after the ack: the page's pending timeout changes nothing.
    const sent = h.pager.sent.length;
    const timer = h.timer.scheduled.map((s) => s.message).find((m) => m.dueAt < final!.request.nextDueAt!)!;
    h.setNow(timer.dueAt);
    expect(await onTimer(h.deps, timer)).toBe('ignored');
    expect(h.pager.sent).toHaveLength(sent);
  });

  it('answers 50 concurrent acks by the same clinician all with the request, acknowledged once', async () => {
    h.setNow(T0 + 3_600_000);
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-race-same', body());
    const { requestId } = stored.request;
    const results = await Promise.allSettled(
      Array.from({ length: N }, () =>
        respondByApi(h.deps, asClinician('ana'), CLINIC_ID, requestId, 'acknowledge'),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const final = await requests.get(CLINIC_ID, requestId);
    expect(final?.request.assignee?.clinicianId).toBe('ana');
    expect(final?.request.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('makes one request and sends exactly one first page for the same Idempotency-Key sent 20 times at once', async () => {
    h.setNow(T0 + 2 * 3_600_000);
    const before = h.pager.sent.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-twenty', body())),
    );
    const requestIds = new Set(results.map((r) => r.stored.request.requestId));
    expect(requestIds.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const pages = h.pager.sent.slice(before);
    expect(pages.map((p) => p.to)).toEqual([PHONES.ana]);

    const [requestId] = [...requestIds];
    const { Items = [] } = await table.db.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: '#kind = :request AND #request.#requestId = :id',
        ExpressionAttributeNames: { '#kind': 'kind', '#request': 'request', '#requestId': 'requestId' },
        ExpressionAttributeValues: { ':request': 'request', ':id': requestId },
      }),
    );
    expect(Items).toHaveLength(1);
    // Written once by the winner, its first page recorded once: no replay wrote anything.
    expect((await requests.get(CLINIC_ID, requestId as string))?.request.version).toBe(2);
  });
});
