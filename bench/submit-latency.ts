// Measure 1: submit → first page, in process. The real submit-request handler (middy, zod, use case, AWS
// adapters) on embedded dynalite with SnsPager on a mocked SNSClient, from handler entry to the moment the
// Publish call is made; against the floor: the DynamoDB and SNS calls the path cannot avoid, made directly
// on the same engine and client: the rota Query, the conditional PutItem of the request, the link-token and
// reply-code PutItems in parallel, then the Publish. The handler's reference reservation (a PutItem beside the
// rota Query, so the reference read out on the phone is unique among open requests) is not something a page
// needs, so the floor leaves it out; the outcome write comes after the Publish, outside the measure. The DynamoDB calls, their
// item kinds and their sequential round trips are counted from both paths as they run, not assumed.
// Samples are interleaved (ABC, CAB, ...) so drift hits all alike.
import { randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand as DocPutCommand, QueryCommand as DocQueryCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../functions/submit-request/handler.js';
import { createMetrics, withMetrics } from '../functions/http/observability.js';
import { DynamoClinicStore } from '../shared/adapters/aws/dynamo-clinic-store.js';
import { createLocalClients } from '../shared/adapters/aws/dynamo-client.js';
import { DynamoRequestStore } from '../shared/adapters/aws/dynamo-request-store.js';
import { emfSignals } from '../shared/adapters/aws/emf-signals.js';
import { keys } from '../shared/adapters/aws/keys.js';
import { SnsPager } from '../shared/adapters/aws/sns-pager.js';
import { SqsTimer } from '../shared/adapters/aws/sqs-timer.js';
import { startDynalite } from '../shared/adapters/local/embedded-dynamo.js';
import { ensureTable } from '../shared/adapters/local/ensure-table.js';
import type { RequestDeps } from '../shared/app/requests/request-deps.js';
import type { ClinicStore } from '../shared/ports/clinic-store.js';
import type { RequestStore } from '../shared/ports/request-store.js';
import { systemClock } from '../shared/ports/clock.js';
import { meterDynamo, type DynamoCall } from './lib/dynamo-meter.js';
import {
  BENCH_LAMBDA_SITE,
  captureOutput,
  demoLikeClinic,
  intakePrincipal,
  seedClinic,
  submitEvent,
} from './lib/fixtures.js';
import { lambdaContext } from '../infra/local/lambda-event.js';
import { progress, round, rounded, summarize, type Summary } from './lib/stats.js';

export interface SubmitLatencyOptions {
  samples: number;
  warmup: number;
  clinics: number;
}

export interface SubmitLatencyResult {
  samplesPerVariant: number;
  warmupPerVariant: number;
  /** Handler entry → SNS Publish call, ms. */
  handlerToPublishMs: Summary;
  /** Handler entry → response returned (the 202 after the page), ms. */
  handlerTotalMs: Summary;
  /** The unavoidable calls on the low-level client with pre-marshalled items, ms. */
  floorMs: Summary;
  /** The same calls through the DocumentClient (marshalling included), ms. */
  floorDocumentClientMs: Summary;
  ratioMedian: number;
  ratioP99: number;
  ratioMedianVsDocumentClientFloor: number;
  /** DynamoDB commands the handler sent per submit (median over samples), by name. */
  handlerDynamoCalls: Record<string, number>;
  /** The handler's writes per submit by item kind (request, acktoken, smscode, reference; median over samples). */
  handlerWritesByKind: Record<string, number>;
  /** Sequential DynamoDB round trips per submit (overlapping calls count as one; median over samples). */
  handlerDynamoRounds: number;
  /** The same counts for the floor (low-level client), measured the same way. */
  floorDynamoCalls: Record<string, number>;
  floorWritesByKind: Record<string, number>;
  floorDynamoRounds: number;
  /** Where the handler's time goes (median ms per phase), next to the floor's calls. */
  handlerPhasesMs: Record<string, number>;
  /** The DynamoDB calls each store phase made (its most frequent set over the samples), e.g. `3 × PutItem (...)`. */
  handlerPhaseCalls: Record<string, string>;
  floorPhasesMs: Record<string, number>;
  floorPhaseCalls: Record<string, string>;
  requestItemBytes: number;
  rotaItemsRead: number;
  logBytesPerInvocation: number;
}

type Marks = Record<string, { start: number; end: number }>;
interface Interval {
  name: string;
  start: number;
  end: number;
}

/** Wraps a port so every method call leaves its interval in `log()` (the phase breakdown). */
function timed<T extends object>(target: T, log: () => Interval[]): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const start = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } finally {
          log().push({ name: String(prop), start, end: performance.now() });
        }
      };
    },
  });
}

/** The `kind` attribute of a written item, as the DocumentClient (`'request'`) or the low-level client (`{ S: 'request' }`) sent it. */
function itemKind(c: DynamoCall): string | undefined {
  const kind = (c.input.Item as Record<string, unknown> | undefined)?.kind;
  if (kind === undefined) return undefined;
  if (typeof kind === 'object' && kind !== null && 'S' in kind) return String((kind as { S: unknown }).S);
  return String(kind);
}

/** `2 × PutItem (acktoken, smscode)`: the calls of one step, by command and item kind. */
function describeCalls(calls: readonly DynamoCall[]): string {
  const byCommand = new Map<string, string[]>();
  for (const c of calls) {
    const kind = itemKind(c);
    byCommand.set(c.command, [...(byCommand.get(c.command) ?? []), ...(kind ? [kind] : [])]);
  }
  return [...byCommand.entries()]
    .map(([command, kinds]) => {
      const n = calls.filter((c) => c.command === command).length;
      return `${n} × ${command}${kinds.length ? ` (${kinds.sort().join(', ')})` : ''}`;
    })
    .join(', ');
}

/** Sequential round trips: calls whose flights overlap are one round (e.g. the parallel credential writes). */
function roundsOf(calls: readonly DynamoCall[]): number {
  let rounds = 0;
  let end = -Infinity;
  for (const c of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    if (c.startedAt >= end) rounds++;
    end = Math.max(end, c.startedAt + c.ms);
  }
  return rounds;
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

const kindOf = (c: DynamoCall) => (c.command === 'PutItem' ? (itemKind(c) ?? '?') : undefined);

/**
 * The handler's path as alternating CPU stretches and store calls (overlapping calls merged into one
 * step, e.g. the parallel link-token and reply-code writes), each store step with the DynamoDB calls
 * made inside it: robust to the use case changing its sequence of calls.
 */
function phasesOf(
  intervals: Interval[],
  calls: readonly DynamoCall[],
  t0: number,
  publishedAt: number,
): Array<[string, number, string?]> {
  const sorted = [...intervals].filter((i) => i.start < publishedAt).sort((a, b) => a.start - b.start);
  const groups: Interval[] = [];
  for (const i of sorted) {
    const last = groups[groups.length - 1];
    if (last && i.start < last.end) {
      last.end = Math.max(last.end, i.end);
      if (!last.name.split(' + ').includes(i.name)) last.name += ` + ${i.name}`;
    } else groups.push({ ...i });
  }
  const phases: Array<[string, number, string?]> = [];
  let cursor = t0;
  const seen = new Map<string, number>();
  const label = (name: string) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n > 1 ? `${name} (#${n})` : name;
  };
  for (const g of groups) {
    phases.push([label(`cpu before ${g.name}`), g.start - cursor]);
    const inside = calls.filter((c) => c.startedAt >= g.start && c.startedAt <= g.end);
    phases.push([label(`store: ${g.name}`), g.end - g.start, describeCalls(inside)]);
    cursor = g.end;
  }
  phases.push(['cpu: page text + SNS client → Publish', publishedAt - cursor]);
  return phases;
}

const TABLE = 'bench-submit';

export async function measureSubmitLatency(options: SubmitLatencyOptions): Promise<SubmitLatencyResult> {
  const engine = await startDynalite();
  const { client, db } = createLocalClients(engine.endpoint);
  await ensureTable(client, TABLE);
  const meter = meterDynamo(client);
  const now = Date.now();
  const clinicStore = new DynamoClinicStore(db, TABLE);
  const fixtures = Array.from({ length: options.clinics }, (_, i) =>
    demoLikeClinic(`bench-${i}`, { now, phoneBase: i * 10 }),
  );
  for (const f of fixtures) await seedClinic(clinicStore, f);

  const sns = new SNSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let publishedAt: number | null = null;
  let lastPublish: PublishCommandInput | undefined;
  mockClient(sns)
    .on(PublishCommand)
    .callsFake((input: PublishCommandInput) => {
      publishedAt ??= performance.now();
      lastPublish = input;
      return { MessageId: 'bench-message' };
    });
  const sqs = new SQSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  mockClient(sqs).on(SendMessageCommand).resolves({ MessageId: 'bench-timer' });

  let intervals: Interval[] = [];
  const logger = new Logger({ serviceName: 'crisis-router' }); // INFO, as deployed
  const metrics = createMetrics();
  const deps: RequestDeps = {
    clinics: timed<ClinicStore>(clinicStore, () => intervals),
    requests: timed<RequestStore>(new DynamoRequestStore(db, TABLE), () => intervals),
    pager: new SnsPager(sns, undefined),
    timer: new SqsTimer(sqs, 'https://sqs.eu-west-2.amazonaws.com/123456789012/crisis-timers'),
    clock: systemClock,
    signals: emfSignals(metrics, logger),
    publicBaseUrl: 'https://api.example.org',
  };
  // As functions/submit-request/index.ts wires it: metrics flushed after each invocation.
  const handler = withMetrics(metrics, createHandler(deps, logger));
  const targets = fixtures.flatMap((f) =>
    f.services.map((s) => ({ principal: intakePrincipal(f.clinic.clinicId), serviceId: s.serviceId })),
  );

  const output = captureOutput();
  try {
    let sample = 0;
    const handlerSample = async () => {
      const target = targets[sample++ % targets.length]!;
      const event = submitEvent(
        target.principal,
        target.serviceId,
        `bench-${randomBytes(12).toString('hex')}`,
      );
      const context = lambdaContext('submit-request', BENCH_LAMBDA_SITE);
      publishedAt = null;
      intervals = [];
      meter.reset();
      const t0 = performance.now();
      const result = await handler(event, context);
      const t1 = performance.now();
      if (result.statusCode !== 202 || publishedAt === null)
        throw new Error(`submit did not page: ${result.statusCode} ${result.body.slice(0, 200)}`);
      return {
        t0,
        t1,
        publishedAt: publishedAt as number,
        intervals,
        calls: [...meter.calls],
        rotaItems: meter.calls.find((c) => c.command === 'Query')?.count ?? 0,
      };
    };

    // One submit to learn the exact items and message the path writes; the floor writes the same ones.
    await handlerSample();
    const putOf = (kind: string) =>
      meter.calls.find(
        (c) => c.command === 'PutItem' && (c.input.Item as Record<string, unknown>).kind === kind,
      )?.input.Item as Record<string, unknown>;
    const docItems = { request: putOf('request'), token: putOf('acktoken'), code: putOf('smscode') };
    const rawItem = async (item: Record<string, unknown>) =>
      (
        await client.send(
          new GetItemCommand({
            TableName: TABLE,
            Key: { PK: { S: String(item.PK) }, SK: { S: String(item.SK) } },
            ConsistentRead: true,
          }),
        )
      ).Item as Record<string, AttributeValue>;
    const rawItems = {
      request: await rawItem(docItems.request),
      token: await rawItem(docItems.token),
      code: await rawItem(docItems.code),
    };
    const publishInput = lastPublish!;
    const requestItemBytes = Buffer.byteLength(JSON.stringify(rawItems.request));

    let floorSeq = 0;
    const floorSample = async (viaDocumentClient: boolean) => {
      const i = floorSeq++;
      const target = targets[i % targets.length]!;
      const suffix = `${i}-${randomBytes(6).toString('hex')}`;
      const clinicId = target.principal.clinicId;
      publishedAt = null;
      meter.reset();
      const phases: Marks = {};
      const mark = async <T>(name: string, work: Promise<T>, start: number) => {
        const result = await work;
        phases[name] = { start, end: performance.now() };
        return result;
      };
      const t0 = performance.now();
      const at = Date.now();
      if (viaDocumentClient) {
        await mark(
          'query',
          db.send(
            new DocQueryCommand({
              TableName: TABLE,
              KeyConditionExpression: 'PK = :pk AND SK >= :from',
              ExpressionAttributeValues: {
                ':pk': keys.clinicPartition(clinicId),
                ':from': keys.overridesEndingAfter(at),
              },
            }),
          ),
          t0,
        );
        let s = performance.now();
        await mark(
          'request',
          db.send(
            new DocPutCommand({
              TableName: TABLE,
              Item: { ...docItems.request, PK: `REQUEST#${clinicId}#floor-doc-${suffix}` },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          ),
          s,
        );
        s = performance.now();
        await mark(
          'credentials',
          Promise.all([
            db.send(
              new DocPutCommand({
                TableName: TABLE,
                Item: { ...docItems.token, PK: `ACKTOKEN#floor-doc-${suffix}` },
              }),
            ),
            db.send(
              new DocPutCommand({
                TableName: TABLE,
                Item: { ...docItems.code, PK: `SMSCODE#floor-doc-${suffix}#4821` },
                ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': at },
              }),
            ),
          ]),
          s,
        );
      } else {
        await mark(
          'query',
          client.send(
            new QueryCommand({
              TableName: TABLE,
              KeyConditionExpression: 'PK = :pk AND SK >= :from',
              ExpressionAttributeValues: {
                ':pk': { S: keys.clinicPartition(clinicId) },
                ':from': { S: keys.overridesEndingAfter(at) },
              },
            }),
          ),
          t0,
        );
        let s = performance.now();
        await mark(
          'request',
          client.send(
            new PutItemCommand({
              TableName: TABLE,
              Item: { ...rawItems.request, PK: { S: `REQUEST#${clinicId}#floor-${suffix}` } },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          ),
          s,
        );
        s = performance.now();
        await mark(
          'credentials',
          Promise.all([
            client.send(
              new PutItemCommand({
                TableName: TABLE,
                Item: { ...rawItems.token, PK: { S: `ACKTOKEN#floor-${suffix}` } },
              }),
            ),
            client.send(
              new PutItemCommand({
                TableName: TABLE,
                Item: { ...rawItems.code, PK: { S: `SMSCODE#floor-${suffix}#4821` } },
                ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': { N: String(at) } },
              }),
            ),
          ]),
          s,
        );
      }
      const s = performance.now();
      await sns.send(new PublishCommand(publishInput));
      phases.publish = { start: s, end: publishedAt ?? performance.now() };
      if (publishedAt === null) throw new Error('floor did not publish');
      return { ms: (publishedAt as number) - t0, phases, calls: [...meter.calls] };
    };

    progress(`submit→page: warm-up (${options.warmup} per variant)`);
    for (let i = 0; i < options.warmup; i++) {
      await handlerSample();
      await floorSample(false);
      await floorSample(true);
    }
    const logBytesBefore = output.bytes();
    progress(`submit→page: ${options.samples} interleaved samples per variant`);
    const handlerToPublish: number[] = [];
    const handlerTotal: number[] = [];
    const floor: number[] = [];
    const floorDoc: number[] = [];
    const callCounts: Record<string, number[]> = {};
    const writeKinds: Record<string, number[]> = {};
    const rounds: number[] = [];
    const floorCallCounts: Record<string, number[]> = {};
    const floorWriteKinds: Record<string, number[]> = {};
    const floorRounds: number[] = [];
    const hPhases: Record<string, number[]> = {};
    const hPhaseCalls: Record<string, string[]> = {};
    const fPhaseCalls: Record<string, string[]> = {};
    let rotaItemsRead = 0;
    const fPhases: Record<string, number[]> = {};
    const push = (into: Record<string, number[]>, name: string, v: number) => (into[name] ??= []).push(v);
    const orders = [
      ['h', 'f', 'd'],
      ['d', 'h', 'f'],
      ['f', 'd', 'h'],
    ] as const;
    for (let i = 0; i < options.samples; i++) {
      for (const variant of orders[i % orders.length]!) {
        if (variant === 'h') {
          const r = await handlerSample();
          handlerToPublish.push(r.publishedAt - r.t0);
          handlerTotal.push(r.t1 - r.t0);
          // The calls up to the page: what stands between the submit and its first page.
          const beforePage = r.calls.filter((c) => c.startedAt < r.publishedAt);
          for (const [name, n] of Object.entries(countBy(beforePage, (c) => c.command)))
            push(callCounts, name, n);
          for (const [name, n] of Object.entries(countBy(beforePage, kindOf))) push(writeKinds, name, n);
          rounds.push(roundsOf(beforePage));
          for (const [name, ms, calls] of phasesOf(r.intervals, beforePage, r.t0, r.publishedAt)) {
            push(hPhases, name, ms);
            if (calls !== undefined) (hPhaseCalls[name] ??= []).push(calls);
          }
          rotaItemsRead = r.rotaItems;
        } else {
          const r = await floorSample(variant === 'd');
          (variant === 'd' ? floorDoc : floor).push(r.ms);
          if (variant === 'f') {
            for (const [name, p] of Object.entries(r.phases)) {
              push(fPhases, name, p.end - p.start);
              const inside = r.calls.filter((c) => c.startedAt >= p.start && c.startedAt <= p.end);
              if (inside.length) (fPhaseCalls[name] ??= []).push(describeCalls(inside));
            }
            for (const [name, n] of Object.entries(countBy(r.calls, (c) => c.command)))
              push(floorCallCounts, name, n);
            for (const [name, n] of Object.entries(countBy(r.calls, kindOf))) push(floorWriteKinds, name, n);
            floorRounds.push(roundsOf(r.calls));
          }
        }
      }
    }
    const logBytes = (output.bytes() - logBytesBefore) / options.samples;
    const h = summarize(handlerToPublish);
    const f = summarize(floor);
    const d = summarize(floorDoc);
    const medians = (from: Record<string, number[]>) =>
      Object.fromEntries(Object.entries(from).map(([k, v]) => [k, round(summarize(v).median, 3)]));
    /** The most frequent value of each list (a phase's usual calls; a code collision is the odd one out). */
    const modes = (from: Record<string, string[]>) =>
      Object.fromEntries(
        Object.entries(from).map(([k, v]) => {
          const counts = countBy(v, (x) => x);
          return [k, Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''];
        }),
      );
    return {
      samplesPerVariant: options.samples,
      warmupPerVariant: options.warmup,
      handlerToPublishMs: rounded(h),
      handlerTotalMs: rounded(summarize(handlerTotal)),
      floorMs: rounded(f),
      floorDocumentClientMs: rounded(d),
      ratioMedian: round(h.median / f.median, 2),
      ratioP99: round(h.p99 / f.p99, 2),
      ratioMedianVsDocumentClientFloor: round(h.median / d.median, 2),
      handlerDynamoCalls: medians(callCounts),
      handlerWritesByKind: medians(writeKinds),
      handlerDynamoRounds: summarize(rounds).median,
      floorDynamoCalls: medians(floorCallCounts),
      floorWritesByKind: medians(floorWriteKinds),
      floorDynamoRounds: summarize(floorRounds).median,
      handlerPhasesMs: medians(hPhases),
      handlerPhaseCalls: modes(hPhaseCalls),
      floorPhasesMs: medians(fPhases),
      floorPhaseCalls: modes(fPhaseCalls),
      requestItemBytes,
      rotaItemsRead,
      logBytesPerInvocation: Math.round(logBytes),
    };
  } finally {
    output.restore();
    client.destroy();
    await engine.close();
  }
}
