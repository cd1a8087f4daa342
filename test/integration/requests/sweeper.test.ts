// The safety net on the real engine: the sweeper finds requests whose timer was lost through the sparse
// due index, and racing the precise timer for the same step still pages once.
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../../shared/adapters/aws/dynamo-request-store.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { resolveRequest } from '../../../shared/app/requests/close-request.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { SWEEP_GRACE_MS, sweepDue } from '../../../shared/app/requests/sweep-due.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import {
  asClinician,
  body,
  CLINIC_ID,
  harness,
  intake,
  PHONES,
  SECOND,
  seedClinic,
  T0,
  type Harness,
} from '../../unit/requests/fakes.js';

jest.setTimeout(30_000);

describe(`sweeper on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let h: Harness;
  let requests: DynamoRequestStore;

  beforeEach(async () => {
    table = await createTestTable();
    const clinics = new DynamoClinicStore(table.db, table.tableName);
    requests = new DynamoRequestStore(table.db, table.tableName);
    await seedClinic(clinics);
    h = harness({ clinics, requests });
  });
  afterEach(() => table.destroy());

  it('advances a request whose timer was lost once it is overdue, and counts it as overdue', async () => {
    h.timer.drop = true;
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-lost', body());
    const due = T0 + 60 * SECOND;
    expect(stored.request.nextDueAt).toBe(due);

    h.setNow(due + SWEEP_GRACE_MS - SECOND); // late, but still inside the precise timer's grace
    expect(await sweepDue(h.deps)).toEqual({ overdue: 0, advanced: 0 });
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana]);

    h.setNow(due + SWEEP_GRACE_MS + SECOND);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 1, advanced: 1 });
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana, PHONES.ben]);
    expect(h.signals.counts.SweeperOverdue).toBe(1);
    const after = await requests.get(CLINIC_ID, stored.request.requestId);
    expect(after?.request.position.level).toBe(1);
    expect(after?.request.timeline.filter((e) => e.type === 'timeout')).toHaveLength(1);

    // Swept once: ben's page is not due yet, so the next sweep finds nothing.
    expect(await sweepDue(h.deps)).toEqual({ overdue: 0, advanced: 0 });
  });

  it('spreads open requests over the due shards and lists the earliest of all shards, the legacy partition too', async () => {
    h.timer.drop = true;
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      h.setNow(T0 + i * SECOND);
      const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, `idem-shard-${i}`, body());
      ids.push(stored.request.requestId);
    }
    const { Items = [] } = await table.db.send(
      new ScanCommand({ TableName: table.tableName, FilterExpression: 'attribute_exists(duePK)' }),
    );
    const shards = new Set(Items.map((item) => String(item.duePK)));
    expect(shards.size).toBeGreaterThan(4);
    expect([...shards].every((pk) => /^DUE#([0-9]|1[0-5])$/.test(pk))).toBe(true);
    // An item written before there were shards (duePK "DUE") is still read.
    const legacy = Items.find((item) => item.request.requestId === ids[23]);
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: legacy?.PK, SK: legacy?.SK },
        UpdateExpression: 'SET duePK = :legacy',
        ExpressionAttributeValues: { ':legacy': 'DUE' },
      }),
    );
    // Each request is due 60 s after its submit, one second apart: the earliest ten, in due order.
    const due = await requests.listDue(T0 + 86_400_000, 10);
    expect(due.map((d) => d.requestId)).toEqual(ids.slice(0, 10));
    expect(due.map((d) => d.dueAt)).toEqual(ids.slice(0, 10).map((_, i) => T0 + i * SECOND + 60 * SECOND));
    const all = await requests.listDue(T0 + 86_400_000, 100);
    expect(all.map((d) => d.requestId)).toEqual(ids);
    expect((await requests.listDue(T0 + 65 * SECOND, 100)).map((d) => d.requestId)).toEqual(ids.slice(0, 6));
  });

  it('keeps an unanswered request paging its fallback through the sweeper alone', async () => {
    h.timer.drop = true;
    await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-lost2', body());
    for (const t of [70, 200, 520, 840]) {
      h.setNow(T0 + t * SECOND + SWEEP_GRACE_MS);
      await sweepDue(h.deps);
    }
    const to = h.pager.delivered().map((p) => p.to);
    expect(to.slice(0, 2)).toEqual([PHONES.ana, PHONES.ben]);
    expect(to.filter((p) => p === PHONES.duty)).toHaveLength(3);
  });

  it('keeps an acknowledged request in the due index at its call-back deadline, and reminds when it passes', async () => {
    h.timer.drop = true;
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-acked', body());
    const { requestId } = stored.request;
    const acked = await respondByApi(h.deps, asClinician('ana'), CLINIC_ID, requestId, 'acknowledge');
    const deadline = acked.request.nextDueAt!;
    expect(await requests.listDue(T0 + 86_400_000, 10)).toEqual([
      { clinicId: CLINIC_ID, requestId, dueAt: deadline },
    ]);
    h.setNow(deadline - 1);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 0, advanced: 0 });
    // Every timer lost: the sweeper alone reminds ana that no call back is recorded.
    h.setNow(deadline + 60_000);
    expect(await sweepDue(h.deps)).toEqual({ overdue: 1, advanced: 1 });
    const reminded = await requests.get(CLINIC_ID, requestId);
    expect(reminded?.request.timeline.map((e) => e.type)).toContain('contact_overdue');
    expect(h.pager.sent.at(-1)?.text).toMatch(/^Reminder: you accepted/);
    // Resolved: out of the index.
    await resolveRequest(h.deps, asClinician('ana'), CLINIC_ID, requestId, { outcome: 'safe_plan' });
    expect(await requests.listDue(T0 + 86_400_000, 10)).toEqual([]);
  });

  it('pages once, not twice, when the sweeper and the timer fire the same step at the same moment', async () => {
    const requestIds: string[] = [];
    for (let i = 0; i < 5; i++)
      requestIds.push(
        (await submitRequest(h.deps, intake, CLINIC_ID, `idem-key-race-${i}`, body())).stored.request
          .requestId,
      );
    // Each request's delivery check (at +6 s) and its timeout (at +60 s).
    const timers = h.timer.takeDue(T0 + 60 * SECOND);
    expect(timers).toHaveLength(10);
    h.setNow(T0 + 60 * SECOND + SWEEP_GRACE_MS + SECOND); // late enough that the sweeper acts too
    await Promise.all([sweepDue(h.deps), ...timers.map((t) => onTimer(h.deps, t))]);

    expect(h.pager.delivered({ to: PHONES.ben })).toHaveLength(5);
    for (const requestId of requestIds) {
      const stored = await requests.get(CLINIC_ID, requestId);
      // Submitted, first page recorded; the timeout step, its page recorded: nothing else won a write.
      expect(stored?.request.version).toBe(4);
      expect(stored?.request.timeline.filter((e) => e.type === 'timeout')).toHaveLength(1);
      expect(stored?.request.timeline.filter((e) => e.type === 'page_sent')).toHaveLength(2);
    }
  });
});
