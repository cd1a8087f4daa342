// Measure 4: who is on call. (a) The pure domain function whoIsOnCall over a 50-person weekly rotation
// with 2,000 overrides spread across a year, at 100,000 random instants (seeded, the same every run),
// timed per batch; (b) through the adapter: DynamoClinicStore.loadRota + whoIsOnCall on dynalite, with
// the DynamoDB calls, items read and read units each lookup costs.
import { DynamoClinicStore } from '../shared/adapters/aws/dynamo-clinic-store.js';
import { createLocalClients } from '../shared/adapters/aws/dynamo-client.js';
import { startDynalite } from '../shared/adapters/local/embedded-dynamo.js';
import { ensureTable } from '../shared/adapters/local/ensure-table.js';
import { makeOverrideId } from '../shared/domain/override-id.js';
import type { Clinic, Clinician, Override, Rotation, Service } from '../shared/domain/model.js';
import { whoIsOnCall } from '../shared/domain/rota/index.js';
import { meterDynamo } from './lib/dynamo-meter.js';
import { dramaPhone } from './lib/fixtures.js';
import { progress, round, rounded, seededRandom, summarize, type Summary } from './lib/stats.js';

export interface RotaOptions {
  participants: number;
  overrides: number;
  instants: number;
  batches: number;
  adapterLookups: number;
}

export interface RotaResult {
  participants: number;
  overrides: number;
  instants: number;
  /** ns per lookup, one figure per batch of all instants; the headline is the median batch. */
  nsPerLookupBatches: number[];
  nsPerLookupMedian: number;
  /** Individually timed lookups (hrtime around each; includes ~50 ns of timer overhead). */
  nsPerLookupSingle: Summary;
  /** Share of the instants at which an override (not the rotation) holds the primary slot. */
  overrideCoverage: number;
  /** The same lookups with no overrides: what the rotation arithmetic alone costs. */
  nsPerLookupNoOverrides: number;
  adapter: {
    lookups: number;
    callsPerLookup: Summary;
    itemsReadPerLookup: Summary;
    readUnitsPerLookup: Summary;
    msPerLookup: Summary;
    itemsInPartition: number;
  };
  /**
   * loadRota at a whole-ms instant and at the same instant + 0.5 ms: overrides returned by each. Sort keys
   * pad whole milliseconds; before keys.ts floored the instant, a fractional one returned no overrides.
   */
  fractionalInstant: { at: number; overridesWholeMs: number; overridesFractionalMs: number };
}

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_END = Date.UTC(2027, 0, 1);

function buildRota(options: RotaOptions) {
  const random = seededRandom(20261126);
  const participants = Array.from(
    { length: options.participants },
    (_, i) => `c${String(i).padStart(2, '0')}`,
  );
  const rotation: Rotation = {
    participants,
    start: '2026-01-05',
    handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
  };
  const overrides: Override[] = Array.from({ length: options.overrides }, (_, i) => {
    const start = YEAR_START + Math.floor(random() * (YEAR_END - YEAR_START));
    const hours = 1 + Math.floor(random() * 72); // an hour to three days: cover for a shift, a sick day
    const end = start + hours * 3_600_000;
    return {
      overrideId: makeOverrideId(end, `bench${String(i).padStart(5, '0')}`),
      clinicId: 'rota-bench',
      serviceId: 'general',
      clinicianId: participants[Math.floor(random() * participants.length)]!,
      start,
      end,
      createdAt: YEAR_START - 30 * DAY + i * 60_000,
    };
  });
  const instants = Array.from({ length: options.instants }, () =>
    Math.floor(YEAR_START + random() * (YEAR_END - YEAR_START)),
  );
  return { rotation, overrides, instants, participants };
}

function batchNs(rotation: Rotation, overrides: readonly Override[], instants: readonly number[]): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const at of instants) {
    const r = whoIsOnCall({ rotation, timeZone: 'Europe/London', overrides, at });
    sink += r.primary ? r.primary.until & 1 : 0;
  }
  const ns = Number(process.hrtime.bigint() - t0) / instants.length;
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return ns;
}

export async function measureRota(options: RotaOptions): Promise<RotaResult> {
  const { rotation, overrides, instants, participants } = buildRota(options);

  progress(`rota: whoIsOnCall, ${options.batches} batches of ${options.instants} instants`);
  batchNs(rotation, overrides, instants.slice(0, 20_000)); // warm-up: JIT and the handoff memo
  const batches: number[] = [];
  for (let b = 0; b < options.batches; b++) batches.push(round(batchNs(rotation, overrides, instants), 1));
  const single: number[] = [];
  for (const at of instants.slice(0, 20_000)) {
    const t0 = process.hrtime.bigint();
    whoIsOnCall({ rotation, timeZone: 'Europe/London', overrides, at });
    single.push(Number(process.hrtime.bigint() - t0));
  }
  const covered = instants.filter(
    (at) =>
      whoIsOnCall({ rotation, timeZone: 'Europe/London', overrides, at }).primary?.source === 'override',
  ).length;
  batchNs(rotation, [], instants.slice(0, 20_000));
  const noOverrides = summarize([0, 1, 2].map(() => batchNs(rotation, [], instants))).median;

  progress(`rota: loadRota + whoIsOnCall on dynalite, ${options.adapterLookups} lookups`);
  const engine = await startDynalite();
  const { client, db } = createLocalClients(engine.endpoint);
  try {
    await ensureTable(client, 'bench-rota');
    const store = new DynamoClinicStore(db, 'bench-rota');
    const now = YEAR_START;
    const clinicians: Clinician[] = participants.map((id, i) => ({
      clinicId: 'rota-bench',
      clinicianId: id,
      name: `Clinician ${id}`,
      phone: dramaPhone(100 + i),
      active: true,
      brokenContacts: [],
      updatedAt: now,
    }));
    const service: Service = {
      clinicId: 'rota-bench',
      serviceId: 'general',
      name: 'General',
      rotation,
      escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
      updatedAt: now,
    };
    const clinic: Clinic = {
      clinicId: 'rota-bench',
      name: 'Rota Bench',
      timezone: 'Europe/London',
      fallback: [{ name: 'Duty manager', phone: dramaPhone(199) }],
      fallbackRepeatSeconds: 300,
      createdAt: now,
      updatedAt: now,
    };
    const writes: Array<() => Promise<void>> = [
      ...clinicians.map((c) => () => store.putClinician(c)),
      () => store.putService(service),
      ...overrides.map((o) => () => store.putOverride(o)),
      () => store.putClinic(clinic),
    ];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let w = writes[next++]; w; w = writes[next++]) await w();
      }),
    );
    const meter = meterDynamo(client, { consumedCapacity: true });
    const random = seededRandom(7);
    const calls: number[] = [];
    const items: number[] = [];
    const units: number[] = [];
    const ms: number[] = [];
    for (let i = 0; i < options.adapterLookups + 20; i++) {
      const at = Math.floor(YEAR_START + random() * (YEAR_END - YEAR_START)); // keys are whole ms
      meter.reset();
      const t0 = performance.now();
      const rota = await store.loadRota('rota-bench', at);
      if (!rota) throw new Error('rota missing');
      const svc = rota.services.find((s) => s.serviceId === 'general')!;
      whoIsOnCall({
        rotation: svc.rotation,
        timeZone: rota.clinic.timezone,
        overrides: rota.overrides.filter((o) => o.serviceId === svc.serviceId),
        at,
      });
      if (i < 20) continue; // warm-up
      ms.push(performance.now() - t0);
      calls.push(meter.calls.length);
      items.push(meter.calls.reduce((sum, c) => sum + (c.scannedCount ?? 0), 0));
      units.push(meter.calls.reduce((sum, c) => sum + (c.consumed ?? 0), 0));
    }
    const midYear = Math.floor((YEAR_START + YEAR_END) / 2);
    const whole = await store.loadRota('rota-bench', midYear);
    const fractional = await store.loadRota('rota-bench', midYear + 0.5);
    return {
      participants: options.participants,
      overrides: options.overrides,
      instants: options.instants,
      nsPerLookupBatches: batches,
      nsPerLookupMedian: summarize(batches).median,
      nsPerLookupSingle: rounded(summarize(single), 0),
      overrideCoverage: round(covered / instants.length, 3),
      nsPerLookupNoOverrides: round(noOverrides, 1),
      adapter: {
        lookups: options.adapterLookups,
        callsPerLookup: rounded(summarize(calls), 2),
        itemsReadPerLookup: rounded(summarize(items), 1),
        readUnitsPerLookup: rounded(summarize(units), 1),
        msPerLookup: rounded(summarize(ms), 2),
        itemsInPartition: writes.length,
      },
      fractionalInstant: {
        at: midYear,
        overridesWholeMs: whole?.overrides.length ?? 0,
        overridesFractionalMs: fractional?.overrides.length ?? 0,
      },
    };
  } finally {
    client.destroy();
    await engine.close();
  }
}
