// Measure 2: through the local HTTP stack (npm start's server, handlers, authorizer, dynalite on disk,
// outbox pager): N submissions at concurrency C spread over the demo services, from a separate client
// process. Afterwards every request is checked for exactly one first page, in its stored timeline and
// in the outbox (each page's ack link is traced back to its request through the stored token).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../infra/local/local-stack.js';
import { hashSecret, randomToken } from '../shared/app/secrets.js';
import type { LoadRequest } from './load-client.js';
import { runLoadInChild } from './lib/load.js';
import { progress, round, rounded, summarize, type Summary } from './lib/stats.js';

export interface HttpLoadOptions {
  requests: number;
  concurrency: number;
  warmup: number;
}

export interface HttpLoadResult {
  requests: number;
  concurrency: number;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: Summary;
  errors: number;
  statusCounts: Record<string, number>;
  /** Requests whose first page went out exactly once (timeline and outbox agree): must equal `requests`. */
  exactlyOneFirstPage: number;
  noFirstPage: number;
  duplicateFirstPage: number;
  outboxMessagesChecked: number;
}

const SERVICES = ['general', 'adolescent', 'addiction'];

export function submitSpecs(
  clinicId: string,
  intakeKey: string,
  count: number,
  services: readonly string[],
  tag: string,
): LoadRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    method: 'POST',
    path: `/v1/clinics/${clinicId}/requests`,
    headers: {
      authorization: `Bearer ${intakeKey}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-${tag}-${i}-${randomUUID()}`,
    },
    body: JSON.stringify({
      serviceId: services[i % services.length],
      urgency: i % 2 ? 'urgent' : 'emergency',
      summary: 'Caller at risk after a relapse, asks for a call back within the hour',
      callbackPhone: '+447700900555',
    }),
  }));
}

/** Each outbox page traced to (requestId, attempt) through its ack token, which the store keeps hashed. */
export async function traceOutbox(stack: LocalStack, since: number) {
  const messages = stack.outbox.list().filter((m) => m.ackUrl !== '' && Date.parse(m.sentAt) >= since);
  const traced: Array<{ requestId: string; attempt: number; channel: string; sentAt: number }> = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const message = messages[next++];
      if (!message) return;
      const token = new URL(message.ackUrl).pathname.split('/').pop() ?? '';
      const record = await stack.requestDeps.requests.findAckToken(hashSecret(token));
      if (record)
        traced.push({
          requestId: record.requestId,
          attempt: record.attempt,
          channel: message.channel,
          sentAt: Date.parse(message.sentAt),
        });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return { traced, checked: messages.length };
}

export async function measureHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'crisis-bench-http-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    seed: true,
    platformKey: `crk_bench_${randomToken(24)}`,
    sweepIntervalMs: 3_600_000, // the precise timers only; the sweeper is the safety net
    logLevel: 'ERROR',
  });
  try {
    const intake = stack.demoKeys?.intake.key;
    if (!intake) throw new Error('the demo clinic was not seeded');
    const clinicId = 'northside';
    progress(`http: warm-up (${options.warmup} submissions)`);
    await runLoadInChild({
      baseUrl: stack.url,
      concurrency: options.concurrency,
      pick: [],
      requests: submitSpecs(clinicId, intake, options.warmup, SERVICES, 'warm'),
    });
    const since = Date.now();
    progress(`http: ${options.requests} submissions at concurrency ${options.concurrency}`);
    const run = await runLoadInChild({
      baseUrl: stack.url,
      concurrency: options.concurrency,
      pick: ['requestId'],
      requests: submitSpecs(clinicId, intake, options.requests, SERVICES, 'run'),
    });
    const durationMs = run.finishedAt - run.startedAt;
    const statusCounts: Record<string, number> = {};
    for (const r of run.results) statusCounts[String(r.status)] = (statusCounts[String(r.status)] ?? 0) + 1;
    const accepted = run.results.filter((r) => r.status === 202);
    const requestIds = accepted.map((r) => String(r.picked.requestId));

    progress('http: checking first pages (timeline and outbox)');
    const { traced, checked } = await traceOutbox(stack, since);
    const outboxFirst = new Map<string, Record<string, number>>();
    for (const t of traced.filter((t) => t.attempt === 1)) {
      const byChannel = outboxFirst.get(t.requestId) ?? {};
      byChannel[t.channel] = (byChannel[t.channel] ?? 0) + 1;
      outboxFirst.set(t.requestId, byChannel);
    }
    let exactlyOne = 0;
    let none = 0;
    let duplicate = 0;
    for (const requestId of requestIds) {
      const stored = await stack.requestDeps.requests.get(clinicId, requestId);
      const firstPages = (stored?.request.timeline ?? []).filter(
        (e) => e.type === 'page_sent' && e.attempt === 1,
      );
      const recipients = new Set(firstPages.map((e) => e.who?.clinicianId ?? e.who?.name));
      const channels = firstPages.map((e) => e.channel ?? 'sms');
      const sent = outboxFirst.get(requestId) ?? {};
      const sentTotal = Object.values(sent).reduce((a, b) => a + b, 0);
      if (firstPages.length === 0 || sentTotal === 0) none++;
      else if (
        recipients.size === 1 &&
        new Set(channels).size === channels.length &&
        channels.every((c) => sent[c] === 1) &&
        sentTotal === channels.length
      )
        exactlyOne++;
      else duplicate++;
    }
    return {
      requests: options.requests,
      concurrency: options.concurrency,
      durationMs,
      requestsPerSecond: round((options.requests / durationMs) * 1000, 1),
      latencyMs: rounded(summarize(run.results.map((r) => r.ms)), 2),
      errors: run.results.length - accepted.length,
      statusCounts,
      exactlyOneFirstPage: exactlyOne,
      noFirstPage: none + (options.requests - requestIds.length),
      duplicateFirstPage: duplicate,
      outboxMessagesChecked: checked,
    };
  } finally {
    await stack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
