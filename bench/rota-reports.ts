// Measure 9: coverage gaps and the fairness report. The gaps of the next 30 days of a 50-person service
// (daily handoffs, 200 overrides, 5 inactive people), and a 30-day fairness report over 600 requests (a
// clinic's 20 a day), each paged and half of them accepted by the real engine. In-memory stores: the CPU
// of the use cases; the store calls they make are counted, not timed.
import { FakeCoverRequests } from '../test/unit/cover/fake-cover-requests.js';
import { checkClinicGaps } from '../shared/app/rota-check/check-clinic-gaps.js';
import { getGaps } from '../shared/app/on-call.js';
import { fairnessReport } from '../shared/app/reports/fairness-report.js';
import { respondByApi } from '../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../shared/app/requests/submit-request.js';
import type { Clinician, Override, Service } from '../shared/domain/model.js';
import {
  admin,
  asClinician,
  body,
  CLINIC_ID,
  clinic,
  clinician,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  T0,
} from '../test/unit/requests/fakes.js';
import { FakeRotaNotices } from '../test/unit/rota-check/fake-rota-notices.js';
import { FakePager } from '../test/unit/requests/fakes.js';
import { silentSignals } from '../shared/ports/signals.js';
import { progress, rounded, seededRandom, summarize, type Summary } from './lib/stats.js';

export interface RotaReportsOptions {
  participants: number;
  overrides: number;
  requests: number;
  runs: number;
}

export interface RotaReportsResult {
  gaps: {
    participants: number;
    overrides: number;
    inactive: number;
    days: number;
    gaps: number;
    ms: Summary;
  };
  /**
   * The gap check of one clinic with that service: the first run (every gap new: claimed and alerted)
   * and a steady run (nothing new), with the store calls each makes.
   */
  gapCheck: {
    gaps: number;
    first: { ms: Summary; storeCalls: number; messages: number };
    steady: { ms: Summary; storeCalls: number };
  };
  fairness: { requests: number; days: number; clinicians: number; ms: Summary; storeReads: number };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DAYS = 30;

async function timed(runs: number, run: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < 3; i++) await run(); // warm-up: handoff plans, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return rounded(summarize(times), 2);
}

async function gapsFixture(options: RotaReportsOptions) {
  const random = seededRandom(9);
  const clinics = new FakeClinicStore();
  await clinics.putClinic(clinic());
  const people = Array.from({ length: options.participants }, (_, i) => `p${i}`);
  const inactive = new Set(people.filter((_, i) => i % 10 === 3)); // 5 of 50
  for (const id of people) {
    const person: Clinician = { ...clinician('ana'), clinicianId: id, name: `Person ${id}` };
    await clinics.putClinician({ ...person, active: !inactive.has(id) });
  }
  const service: Service = {
    clinicId: CLINIC_ID,
    serviceId: 'general',
    name: 'General',
    rotation: { participants: people, start: '2026-01-05', handoff: { every: 'day', count: 1, at: '08:00' } },
    escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 300 }], repeat: 0 },
    updatedAt: 0,
  };
  await clinics.putService(service);
  for (let i = 0; i < options.overrides; i++) {
    const start = T0 + Math.floor(random() * DAYS * 24) * HOUR;
    const override: Override = {
      overrideId: `o${i}`,
      clinicId: CLINIC_ID,
      serviceId: 'general',
      clinicianId: people[Math.floor(random() * people.length)] ?? 'p0',
      start,
      end: start + (1 + Math.floor(random() * 72)) * HOUR,
      createdAt: i,
    };
    await clinics.putOverride(override);
  }
  return { clinics, inactive: inactive.size };
}

export async function measureRotaReports(options: RotaReportsOptions): Promise<RotaReportsResult> {
  const g = await gapsFixture(options);
  const gapDeps = { clinics: g.clinics, keys: undefined as never, clock: () => T0 };
  const gapsOnce = () => getGaps(gapDeps, admin, CLINIC_ID, 'general', { days: DAYS });
  const gapCount = (await gapsOnce()).gaps.length;
  const gapsMs = await timed(options.runs, gapsOnce);
  progress(`rota reports: gaps of ${DAYS} days median ${gapsMs.median} ms (${gapCount} gaps)`);

  // The gap check, first with every gap new, then with nothing new.
  const checkDeps = (gapAlerts: FakeRotaNotices, pager: FakePager) => ({
    clinics: g.clinics,
    directory: gapAlerts,
    gapAlerts,
    shiftNotices: gapAlerts,
    covers: new FakeCoverRequests(),
    requests: new FakeRequestStore(),
    pager,
    clock: () => T0,
    signals: silentSignals,
    publicBaseUrl: 'https://crisis.example.org',
  });
  const fresh = () => {
    const alerts = new FakeRotaNotices(g.clinics);
    return { alerts, pager: new FakePager(() => T0) };
  };
  const probe = fresh();
  const loads = g.clinics.loadRotaCalls;
  const firstRun = await checkClinicGaps(checkDeps(probe.alerts, probe.pager), CLINIC_ID);
  // loadRota and listGapAlerts (one Query each), a conditional Put per new gap, an Update per alerted one.
  const firstCalls = g.clinics.loadRotaCalls - loads + 1 + probe.alerts.claims + (firstRun?.alerted ?? 0);
  const firstMs = await timed(options.runs, () => {
    const f = fresh();
    return checkClinicGaps(checkDeps(f.alerts, f.pager), CLINIC_ID);
  });
  const steadyMs = await timed(options.runs, () =>
    checkClinicGaps(checkDeps(probe.alerts, probe.pager), CLINIC_ID),
  );
  progress(
    `rota reports: gap check of a clinic median ${firstMs.median} ms first, ${steadyMs.median} ms steady`,
  );

  // A month of requests through the real engine: paged, every other one accepted 40 s later.
  const clinics = new FakeClinicStore();
  const { seedClinic } = await import('../test/unit/requests/fakes.js');
  await seedClinic(clinics);
  const requests = new FakeRequestStore();
  const h = harness({ clinics, requests });
  const spacing = Math.floor((DAYS * DAY) / options.requests);
  for (let i = 0; i < options.requests; i++) {
    h.setNow(T0 + i * spacing);
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, `bench-fair-${i}`, body());
    if (i % 2 === 0) {
      h.advance(40_000);
      const who = stored.request.paged[0]?.clinicianId;
      if (who)
        await respondByApi(h.deps, asClinician(who), CLINIC_ID, stored.request.requestId, 'acknowledge');
    }
  }
  let reads = 0;
  const get = requests.get.bind(requests);
  requests.get = (clinicId, requestId) => {
    reads++;
    return get(clinicId, requestId);
  };
  const window = { from: T0, to: T0 + DAYS * DAY };
  const reportOnce = () => fairnessReport(h.deps, admin, CLINIC_ID, window);
  const report = await reportOnce();
  reads = 0;
  await reportOnce();
  const storeReads = reads;
  const fairnessMs = await timed(Math.max(3, Math.floor(options.runs / 3)), reportOnce);
  progress(`rota reports: fairness over ${report.requests} requests median ${fairnessMs.median} ms`);
  return {
    gaps: {
      participants: options.participants,
      overrides: options.overrides,
      inactive: g.inactive,
      days: DAYS,
      gaps: gapCount,
      ms: gapsMs,
    },
    gapCheck: {
      gaps: firstRun?.gaps ?? 0,
      first: { ms: firstMs, storeCalls: firstCalls, messages: probe.pager.sent.length },
      steady: { ms: steadyMs, storeCalls: 2 },
    },
    fairness: {
      requests: report.requests,
      days: DAYS,
      clinicians: report.clinicians.length,
      ms: fairnessMs,
      storeReads,
    },
  };
}
