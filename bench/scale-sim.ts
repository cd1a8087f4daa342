// Measure 10: the table at scale, on DynamoDB Local. Open requests over many clinics in the store's own item
// layout (one real request written by the real store, copied with new ids and due times), then: the
// sweeper's pass over the sharded due index, the local stack's re-arm Scan, and one clinic's rota Query
// with thousands of future overrides. DynamoDB Local reports read units as DynamoDB would bill them; its
// times are a laptop's, not a partition's, so the figures to carry to AWS are the units and item counts.
import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoClinicStore } from '../shared/adapters/aws/dynamo-clinic-store.js';
import { createLocalClients } from '../shared/adapters/aws/dynamo-client.js';
import { DynamoRequestStore } from '../shared/adapters/aws/dynamo-request-store.js';
import { requestKeys } from '../shared/adapters/aws/keys.js';
import { DUE_INDEX, DUE_SHARDS, QUEUE_INDEX } from '../shared/adapters/aws/table-definition.js';
import { startDynalite } from '../shared/adapters/local/embedded-dynamo.js';
import { ensureTable } from '../shared/adapters/local/ensure-table.js';
import { submitRequest } from '../shared/app/requests/submit-request.js';
import { SWEEP_GRACE_MS } from '../shared/app/requests/sweep-due.js';
import { OpenRequestRecovery } from '../infra/local/recover-open-requests.js';
import { startDynamoDbLocal } from '../test/support/dynamodb-local.js';
import { body, CLINIC_ID, harness, intake, seedClinic } from '../test/unit/requests/fakes.js';
import { meterDynamo, type DynamoCall } from './lib/dynamo-meter.js';
import { demoLikeClinic, seedClinic as seedFixture } from './lib/fixtures.js';
import { progress, round, rounded, summarize, type Summary } from './lib/stats.js';

export interface ScaleOptions {
  openRequests: number;
  clinics: number;
  /** Requests whose timer was lost (due more than the grace ago): what a sweep finds. */
  overdue: number;
  overrides: number;
  runs: number;
  /** Open requests on the local stack's engine for its re-arm (DynamoDB Local's Scan slows down sharply past ~20,000 items). */
  rearmRequests: number;
}

export interface ScaleResult {
  engine: 'DynamoDB Local';
  openRequests: number;
  clinics: number;
  loadSeconds: number;
  shards: { count: number; minItems: number; maxItems: number };
  /** The sweeper's index read: every shard Queried in parallel, the earliest 100 kept. */
  sweepIndex: { ms: Summary; readUnits: number; queries: number; found: number };
  /** The sweeper's pass as sweep-due.ts reads: the index, then each due item (GetItem, one after another). */
  sweepReads: { ms: Summary; readUnits: number };
  /** The local stack's re-arm after a restart, on its engine: a Scan of every item, every page. */
  rearm: {
    engine: 'dynalite';
    requests: number;
    ms: number;
    pages: number;
    rearmed: number;
    readUnits: number;
  };
  /** One clinic's rota: the one Query from its first running override to its records. */
  rota: { overrides: number; ms: Summary; readUnits: number; items: number };
}

const TABLE = 'bench-scale';
const units = (calls: DynamoCall[]) =>
  round(
    calls.reduce((sum, c) => sum + (c.consumed ?? 0), 0),
    1,
  );

type Item = Record<string, unknown> & { request: Record<string, unknown> };

/** `count` open requests in the store's layout: the template's item with new ids, clinics and due times. */
async function writeOpenRequests(
  db: DynamoDBDocumentClient,
  template: Item,
  count: number,
  options: Pick<ScaleOptions, 'clinics' | 'overdue'>,
  now: number,
): Promise<Map<string, number>> {
  const perShard = new Map<string, number>();
  const itemOf = (i: number) => {
    const clinicId = `scale-${String(i % options.clinics).padStart(5, '0')}`;
    const requestId = `req_scale_${i}`;
    // Overdue ones a minute past the grace; the rest due within the next hour, as live timers are.
    const dueAt = i < options.overdue ? now - SWEEP_GRACE_MS - 60_000 - i : now + 60_000 + (i % 3_600) * 1000;
    const duePK = requestKeys.duePartition(clinicId, requestId, DUE_SHARDS);
    perShard.set(duePK, (perShard.get(duePK) ?? 0) + 1);
    return {
      ...template,
      ...requestKeys.request(clinicId, requestId),
      request: { ...template.request, clinicId, requestId, nextDueAt: dueAt },
      [DUE_INDEX.partitionKey]: duePK,
      [DUE_INDEX.sortKey]: requestKeys.due(dueAt, clinicId, requestId),
      [QUEUE_INDEX.partitionKey]: requestKeys.queuePartition(clinicId, true),
      [QUEUE_INDEX.sortKey]: requestKeys.queuePosition(now - i, requestId),
    };
  };
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const batch = Array.from({ length: Math.min(25, count - next) }, () => itemOf(next++));
      let pending: Record<string, unknown[]> | undefined = {
        [TABLE]: batch.map((Item) => ({ PutRequest: { Item } })),
      };
      while (pending && Object.keys(pending).length > 0) {
        const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  return perShard;
}

export async function measureScale(options: ScaleOptions): Promise<ScaleResult> {
  const engine = await startDynamoDbLocal();
  const { client, db } = createLocalClients(engine.endpoint);
  try {
    await ensureTable(client, TABLE);
    const meter = meterDynamo(client, { consumedCapacity: true });
    const clinics = new DynamoClinicStore(db, TABLE);
    const requests = new DynamoRequestStore(db, TABLE);
    await seedClinic(clinics);
    const h = harness({ clinics, requests });
    const now = h.deps.clock();
    // The template: a request as the real submit writes it.
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'scale-template', body());
    const { Item } = await db.send(
      new GetCommand({ TableName: TABLE, Key: requestKeys.request(CLINIC_ID, stored.request.requestId) }),
    );
    if (!Item) throw new Error('the template request was not stored');
    const template = Item as Item;

    progress(`scale: writing ${options.openRequests} open requests over ${options.clinics} clinics`);
    const loadStarted = performance.now();
    const perShard = await writeOpenRequests(db, template, options.openRequests, options, now);
    const loadSeconds = round((performance.now() - loadStarted) / 1000, 1);

    progress(`scale: ${options.runs} sweeper passes`);
    const until = now - SWEEP_GRACE_MS;
    const indexMs: number[] = [];
    const readsMs: number[] = [];
    let indexUnits = 0;
    let readsUnits = 0;
    let queries = 0;
    let found = 0;
    for (let run = 0; run < options.runs; run++) {
      meter.reset();
      const t0 = performance.now();
      const due = await requests.listDue(until, 100);
      indexMs.push(performance.now() - t0);
      indexUnits = units(meter.calls);
      queries = meter.calls.length;
      found = due.length;
      for (const d of due) await requests.get(d.clinicId, d.requestId);
      readsMs.push(performance.now() - t0);
      readsUnits = units(meter.calls);
    }

    // The re-arm is the local stack's, on its engine (dynalite): the same requests there, then its Scan.
    progress(`scale: local re-arm of ${options.rearmRequests} open requests on dynalite`);
    const local = await startDynalite();
    const localClients = createLocalClients(local.endpoint);
    let rearm: ScaleResult['rearm'];
    try {
      await ensureTable(localClients.client, TABLE);
      const localMeter = meterDynamo(localClients.client, { consumedCapacity: true });
      await writeOpenRequests(localClients.db, template, options.rearmRequests, options, now);
      localMeter.reset();
      let rearmed = 0;
      const timer = { outlivesProcess: false, schedule: async () => void rearmed++ };
      const r0 = performance.now();
      const { pages } = await new OpenRequestRecovery(localClients.db, TABLE, timer, () => now).rearm();
      rearm = {
        engine: 'dynalite',
        requests: options.rearmRequests,
        ms: round(performance.now() - r0, 0),
        pages,
        rearmed,
        readUnits: units(localMeter.calls),
      };
    } finally {
      localClients.client.destroy();
      await local.close();
    }

    progress(`scale: one clinic's rota with ${options.overrides} future overrides`);
    const fixture = demoLikeClinic('scale-rota', { now, phoneBase: 500 });
    await seedFixture(clinics, fixture);
    const ids = fixture.clinicians.map((c) => c.clinicianId);
    const service = fixture.services[0]?.serviceId ?? 'general';
    for (let i = 0; i < options.overrides; i++) {
      const start = now + 3_600_000 + i * 4 * 3_600_000;
      await clinics.putOverride({
        overrideId: `ovr${String(i).padStart(6, '0')}`,
        clinicId: 'scale-rota',
        serviceId: service,
        clinicianId: ids[i % ids.length] ?? 'ana',
        start,
        end: start + 2 * 3_600_000,
        createdAt: now,
      });
    }
    const rotaMs: number[] = [];
    let rotaUnits = 0;
    let items = 0;
    for (let run = 0; run < options.runs; run++) {
      meter.reset();
      const t0 = performance.now();
      const rota = await clinics.loadRota('scale-rota', now);
      rotaMs.push(performance.now() - t0);
      rotaUnits = units(meter.calls);
      items =
        (rota?.overrides.length ?? 0) + (rota?.clinicians.length ?? 0) + (rota?.services.length ?? 0) + 1;
    }

    const counts = [...perShard.values()];
    return {
      engine: 'DynamoDB Local',
      openRequests: options.openRequests,
      clinics: options.clinics,
      loadSeconds,
      shards: { count: perShard.size, minItems: Math.min(...counts), maxItems: Math.max(...counts) },
      sweepIndex: { ms: rounded(summarize(indexMs), 1), readUnits: indexUnits, queries, found },
      sweepReads: { ms: rounded(summarize(readsMs), 1), readUnits: readsUnits },
      rearm,
      rota: { overrides: options.overrides, ms: rounded(summarize(rotaMs), 1), readUnits: rotaUnits, items },
    };
  } finally {
    client.destroy();
    await engine.close();
  }
}
