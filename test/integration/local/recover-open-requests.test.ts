// The local stack re-arms its in-process timers from the request items themselves (a paged Scan), not
// from the sparse due index: dynalite keeps that index in separate non-atomic writes, so a kill -9 can
// leave an open request out of it, and the old re-arm also stopped at 1,000 requests.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { BatchWriteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../../../infra/local/local-stack.js';
import { OpenRequestRecovery } from '../../../infra/local/recover-open-requests.js';
import { createLocalClients } from '../../../shared/adapters/aws/dynamo-client.js';
import { requestKeys } from '../../../shared/adapters/aws/keys.js';
import { DUE_INDEX, DUE_SHARDS } from '../../../shared/adapters/aws/table-definition.js';
import type { Timer, TimerMessage } from '../../../shared/ports/timer.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import { client, stackOptions } from '../api/http.js';
import { createClinic, expectStatus, outbox, submit } from '../../hardening/support/local.js';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-03-02T10:00:00Z');
const CLINIC = 'recovery';

class RecordingTimer implements Timer {
  readonly outlivesProcess = false;
  readonly messages: TimerMessage[] = [];
  async schedule(message: TimerMessage): Promise<void> {
    this.messages.push(message);
  }
}

interface RawRequest {
  requestId: string;
  status?: string;
  attempt?: number;
  nextDueAt: number | null;
  /** Due instant on the item (dueSK); defaults to nextDueAt. */
  dueAt?: number | null;
  indexed?: boolean;
  /** Bytes of filler, so a Scan over many items needs more than one 1 MB page. */
  filler?: number;
}

/** A request item in the store's layout (PK/SK, kind, request, and duePK/dueSK while it has a due time). */
function requestItem(r: RawRequest): Record<string, unknown> {
  const dueAt = r.dueAt === undefined ? r.nextDueAt : r.dueAt;
  return {
    ...requestKeys.request(CLINIC, r.requestId),
    kind: 'request',
    reference: 'RAAA',
    request: {
      requestId: r.requestId,
      clinicId: CLINIC,
      status: r.status ?? 'paging',
      position: { round: 0, level: 0, attempt: r.attempt ?? 1 },
      version: 2,
      nextDueAt: r.nextDueAt,
      timeline: r.filler ? [{ at: NOW, type: 'submitted', note: 'x'.repeat(r.filler) }] : [],
    },
    ...(dueAt === null
      ? {}
      : {
          ...(r.indexed === false
            ? {}
            : { [DUE_INDEX.partitionKey]: requestKeys.duePartition(CLINIC, r.requestId, DUE_SHARDS) }),
          [DUE_INDEX.sortKey]: requestKeys.due(dueAt, CLINIC, r.requestId),
        }),
  };
}

async function putAll(table: TestTable, items: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown[]> | undefined = {
      [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (pending && Object.keys(pending).length > 0) {
      const { UnprocessedItems } = await table.db.send(
        new BatchWriteCommand({ RequestItems: pending as never }),
      );
      pending = UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
}

/** What the due index lists (the old re-arm's only source). */
async function indexed(table: TestTable): Promise<string[]> {
  const ids: string[] = [];
  for (const partition of requestKeys.duePartitions(DUE_SHARDS)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.db.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: DUE_INDEX.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': DUE_INDEX.partitionKey },
          ExpressionAttributeValues: { ':pk': partition },
          ExclusiveStartKey: start,
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item[DUE_INDEX.sortKey]).split('#')[2] ?? ''));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return ids;
}

const byId = (messages: TimerMessage[]) => new Map(messages.map((m) => [m.requestId, m]));

describe(`re-arming open requests from the request items (${process.env.DYNAMO_ENGINE})`, () => {
  let table: TestTable;
  let timer: RecordingTimer;

  beforeEach(async () => {
    table = await createTestTable();
    timer = new RecordingTimer();
  });
  afterEach(() => table.destroy());

  it('arms all 1,300 open requests, reading every Scan page, and none of the closed ones', async () => {
    const open = Array.from({ length: 1300 }, (_, i) => ({
      requestId: `req_open_${String(i).padStart(4, '0')}`,
      status: i % 3 === 0 ? 'unanswered' : 'paging',
      attempt: 1 + (i % 5),
      nextDueAt: NOW + (i % 7) * 10_000 - 30_000,
      filler: 900,
    }));
    const closed = ['acknowledged', 'resolved', 'cancelled'].map((status, i) => ({
      requestId: `req_closed_${i}`,
      status,
      nextDueAt: null,
    }));
    await putAll(table, [
      ...[...open, ...closed].map(requestItem),
      // Not requests, though the first carries the same attribute name.
      { PK: 'ACKTOKEN#x', SK: 'ACKTOKEN', kind: 'acktoken', [DUE_INDEX.sortKey]: 'x' },
      { PK: `CLINIC#${CLINIC}`, SK: '~CLINIC', kind: 'clinic' },
    ]);

    table.calls.length = 0;
    const result = await new OpenRequestRecovery(table.db, table.tableName, timer, () => NOW).rearm();

    expect(result.rearmed).toBe(1300);
    expect(result.pages).toBeGreaterThan(1); // > 1 MB of items: the engine's own page size
    expect(table.calls.filter((c) => c === 'ScanCommand')).toHaveLength(result.pages);
    const armed = byId(timer.messages);
    expect(armed.size).toBe(1300);
    for (const r of open)
      expect(armed.get(r.requestId)).toEqual({
        clinicId: CLINIC,
        requestId: r.requestId,
        attempt: r.attempt,
        dueAt: r.nextDueAt,
      });

    // Small pages walk the same items through ExclusiveStartKey.
    const paged = new RecordingTimer();
    const small = await new OpenRequestRecovery(table.db, table.tableName, paged, () => NOW, 97).rearm();
    expect(small.pages).toBeGreaterThanOrEqual(Math.ceil(1305 / 97));
    expect(byId(paged.messages).size).toBe(1300);
  });

  it('arms an open request the due index lost, at the instant of its dueSK (and its step timeout)', async () => {
    await putAll(
      table,
      [
        { requestId: 'req_indexed', nextDueAt: NOW + 10_000 },
        // What a kill between dynalite's index write and item write leaves: the item, no index entry.
        { requestId: 'req_unindexed', attempt: 3, nextDueAt: NOW - 60_000, indexed: false },
        // The item's due time is its dueSK (it may be earlier than the step timeout: a pending re-send);
        // the step timeout was an in-memory timer too, so it is armed as well.
        { requestId: 'req_resend_due', attempt: 2, nextDueAt: NOW + 60_000, dueAt: NOW + 5_000 },
        // A dueSK later than nextDueAt is the store's word: that instant only.
        { requestId: 'req_due_later', attempt: 1, nextDueAt: NOW + 1_000, dueAt: NOW + 2_000 },
        // An open request with no due attributes at all (damaged): armed from the engine's nextDueAt.
        { requestId: 'req_no_due_attrs', status: 'unanswered', attempt: 4, nextDueAt: NOW - 1, dueAt: null },
        { requestId: 'req_acked', status: 'acknowledged', nextDueAt: null },
      ].map(requestItem),
    );
    // The damage made by hand on the engine: an item whose index keys were removed after it was indexed.
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: requestKeys.request(CLINIC, 'req_indexed'),
        UpdateExpression: 'REMOVE #pk',
        ExpressionAttributeNames: { '#pk': DUE_INDEX.partitionKey },
      }),
    );
    expect((await indexed(table)).sort()).toEqual(['req_due_later', 'req_resend_due']);

    await new OpenRequestRecovery(table.db, table.tableName, timer, () => NOW).rearm();

    const armed = (requestId: string) =>
      timer.messages
        .filter((m) => m.requestId === requestId)
        .map(({ attempt, dueAt }) => ({ attempt, dueAt: dueAt - NOW }))
        .sort((a, b) => a.dueAt - b.dueAt);
    expect([...byId(timer.messages).keys()].sort()).toEqual([
      'req_due_later',
      'req_indexed',
      'req_no_due_attrs',
      'req_resend_due',
      'req_unindexed',
    ]);
    expect(armed('req_indexed')).toEqual([{ attempt: 1, dueAt: 10_000 }]);
    expect(armed('req_unindexed')).toEqual([{ attempt: 3, dueAt: -60_000 }]);
    expect(armed('req_resend_due')).toEqual([
      { attempt: 2, dueAt: 5_000 },
      { attempt: 2, dueAt: 60_000 },
    ]);
    expect(armed('req_due_later')).toEqual([{ attempt: 1, dueAt: 2_000 }]);
    expect(armed('req_no_due_attrs')).toEqual([{ attempt: 4, dueAt: -1 }]);
  });

  it('arms only what is due by the given instant (each sweep: what is overdue past the grace)', async () => {
    await putAll(
      table,
      [
        { requestId: 'req_late', nextDueAt: NOW - 20_000, indexed: false },
        { requestId: 'req_just_due', nextDueAt: NOW - 10_000 },
        { requestId: 'req_future', nextDueAt: NOW + 1 },
      ].map(requestItem),
    );
    await new OpenRequestRecovery(table.db, table.tableName, timer, () => NOW).rearm(NOW - 10_000);
    expect(timer.messages.map((m) => m.requestId).sort()).toEqual(['req_just_due', 'req_late']);
  });
});

describe(`local stack restart (${process.env.DYNAMO_ENGINE})`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('escalates, after a restart, an overdue request that is missing from the due index', async () => {
    const { cleanup, ...options } = await stackOptions(false);
    cleanups.push(cleanup);
    const first = await startLocalStack({ ...options, sweepIntervalMs: 3_600_000 });
    const call = client(first.url);
    const clinic = await createClinic(call, 'restart', 1, { ackTimeoutSeconds: 3600 });
    const requestId = expectStatus(await submit(call, clinic), 202, 'submit').body.requestId as string;
    expect(await outbox(call, clinic.phones.c1)).toHaveLength(1);
    await first.close();

    // While it was down the level timed out, and its index entry was lost (dynalite's torn GSI write).
    const past = Date.now() - 60_000;
    const { db } = createLocalClients(options.dynamoEndpoint as string);
    await db.send(
      new UpdateCommand({
        TableName: options.tableName,
        Key: requestKeys.request('restart', requestId),
        UpdateExpression: 'SET #r.#next = :past, #sk = :sk REMOVE #pk',
        ExpressionAttributeNames: {
          '#r': 'request',
          '#next': 'nextDueAt',
          '#sk': DUE_INDEX.sortKey,
          '#pk': DUE_INDEX.partitionKey,
        },
        ExpressionAttributeValues: { ':past': past, ':sk': requestKeys.due(past, 'restart', requestId) },
      }),
    );
    db.destroy();

    const second = await startLocalStack({ ...options, sweepIntervalMs: 3_600_000 });
    cleanups.push(() => second.close());
    const again = client(second.url);
    const deadline = Date.now() + 5_000;
    while ((await outbox(again, clinic.phones.c2)).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await outbox(again, clinic.phones.c2)).toHaveLength(1);
    const view = expectStatus(
      await again('GET', `/v1/clinics/restart/requests/${requestId}`, { key: clinic.intake }),
      200,
    ).body as { level: number; nextEscalationAt: string };
    expect(view.level).toBe(1);
    expect(Date.parse(view.nextEscalationAt)).toBeGreaterThan(Date.now());
  });
});
