// Load on the local stack over real HTTP: 1,000 submissions across 10 clinics made through the API (50 in
// flight, 10 % of them sent twice at once with the same Idempotency-Key), then 1,000 acknowledgements, half
// by the clinician API and half by SMS reply. Nothing may be lost or paged twice, and every request must end
// in one consistent state. The figures are printed.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  createClinic,
  expectStatus,
  outbox,
  pageRecord,
  percentile,
  pool,
  startStack,
  submit,
  type HardeningStack,
  type OutboxEntry,
  type TestClinic,
} from './support/local.js';

jest.setTimeout(180_000);

const CLINICS = 10;
const PER_CLINIC = 100;
const IN_FLIGHT = 50;
/** Every REPLAY_EVERY-th submission is sent a second time, concurrently, with the same key and body. */
const REPLAY_EVERY = 10;

interface Accepted {
  clinic: TestClinic;
  key: string;
  requestId: string;
  pagedClinicianId: string;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

describe(`load on the local stack over HTTP (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  const clinics: TestClinic[] = [];
  const accepted = new Map<string, Accepted>(); // by Idempotency-Key
  const figures: string[] = [];

  beforeAll(async () => {
    h = await startStack();
    for (let i = 0; i < CLINICS; i++) clinics.push(await createClinic(h.call, `load-${i}`, 10 + i));
  });
  afterAll(async () => {
    console.log(
      `load figures (${process.env.DYNAMO_ENGINE}, ${IN_FLIGHT} in flight):\n  ${figures.join('\n  ')}`,
    );
    await h?.close();
  });

  it(`accepts ${CLINICS * PER_CLINIC} concurrent submissions across ${CLINICS} clinics: none lost, one request and one first page each, replays page nobody`, async () => {
    const jobs: Array<{ clinic: TestClinic; key: string; replay: boolean }> = [];
    for (let n = 0; n < PER_CLINIC; n++)
      for (const clinic of clinics) {
        const key = `load-${clinic.clinicId}-${n}-${Math.random().toString(36).slice(2, 10)}`;
        jobs.push({ clinic, key, replay: false });
        if (n % REPLAY_EVERY === 0) jobs.push({ clinic, key, replay: true });
      }
    const latencies: number[] = [];
    const answers: Array<{
      key: string;
      replay: boolean;
      status: number;
      requestId?: string;
      paging?: string;
    }> = [];
    const started = performance.now();
    await pool(
      IN_FLIGHT,
      jobs.map((job) => async () => {
        const t = performance.now();
        const reply = await submit(h.call, job.clinic, { summary: `Load test caller ${job.key}` }, job.key);
        latencies.push(performance.now() - t);
        answers.push({
          key: job.key,
          replay: job.replay,
          status: reply.status,
          requestId: reply.body?.requestId,
          paging: reply.body?.paging?.[0]?.clinicianId,
        });
        if (reply.status === 202 && !accepted.has(job.key))
          accepted.set(job.key, {
            clinic: job.clinic,
            key: job.key,
            requestId: reply.body.requestId,
            pagedClinicianId: reply.body.paging?.[0]?.clinicianId,
          });
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const notAccepted = answers.filter((a) => a.status !== 202);
    expect(notAccepted).toEqual([]);
    expect(accepted.size).toBe(CLINICS * PER_CLINIC);
    // A replay answers with the same request as the original, whichever of the two came first.
    for (const a of answers) expect(a.requestId).toBe(accepted.get(a.key)?.requestId);
    expect(new Set(answers.map((a) => a.requestId)).size).toBe(CLINICS * PER_CLINIC);
    expect([...accepted.values()].every((a) => a.pagedClinicianId === 'c1')).toBe(true);

    // None lost: every accepted request is in the table, and no request exists that was not answered.
    const items = await h.scanKind('request');
    expect(items).toHaveLength(CLINICS * PER_CLINIC);
    const ids = new Set([...accepted.values()].map((a) => a.requestId));
    expect(items.every((item) => ids.has((item.request as { requestId: string }).requestId))).toBe(true);

    // One first page per request: the outbox holds exactly one page per request, for attempt 1, to c1.
    const pages = (await outbox(h.call)).filter((m) => m.ackUrl);
    expect(pages).toHaveLength(CLINICS * PER_CLINIC);
    const records = await pool(
      IN_FLIGHT,
      pages.map((p) => () => pageRecord(h.stack, p)),
    );
    const perRequest = new Map<string, number>();
    for (const r of records)
      perRequest.set(r?.requestId ?? 'unknown', (perRequest.get(r?.requestId ?? 'unknown') ?? 0) + 1);
    expect([...perRequest.values()].every((count) => count === 1)).toBe(true);
    expect(perRequest.size).toBe(CLINICS * PER_CLINIC);
    expect(records.every((r) => r?.attempt === 1 && r.who.clinicianId === 'c1')).toBe(true);

    figures.push(
      `submit: ${jobs.length} POSTs (${jobs.length - CLINICS * PER_CLINIC} replays) in ${seconds.toFixed(1)} s = ` +
        `${(jobs.length / seconds).toFixed(0)}/s; latency p50 ${ms(percentile(latencies, 50))}, ` +
        `p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(percentile(latencies, 100))}`,
      `accepted ${accepted.size}, lost 0, duplicate requests 0, first pages ${pages.length} (duplicates 0)`,
    );
  });

  it('then acknowledges all of them (half by clinician API, half by SMS reply): every request acknowledged once, by its paged clinician, nothing overdue', async () => {
    expect(accepted.size).toBe(CLINICS * PER_CLINIC);
    const pageOf = new Map<string, OutboxEntry>();
    const pages = (await outbox(h.call)).filter((m) => m.ackUrl);
    const records = await pool(
      IN_FLIGHT,
      pages.map((p) => () => pageRecord(h.stack, p)),
    );
    records.forEach((r, i) => r && pageOf.set(r.requestId, pages[i] as OutboxEntry));

    const all = [...accepted.values()];
    const latencies: number[] = [];
    const failures: string[] = [];
    const started = performance.now();
    await pool(
      IN_FLIGHT,
      all.map((a, i) => async () => {
        const t = performance.now();
        if (i % 2 === 0) {
          const reply = await h.call(
            'POST',
            `/v1/clinics/${a.clinic.clinicId}/requests/${a.requestId}/acknowledge`,
            {
              key: a.clinic.clinicians[a.pagedClinicianId],
            },
          );
          if (reply.status !== 200) failures.push(`${a.requestId} api ${reply.status}`);
        } else {
          const page = pageOf.get(a.requestId);
          const reply = await h.call('POST', '/local/sms-inbound', {
            body: { from: page?.to, body: page?.code },
          });
          if (reply.status !== 200 || !reply.body.matched) failures.push(`${a.requestId} sms ${reply.text}`);
        }
        latencies.push(performance.now() - t);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(failures).toEqual([]);

    const states = await pool(
      IN_FLIGHT,
      all.map((a) => async () => {
        const reply = expectStatus(
          await h.call('GET', `/v1/clinics/${a.clinic.clinicId}/requests/${a.requestId}`, {
            key: a.clinic.intake,
          }),
          200,
        );
        const r = reply.body;
        const consistent =
          r.status === 'acknowledged' &&
          r.assignee?.clinicianId === a.pagedClinicianId &&
          r.nextEscalationAt === null &&
          r.paging.length === 0 &&
          JSON.stringify(r.timeline.map((e: { type: string }) => e.type)) ===
            JSON.stringify(['submitted', 'page_sent', 'acknowledged']) &&
          r.summary === undefined;
        return consistent
          ? null
          : `${a.requestId}: ${r.status} ${JSON.stringify(r.timeline.map((e: { type: string }) => e.type))}`;
      }),
    );
    expect(states.filter(Boolean)).toEqual([]);
    // Nothing overdue: each request now waits only for its call back, due minutes from now.
    const due = await h.stack.requestDeps.requests.listDue(Number.MAX_SAFE_INTEGER, 1000);
    expect(due.filter((d) => d.dueAt <= Date.now() + 60_000)).toEqual([]);
    expect(due).toHaveLength(CLINICS * PER_CLINIC);
    const pagesAfter = (await outbox(h.call)).filter((m) => m.ackUrl);
    expect(pagesAfter).toHaveLength(CLINICS * PER_CLINIC); // nobody else was paged

    figures.push(
      `ack: ${all.length} (${Math.ceil(all.length / 2)} API, ${Math.floor(all.length / 2)} SMS) in ${seconds.toFixed(1)} s = ` +
        `${(all.length / seconds).toFixed(0)}/s; latency p50 ${ms(percentile(latencies, 50))}, ` +
        `p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(percentile(latencies, 100))}`,
      `consistent ${states.filter((s) => s === null).length}/${all.length}: acknowledged by the paged clinician, ` +
        `timeline submitted → page_sent → acknowledged, none due, no further page`,
    );
  });
});
