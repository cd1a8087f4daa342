// A small AWS in a box for fault injection: the real DynamoDB engine (a fresh table), SNS and SQS behind
// aws-sdk-client-mock with scriptable faults, a fake SQS queue with delays, duplicates, reordering and
// redelivery, the EventBridge sweeper tick, and "workers" (Lambda processes) with their own clock, their own
// DynamoDB client (for injected write faults) and a kill switch. Time is a number the test moves: no sleeps.
import { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SNSEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler as escalateHandler } from '../../../functions/escalate/handler.js';
import { createHandler as smsInboundHandler } from '../../../functions/sms-inbound/handler.js';
import { createHandler as sweeperHandler } from '../../../functions/sweeper/handler.js';
import { createLocalClients } from '../../../shared/adapters/aws/dynamo-client.js';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../../shared/adapters/aws/dynamo-request-store.js';
import { SnsPager } from '../../../shared/adapters/aws/sns-pager.js';
import { SqsTimer } from '../../../shared/adapters/aws/sqs-timer.js';
import type { RequestDeps } from '../../../shared/app/requests/request-deps.js';
import type { Signals } from '../../../shared/ports/signals.js';
import { hashSecret } from '../../../shared/app/secrets.js';
import type { TimerMessage } from '../../../shared/ports/timer.js';
import type { RequestStore } from '../../../shared/ports/request-store.js';
import type { Pager } from '../../../shared/ports/pager.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import { lambdaContext } from '../../unit/api/events.js';
import { BASE_URL, RecordingSignals, seedClinic, T0 } from '../../unit/requests/fakes.js';

export const snsMock = mockClient(SNSClient);
export const sqsMock = mockClient(SQSClient);

export const TOPIC_ARN = 'arn:aws:sns:eu-west-2:123456789012:crisis-pages';
export const QUEUE_URL = 'https://sqs.eu-west-2.amazonaws.com/123456789012/crisis-timers';
/** The timer queue's visibility timeout: a failed or crashed invocation's message comes back after it. */
export const VISIBILITY_MS = 60_000; // the timer queue's, in infra/constructs/paging-resources.ts
/** After this many receives SQS moves a message to the dead-letter queue. */
export const MAX_RECEIVES = 5;
export const SWEEP_EVERY_MS = 60_000;

export const silentLogger = () => new Logger({ serviceName: 'hardening', logLevel: 'SILENT' });

/** One call to SNS Publish, successful or not, in world (true) time. */
export interface Publish {
  seq: number;
  at: number;
  channel: 'sms' | 'email';
  /** Phone number for SMS, the clinicianId filter attribute for email. */
  to: string;
  text: string;
  ok: boolean;
  error?: string;
  /** Ack link token in the page; absent on SMS replies to inbound messages. */
  token?: string;
  /** Reply code in the page text. */
  code?: string;
}

interface QueuedMessage {
  id: string;
  body: string;
  visibleAt: number;
  receives: number;
}

export type SnsFault = (input: PublishCommandInput, now: number) => Error | undefined;

/** Makes an SDK-shaped service error (name is what the adapters classify on). */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: /Internal|Throttl|Unavailable/.test(name) ? 'server' : 'client',
    $metadata: { httpStatusCode: /Internal/.test(name) ? 500 : 400 },
  });
}

/** The fake SQS queue behind SqsTimer: DelaySeconds, duplicates, extra delays, redelivery, DLQ. */
export class FakeQueue {
  readonly messages: QueuedMessage[] = [];
  readonly deadLetters: QueuedMessage[] = [];
  /** Every SendMessage, as sent. */
  readonly sent: Array<{ at: number; message: TimerMessage; delaySeconds: number }> = [];
  /** Copies enqueued per SendMessage (at-least-once delivery). */
  duplicates = 1;
  /** Extra delay per copy, on top of DelaySeconds (a slow or stuck poller). */
  extraDelayMs: (message: TimerMessage, copy: number) => number = () => 0;
  /** Order of the messages visible at once: 'newest-first' reverses them (reordering). */
  order: 'fifo' | 'newest-first' = 'fifo';
  /** SendMessage fails with this error (the timer is lost). */
  failWith: Error | null = null;
  private seq = 0;

  onSend(input: SendMessageCommandInput, now: number): void {
    if (this.failWith) throw this.failWith;
    const message = JSON.parse(input.MessageBody ?? '{}') as TimerMessage;
    const delaySeconds = input.DelaySeconds ?? 0;
    this.sent.push({ at: now, message, delaySeconds });
    for (let copy = 0; copy < this.duplicates; copy++)
      this.messages.push({
        id: `sqs-${++this.seq}`,
        body: input.MessageBody ?? '',
        visibleAt: now + delaySeconds * 1000 + this.extraDelayMs(message, copy),
        receives: 0,
      });
  }

  nextVisibleAt(): number {
    return Math.min(...this.messages.map((m) => m.visibleAt), Number.POSITIVE_INFINITY);
  }

  /** Takes every message visible at `now` (they are in flight until deleted or made visible again). */
  receive(now: number): QueuedMessage[] {
    const visible = this.messages.filter((m) => m.visibleAt <= now);
    const ordered =
      this.order === 'newest-first'
        ? [...visible].sort((a, b) => b.visibleAt - a.visibleAt || b.id.localeCompare(a.id))
        : [...visible].sort((a, b) => a.visibleAt - b.visibleAt);
    for (const m of ordered) m.visibleAt = Number.POSITIVE_INFINITY; // in flight
    return ordered;
  }

  delete(m: QueuedMessage): void {
    this.messages.splice(this.messages.indexOf(m), 1);
  }

  /** Not deleted (a batch item failure, or the process died): visible again after the timeout. */
  release(m: QueuedMessage, now: number): void {
    m.receives++;
    if (m.receives >= MAX_RECEIVES) {
      this.delete(m);
      this.deadLetters.push(m);
    } else m.visibleAt = now + VISIBILITY_MS;
  }
}

export type KillPoint =
  /** Right after a conditional write of the request succeeded, before any action of that step. */
  | { after: 'replace'; when: (written: Parameters<RequestStore['replace']>[0]) => boolean }
  /** Right after the request item was created (submit), before it was started. */
  | { after: 'create'; when: (created: Parameters<RequestStore['create']>[0]) => boolean }
  /** Right after SNS accepted a page, before anything else of that invocation. */
  | { after: 'publish'; when: (page: Parameters<Pager['send']>[0]) => boolean };

export interface Worker {
  name: string;
  deps: RequestDeps;
  signals: RecordingSignals;
  /** True once killed: everything it was doing hangs forever, like a process that is gone. */
  readonly dead: boolean;
  /** Resolves when the worker is killed. */
  readonly death: Promise<void>;
  killAt(point: KillPoint): void;
  escalate(event: SQSEvent): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
  sweep(): Promise<{ overdue: number; advanced: number }>;
  smsInbound(from: string, body: string): Promise<void>;
  /** Its own DynamoDB client (write faults are injected here, not on the shared table client). */
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
}

export interface WorkerOptions {
  /** This worker's clock minus the true time (clock skew). */
  offsetMs?: number;
  /** Decides, per DynamoDB write command, whether it fails with ProvisionedThroughputExceeded. */
  failWrite?: (commandName: string, now: number) => boolean;
  /** The functions' logger (silent by default). */
  logger?: Logger;
  /** Signals to use instead of the recording ones (e.g. the EMF wiring, to see what it prints). */
  signals?: Signals;
}

const never = <T>() => new Promise<T>(() => undefined);

export interface World {
  table: TestTable;
  queue: FakeQueue;
  publishes: Publish[];
  requests: DynamoRequestStore;
  clinics: DynamoClinicStore;
  now(): number;
  /** Moves true time forward (never back). */
  setNow(t: number): void;
  /** What SNS does with each publish; undefined means it is accepted. */
  snsFault: SnsFault;
  workers: Worker[];
  worker(name: string, options?: WorkerOptions): Worker;
  /** The first worker still alive (a new invocation goes to a live process). */
  live(): Worker;
  /** Delivers queue messages and sweeper ticks in time order until `until` (true time). */
  runUntil(
    until: number,
    options?: { sweep?: boolean; pick?: (i: number) => Worker; sweeper?: Worker },
  ): Promise<void>;
  /** Delivers the messages visible now, as one SQS batch to `worker`. */
  deliverVisible(worker?: Worker): Promise<number>;
  destroy(): void;
}

let publishSeq = 0;

export async function createWorld(start = T0): Promise<World> {
  const table = await createTestTable();
  const clinics = new DynamoClinicStore(table.db, table.tableName);
  const requests = new DynamoRequestStore(table.db, table.tableName);
  await seedClinic(clinics);

  let now = start;
  const queue = new FakeQueue();
  const publishes: Publish[] = [];
  const logger = silentLogger();
  const clients: DynamoDBClient[] = [];

  const world: World = {
    table,
    queue,
    publishes,
    requests,
    clinics,
    now: () => now,
    setNow: (t) => {
      now = Math.max(now, t);
    },
    snsFault: () => undefined,
    workers: [],
    worker,
    live: () => {
      const alive = world.workers.find((w) => !w.dead);
      if (!alive) throw new Error('no live worker');
      return alive;
    },
    runUntil,
    deliverVisible,
    destroy: () => {
      for (const c of clients) c.destroy();
      table.destroy();
    },
  };

  snsMock.reset();
  snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    const fault = world.snsFault(input, now);
    const text = input.Message ?? '';
    const token = /\/ack\/([A-Za-z0-9_-]{22,64})/.exec(text)?.[1];
    const code = /Reply (\d{4})/.exec(text)?.[1] ?? /reply to the SMS with (\d{4})/.exec(text)?.[1];
    publishes.push({
      seq: ++publishSeq,
      at: now,
      channel: input.PhoneNumber ? 'sms' : 'email',
      to: input.PhoneNumber ?? input.MessageAttributes?.clinicianId?.StringValue ?? '?',
      text,
      ok: !fault,
      ...(fault ? { error: fault.name } : {}),
      ...(token ? { token } : {}),
      ...(code ? { code } : {}),
    });
    if (fault) throw fault;
    return { MessageId: `sns-${publishSeq}` };
  });
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).callsFake(async (input: SendMessageCommandInput) => {
    queue.onSend(input, now);
    return { MessageId: `q-${queue.sent.length}` };
  });

  function worker(name: string, options: WorkerOptions = {}): Worker {
    const offset = options.offsetMs ?? 0;
    const clock = () => now + offset;
    const { client, db } = createLocalClients(table.endpoint);
    clients.push(client);
    if (options.failWrite) {
      const failWrite = options.failWrite;
      // At 'initialize', before the SDK's retry middleware: what a caller sees once the retries are used up.
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const command = String(context.commandName);
          if (/Put|Update|Delete|Write/.test(command) && failWrite(command, now))
            throw awsError(
              'ProvisionedThroughputExceededException',
              'The level of configured provisioned throughput for the table was exceeded',
            );
          return next(args);
        },
        { step: 'initialize', name: 'injectThroughputFaults' },
      );
    }
    let dead = false;
    let die!: () => void;
    const death = new Promise<void>((resolve) => {
      die = () => {
        dead = true;
        resolve();
      };
    });
    const kills: KillPoint[] = [];

    const realStore = new DynamoRequestStore(db, table.tableName);
    // Every store call of a dead worker hangs; a kill point after `replace` kills it right after the write.
    const store = new Proxy(realStore, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (dead) return never();
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (dead) return never();
          const wrote =
            (prop === 'replace' && result === true) ||
            (prop === 'create' && (result as { created?: boolean }).created === true);
          if (wrote) {
            const kill = kills.find((k) => k.after === prop && k.when(args[0] as never));
            if (kill) {
              kills.splice(kills.indexOf(kill), 1);
              die();
              return never();
            }
          }
          return result;
        };
      },
    }) as DynamoRequestStore;
    const sns = new SnsPager(new SNSClient({ region: 'eu-west-2', maxAttempts: 1 }), TOPIC_ARN);
    const pager: Pager = {
      send: async (page) => {
        if (dead) return never();
        const result = await sns.send(page);
        const kill = kills.find((k) => k.after === 'publish' && k.when(page));
        if (kill && result.ok) {
          kills.splice(kills.indexOf(kill), 1);
          die();
        }
        if (dead) return never();
        return result;
      },
    };
    const sqs = new SqsTimer(new SQSClient({ region: 'eu-west-2' }), QUEUE_URL);
    const timer = {
      outlivesProcess: true, // the simulated SQS queue
      schedule: async (message: TimerMessage, at: number) => {
        if (dead) return never<void>();
        return sqs.schedule(message, at);
      },
    };
    const signals = new RecordingSignals();
    const deps: RequestDeps = {
      clinics: new DynamoClinicStore(db, table.tableName),
      requests: store,
      pager,
      timer,
      clock,
      signals: options.signals ?? signals,
      publicBaseUrl: BASE_URL,
    };
    const log = options.logger ?? logger;
    const escalate = escalateHandler(deps, log);
    const sweep = sweeperHandler(deps, log);
    const inbound = smsInboundHandler(deps, log);
    const context: Context = lambdaContext(name);
    const w: Worker = {
      name,
      deps,
      signals,
      get dead() {
        return dead;
      },
      death,
      killAt: (point) => kills.push(point),
      escalate: (event) => escalate(event),
      sweep: () => sweep(),
      smsInbound: async (from, body) => {
        const event: SNSEvent = {
          Records: [
            {
              EventSource: 'aws:sns',
              EventVersion: '1.0',
              EventSubscriptionArn: `${TOPIC_ARN}-inbound:sub`,
              Sns: {
                Type: 'Notification',
                MessageId: `in-${++publishSeq}`,
                TopicArn: `${TOPIC_ARN}-inbound`,
                Subject: '',
                Message: JSON.stringify({
                  originationNumber: from,
                  destinationNumber: '+447700900000',
                  messageKeyword: 'KEYWORD_123456789012',
                  messageBody: body,
                  inboundMessageId: `inbound-${publishSeq}`,
                  previousPublishedMessageId: 'unknown',
                }),
                Timestamp: new Date(now).toISOString(),
                SignatureVersion: '1',
                Signature: '',
                SigningCertUrl: '',
                UnsubscribeUrl: '',
                MessageAttributes: {},
              },
            },
          ],
        };
        await (inbound as (e: SNSEvent, c: Context, cb: () => void) => Promise<void>)(
          event,
          context,
          () => undefined,
        );
      },
      client,
      db,
    };
    world.workers.push(w);
    return w;
  }

  async function deliverVisible(to?: Worker): Promise<number> {
    const batch = queue.receive(now);
    if (batch.length === 0) return 0;
    for (let i = 0; i < batch.length; i += 10) {
      const slice = batch.slice(i, i + 10);
      const w = to && !to.dead ? to : world.live();
      const event: SQSEvent = {
        Records: slice.map((m) => ({
          messageId: m.id,
          receiptHandle: `rh-${m.id}-${m.receives}`,
          body: m.body,
          attributes: {
            ApproximateReceiveCount: String(m.receives + 1),
            SentTimestamp: String(now),
            SenderId: 'AIDAEXAMPLE',
            ApproximateFirstReceiveTimestamp: String(now),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:crisis-timers',
          awsRegion: 'eu-west-2',
        })),
      };
      const outcome = await Promise.race([w.escalate(event), w.death.then(() => null)]);
      if (outcome === null) {
        // The process died mid-batch: nothing was deleted, every message comes back after the timeout.
        for (const m of slice) queue.release(m, now);
        continue;
      }
      const failed = new Set(outcome.batchItemFailures.map((f) => f.itemIdentifier));
      for (const m of slice) {
        if (failed.has(m.id)) queue.release(m, now);
        else queue.delete(m);
      }
    }
    return batch.length;
  }

  async function runUntil(
    until: number,
    options: { sweep?: boolean; pick?: (i: number) => Worker; sweeper?: Worker } = {},
  ): Promise<void> {
    const sweepOn = options.sweep ?? true;
    let nextSweep = Math.ceil((now + 1) / SWEEP_EVERY_MS) * SWEEP_EVERY_MS;
    let i = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const nextMessage = queue.nextVisibleAt();
      const next = Math.min(nextMessage, sweepOn ? nextSweep : Number.POSITIVE_INFINITY);
      if (next > until) break;
      world.setNow(next);
      const w = options.pick ? options.pick(i++) : world.live();
      if (sweepOn && next === nextSweep) {
        const chosen = options.sweeper ?? w;
        const alive = chosen.dead ? world.live() : chosen;
        await Promise.race([alive.sweep(), alive.death]);
        nextSweep += SWEEP_EVERY_MS;
      }
      if (queue.nextVisibleAt() <= now) await deliverVisible(w.dead ? world.live() : w);
    }
    world.setNow(until);
  }

  return world;
}

const identified = new WeakMap<World, Map<string, Awaited<ReturnType<RequestStore['findAckToken']>>>>();

/** The ack link token's record: which request, attempt and person a publish belongs to. */
export async function identify(world: World, publish: Publish) {
  if (!publish.token) return null;
  const cache = identified.get(world) ?? new Map();
  identified.set(world, cache);
  if (!cache.has(publish.token))
    cache.set(publish.token, await world.requests.findAckToken(hashSecret(publish.token)));
  return cache.get(publish.token) ?? null;
}
