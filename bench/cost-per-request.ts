// Measure 6: what one request costs. One crisis request that escalates twice (primary → secondary → the
// primary again in round 2) and is then accepted by SMS reply, run in process with a fake clock through
// the real Lambda handlers (authorizer, submit-request, escalate per SQS timer, sms-inbound) on dynalite,
// SNS and SQS on mocked clients. Everything is counted from the run: DynamoDB request units (the engine's
// ConsumedCapacity plus the due-index writes it does not report) per call and per item written, SNS
// publishes and SMS segments, SQS messages, Lambda invocations and log bytes; then priced at public
// on-demand prices (stated below). Each page writes the request transition that decided it (submit: the
// request already started, its pages pending, in one conditional Put), then, in one parallel round, its link
// token and its reply code, then publishes, then records the provider's answer on the request (what lets a
// replayed submit, a redelivered timer or the sweeper re-send a page that never left).
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEvent, SNSEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler as authorizerHandler } from '../functions/authorizer/handler.js';
import { createHandler as escalateHandler } from '../functions/escalate/handler.js';
import { createHandler as getRequestHandler } from '../functions/get-request/handler.js';
import { createMetrics, withMetrics } from '../functions/http/observability.js';
import { createHandler as smsInboundHandler } from '../functions/sms-inbound/handler.js';
import { createHandler as submitHandler } from '../functions/submit-request/handler.js';
import { DynamoClinicStore } from '../shared/adapters/aws/dynamo-clinic-store.js';
import { createLocalClients } from '../shared/adapters/aws/dynamo-client.js';
import { DynamoKeyStore } from '../shared/adapters/aws/dynamo-key-store.js';
import { DynamoRequestStore } from '../shared/adapters/aws/dynamo-request-store.js';
import { emfSignals } from '../shared/adapters/aws/emf-signals.js';
import { SnsPager } from '../shared/adapters/aws/sns-pager.js';
import { SqsTimer } from '../shared/adapters/aws/sqs-timer.js';
import { DUE_INDEX, QUEUE_INDEX } from '../shared/adapters/aws/table-definition.js';
import { startDynalite } from '../shared/adapters/local/embedded-dynamo.js';
import { ensureTable } from '../shared/adapters/local/ensure-table.js';
import { issueKey } from '../shared/app/api-keys.js';
import type { RequestDeps } from '../shared/app/requests/request-deps.js';
import type { Principal } from '../shared/domain/model.js';
import { isGsm7 } from '../shared/domain/paging/gsm7.js';
import { meterDynamo, type DynamoCall } from './lib/dynamo-meter.js';
import { BENCH_LAMBDA_SITE, captureOutput, dramaPhone, seedClinic, submitEvent } from './lib/fixtures.js';
import { lambdaContext } from '../infra/local/lambda-event.js';
import { round } from './lib/stats.js';

/** Public on-demand prices used for the dollar figure (USD; us-east-1 unless said). */
export const PRICES = {
  checked: '2026-11',
  dynamoWriteRequestUnit: 0.625 / 1e6, // DynamoDB on-demand, standard table class, per WRU (Nov 2024 price)
  dynamoReadRequestUnit: 0.125 / 1e6, // per RRU
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334, // arm64, first 7.5 B GB-s tier
  sqsRequest: 0.4 / 1e6, // standard queue, per request (64 KB chunk), after the free tier
  snsPublish: 0.5 / 1e6, // a publish that is not an SMS (the inbound-SMS topic): per request
  apiGatewayRestRequest: 3.5 / 1e6, // REST API, first 333 M/month
  cloudWatchLogsIngestGb: 0.5, // standard log class, per GB ingested
  xrayTraceRecorded: 5 / 1e6, // per trace recorded, after the free 100k/month
  // SMS prices vary by country and change often; these are assumptions, not measurements.
  smsUkPerSegment: 0.04, // assumed: outbound transactional SMS to a UK mobile, per segment
  smsUsPerSegment: 0.00581 + 0.00302, // assumed: US base price + typical carrier fee (10DLC/toll-free)
  smsInboundPerMessage: 0, // assumed: inbound (two-way) messages not charged per message in the UK
} as const;

const LAMBDA_MEMORY_GB = 0.5; // CrisisFunction default memorySize 512
const BILLED_MS_ASSUMED = 100; // per warm invocation in AWS: a few DynamoDB round trips and one publish
const PLATFORM_LOG_BYTES = 350; // START, END and REPORT lines Lambda adds per invocation

interface Invocation {
  fn: string;
  ms: number;
  logBytes: number;
  calls: DynamoCall[];
  note: string;
}

export interface CostResult {
  scenario: string;
  lambdaInvocations: Record<string, number>;
  dynamo: {
    calls: Record<string, number>;
    readUnits: number;
    writeUnitsTable: number;
    writeUnitsDueIndex: number;
    writeUnitsQueueIndex: number;
    writeUnitsFailedConditions: number;
    writeUnits: number;
    /** WRU of each full-item Put of the request (submit's started request, each transition), as sized. */
    requestPutUnits: number[];
    /** Table WRU by the item written (request, acktoken, smscode, reference, ...), due index not included. */
    writeUnitsByKind: Record<string, number>;
  };
  snsSmsPublishes: number;
  smsSegments: number;
  /** Segments of the SMS the reply handler sent back to the clinician (the "You accepted" confirmation). */
  replySmsSegments: number;
  snsOtherPublishes: number;
  inboundSms: number;
  sqsMessagesSent: number;
  sqsRequests: number;
  apiGatewayRequests: number;
  logBytes: number;
  invocations: Array<{ fn: string; ms: number; note: string; dynamoCalls: string[] }>;
  dollars: {
    lines: Array<{ item: string; quantity: number; unitPrice: number; usd: number }>;
    totalExcludingSms: number;
    totalUk: number;
    totalUs: number;
  };
  perStatusPoll: { readUnits: number; usd: number };
  prices: typeof PRICES;
  assumptions: string[];
}

/** What a call touched, from its key's prefix: request, acktoken, smscode, ref, clinic, apikey, ... */
function itemOf(c: DynamoCall): string {
  const input = c.input as {
    Item?: Record<string, unknown>;
    Key?: Record<string, unknown>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  const pk = input.Item?.PK ?? input.Key?.PK ?? input.ExpressionAttributeValues?.[':pk'];
  return typeof pk === 'string' ? (pk.split('#')[0] ?? pk).toLowerCase() : '?';
}

const segmentsOf = (text: string) =>
  isGsm7(text)
    ? text.length <= 160
      ? 1
      : Math.ceil(text.length / 153)
    : text.length <= 70
      ? 1
      : Math.ceil(text.length / 67);

export async function measureCostPerRequest(): Promise<CostResult> {
  const engine = await startDynalite();
  const { client, db } = createLocalClients(engine.endpoint);
  const table = 'bench-cost';
  await ensureTable(client, table);
  let now = Date.UTC(2026, 10, 26, 10, 0, 0);
  const clock = () => now;
  const clinics = new DynamoClinicStore(db, table);
  const keys = new DynamoKeyStore(db, table);
  const clinicId = 'cost-clinic';
  const people = ['p1', 'p2', 'p3'];
  await seedClinic(clinics, {
    clinic: {
      clinicId,
      name: 'Northside Clinic',
      timezone: 'Europe/London',
      fallback: [{ name: 'Duty manager', phone: dramaPhone(700) }],
      fallbackRepeatSeconds: 300,
      createdAt: now,
      updatedAt: now,
    },
    clinicians: people.map((id, i) => ({
      clinicId,
      clinicianId: id,
      name: `Clinician ${id}`,
      phone: dramaPhone(710 + i),
      active: true,
      brokenContacts: [],
      updatedAt: now,
    })),
    services: [
      {
        clinicId,
        serviceId: 'adolescent',
        name: 'Adolescent',
        rotation: {
          participants: people,
          start: '2026-01-01',
          handoff: { every: 'day', count: 1, at: '08:00' },
        },
        escalation: {
          levels: [
            { notify: 'primary', ackTimeoutSeconds: 60 },
            { notify: 'secondary', ackTimeoutSeconds: 60 },
          ],
          repeat: 1,
        },
        updatedAt: now,
      },
    ],
    overrides: [],
  });
  const intake = await issueKey({ keys, clock }, { clinicId, role: 'intake', label: 'hotline' });
  const meter = meterDynamo(client, { consumedCapacity: true });

  const sns = new SNSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const published: Array<PublishCommandInput & { at: number }> = [];
  mockClient(sns)
    .on(PublishCommand)
    .callsFake((input: PublishCommandInput) => {
      published.push({ ...input, at: now });
      return { MessageId: `msg-${published.length}` };
    });
  const sqs = new SQSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const queue: Array<{ id: string; body: string; visibleAt: number }> = [];
  let sqsSent = 0;
  mockClient(sqs)
    .on(SendMessageCommand)
    .callsFake((input: SendMessageCommandInput) => {
      sqsSent++;
      queue.push({
        id: `sqs-${sqsSent}`,
        body: input.MessageBody ?? '',
        visibleAt: now + (input.DelaySeconds ?? 0) * 1000,
      });
      return { MessageId: `sqs-${sqsSent}` };
    });

  const output = captureOutput();
  const invocations: Invocation[] = [];
  // Each function is its own process in AWS: its own logger and metrics buffer, flushed per invocation.
  const make = <E, R>(
    fn: string,
    build: (deps: RequestDeps, logger: Logger) => (e: E, c: ReturnType<typeof lambdaContext>) => Promise<R>,
  ) => {
    const logger = new Logger({ serviceName: 'crisis-router' });
    const metrics = createMetrics();
    const deps: RequestDeps = {
      clinics,
      requests: new DynamoRequestStore(db, table),
      pager: new SnsPager(sns, undefined),
      timer: new SqsTimer(sqs, 'https://sqs.eu-west-2.amazonaws.com/123456789012/crisis-timers'),
      clock,
      signals: emfSignals(metrics, logger),
      publicBaseUrl: 'https://api.example.org',
    };
    const handler = withMetrics(metrics, build(deps, logger));
    return async (event: E, note: string): Promise<R> => {
      const firstCall = meter.calls.length;
      const bytesBefore = output.bytes();
      const t0 = performance.now();
      const result = await handler(event, lambdaContext(fn, BENCH_LAMBDA_SITE));
      invocations.push({
        fn,
        ms: performance.now() - t0,
        logBytes: output.bytes() - bytesBefore,
        calls: meter.calls.slice(firstCall),
        note,
      });
      return result;
    };
  };
  const adminDeps = { clinics, keys, clock };
  const authorize = make('authorizer', (_deps, logger) => {
    const h = authorizerHandler(adminDeps, logger);
    return (event: APIGatewayRequestAuthorizerEvent) => h(event);
  });
  const submit = make('submit-request', submitHandler);
  const escalate = make('escalate', (deps, logger) => {
    const h = escalateHandler(deps, logger);
    return (event: SQSEvent) => h(event);
  });
  const smsInbound = make('sms-inbound', (deps, logger) => {
    const h = smsInboundHandler(deps, logger);
    return (event: SNSEvent) => h(event);
  });
  const getRequest = make('get-request', getRequestHandler);

  try {
    meter.reset();
    // 1. The hotline submits: API Gateway runs the authorizer (cache miss), then submit-request.
    const auth = await authorize(
      {
        type: 'REQUEST',
        methodArn: 'arn:aws:execute-api:eu-west-2:123456789012:api/prod/POST/v1/clinics/cost-clinic/requests',
        headers: { Authorization: `Bearer ${intake.key}` },
      } as unknown as APIGatewayRequestAuthorizerEvent,
      'key lookup (uncached)',
    );
    const principal = auth.context as unknown as Principal;
    const submitted = await submit(submitEvent(principal, 'adolescent'), 'submit, first page');
    const view = JSON.parse(submitted.body) as { requestId: string; paging: Array<{ clinicianId: string }> };
    const primaryPhone = dramaPhone(710 + people.indexOf(view.paging[0]?.clinicianId ?? 'p1'));

    // 2. Timers fire as SQS delivers them; nobody answers until two escalations have gone out, then the
    //    primary (paged again in round 2) replies to the page's code 30 s later.
    let escalations = 0;
    let acked = false;
    let replySmsSegments = 0;
    // The timers already queued at the ack still fire (and are ignored); the follow-up deadline the ack
    // schedules (a reminder 10 min later) is outside this scenario.
    let beforeAck = new Set<string>();
    const ack = async () => {
      const page = [...published]
        .reverse()
        .find((p) => p.PhoneNumber === primaryPhone && /Reply \d{4}/.test(p.Message ?? ''));
      const code = /Reply (\d{4})/.exec(page?.Message ?? '')?.[1];
      if (!code) throw new Error('no page to the primary to answer');
      now = (page?.at ?? now) + 30_000;
      beforeAck = new Set(queue.map((m) => m.id));
      const before = published.length;
      await smsInbound(
        {
          Records: [
            {
              EventSource: 'aws:sns',
              Sns: {
                MessageId: 'inbound-1',
                Message: JSON.stringify({ originationNumber: primaryPhone, messageBody: code }),
              },
            },
          ],
        } as unknown as SNSEvent,
        'SMS reply accepts',
      );
      replySmsSegments = published
        .slice(before)
        .filter((p) => p.PhoneNumber)
        .reduce((sum, p) => sum + segmentsOf(p.Message ?? ''), 0);
      acked = true;
    };
    for (let guard = 0; queue.length > 0 && guard < 20; guard++) {
      queue.sort((a, b) => a.visibleAt - b.visibleAt);
      if (!acked && escalations >= 2) {
        await ack();
        continue;
      }
      const message = queue.shift()!;
      if (acked && !beforeAck.has(message.id)) continue;
      now = Math.max(now, message.visibleAt);
      const before = published.length;
      await escalate(
        {
          Records: [{ messageId: message.id, body: message.body, eventSource: 'aws:sqs' }],
        } as unknown as SQSEvent,
        acked ? 'timer after the ack: ignored' : 'timer: escalate',
      );
      if (published.length > before) escalations++;
    }
    if (!acked) await ack();

    // One status poll by the hotline, priced separately (they poll while they wait).
    const pollsBefore = invocations.length;
    await getRequest(
      {
        ...submitEvent(principal, 'adolescent'),
        httpMethod: 'GET',
        body: null,
        resource: '/v1/clinics/{clinicId}/requests/{requestId}',
        pathParameters: { clinicId, requestId: view.requestId },
      },
      'status poll',
    );
    const poll = invocations.splice(pollsBefore, 1)[0]!;

    const final = await new DynamoRequestStore(db, table).get(clinicId, view.requestId);
    if (final?.request.status !== 'acknowledged')
      throw new Error(`scenario ended ${final?.request.status}, expected acknowledged`);

    // DynamoDB units: the engine's ConsumedCapacity for the table; the due index (KEYS_ONLY) costs one
    // WRU per index entry written or removed, which dynalite does not report; the queue index (its small
    // `listing` projected, well under 1 KB) one WRU when its keys or listing change, two when the partition
    // moves (open → closed); a failed conditional write still costs (at least) one WRU.
    const calls = invocations.flatMap((i) => i.calls);
    const dueByKey = new Map<string, string | undefined>();
    const queueByKey = new Map<string, { partition: unknown; entry: string }>();
    let indexWrites = 0;
    let queueIndexWrites = 0;
    let failedConditions = 0;
    let readUnits = 0;
    let writeUnitsTable = 0;
    const callCounts: Record<string, number> = {};
    const requestPutUnits: number[] = [];
    const writeUnitsByKind: Record<string, number> = {};
    for (const c of calls) {
      callCounts[c.command] = (callCounts[c.command] ?? 0) + 1;
      if (!c.ok) {
        if (c.errorName === 'ConditionalCheckFailedException') failedConditions++;
        continue;
      }
      if (c.command === 'GetItem' || c.command === 'Query') readUnits += c.consumed ?? 0;
      else {
        writeUnitsTable += c.consumed ?? 0;
        writeUnitsByKind[itemOf(c)] = (writeUnitsByKind[itemOf(c)] ?? 0) + (c.consumed ?? 0);
      }
      const item = c.input.Item as Record<string, unknown> | undefined;
      if (c.command === 'PutItem' && item && String(item.PK).startsWith('REQUEST#')) {
        requestPutUnits.push(c.consumed ?? 0);
        const key = String(item.PK);
        const dueSk = item[DUE_INDEX.sortKey] as string | undefined;
        const previous = dueByKey.has(key) ? dueByKey.get(key) : undefined;
        if (previous !== dueSk) indexWrites += previous !== undefined && dueSk !== undefined ? 2 : 1;
        dueByKey.set(key, dueSk);
        const partition = item[QUEUE_INDEX.partitionKey];
        const entry = JSON.stringify([item[QUEUE_INDEX.sortKey], item.listing]);
        const before = queueByKey.get(key);
        if (!before) queueIndexWrites += 1;
        else if (before.partition !== partition) queueIndexWrites += 2;
        else if (before.entry !== entry) queueIndexWrites += 1;
        queueByKey.set(key, { partition, entry });
      }
    }
    const writeUnits = writeUnitsTable + indexWrites + queueIndexWrites + failedConditions;
    const lambdaInvocations: Record<string, number> = {};
    for (const i of invocations) lambdaInvocations[i.fn] = (lambdaInvocations[i.fn] ?? 0) + 1;
    const sms = published.filter((p) => p.PhoneNumber);
    const smsSegments = sms.reduce((sum, p) => sum + segmentsOf(p.Message ?? ''), 0);
    const inboundSms = lambdaInvocations['sms-inbound'] ?? 0;
    // Per timer message: SendMessage, the Lambda poller's ReceiveMessage, and its DeleteMessage.
    const sqsRequests = sqsSent * 3;
    const apiGatewayRequests = 1;
    const invocationCount = invocations.length;
    const logBytes = invocations.reduce((sum, i) => sum + i.logBytes + PLATFORM_LOG_BYTES, 0);

    const line = (item: string, quantity: number, unitPrice: number) => ({
      item,
      quantity: round(quantity, 6),
      unitPrice,
      usd: quantity * unitPrice,
    });
    const lines = [
      line('DynamoDB write request units', writeUnits, PRICES.dynamoWriteRequestUnit),
      line('DynamoDB read request units', readUnits, PRICES.dynamoReadRequestUnit),
      line('Lambda requests', invocationCount, PRICES.lambdaRequest),
      line(
        `Lambda GB-s (${invocationCount} × ${BILLED_MS_ASSUMED} ms × ${LAMBDA_MEMORY_GB} GB, arm64)`,
        (invocationCount * BILLED_MS_ASSUMED * LAMBDA_MEMORY_GB) / 1000,
        PRICES.lambdaArmGbSecond,
      ),
      line('SQS requests (send + receive + delete per timer)', sqsRequests, PRICES.sqsRequest),
      line('SNS publish to the inbound-SMS topic', inboundSms, PRICES.snsPublish),
      line('API Gateway REST requests (submit)', apiGatewayRequests, PRICES.apiGatewayRestRequest),
      line('CloudWatch Logs ingested (KB)', logBytes / 1e3, PRICES.cloudWatchLogsIngestGb / 1e6),
      line('X-Ray traces (upper bound: one per invocation)', invocationCount, PRICES.xrayTraceRecorded),
    ];
    const totalExcludingSms = lines.reduce((sum, l) => sum + l.usd, 0);
    const pollRead = poll.calls.reduce((sum, c) => sum + (c.consumed ?? 0), 0);
    return {
      scenario:
        'one request (service with primary 60 s → secondary 60 s, repeat 1): submit pages the primary, timer 1 ' +
        'escalates to the secondary, timer 2 escalates to round 2 (the primary again), the primary accepts by ' +
        'SMS reply 30 s later; the last timer still fires and is ignored. Clinicians have SMS only.',
      lambdaInvocations,
      dynamo: {
        calls: callCounts,
        readUnits: round(readUnits, 2),
        writeUnitsTable: round(writeUnitsTable, 2),
        writeUnitsDueIndex: indexWrites,
        writeUnitsQueueIndex: queueIndexWrites,
        writeUnitsFailedConditions: failedConditions,
        writeUnits: round(writeUnits, 2),
        requestPutUnits,
        writeUnitsByKind,
      },
      snsSmsPublishes: sms.length,
      smsSegments,
      replySmsSegments,
      snsOtherPublishes: published.length - sms.length,
      inboundSms,
      sqsMessagesSent: sqsSent,
      sqsRequests,
      apiGatewayRequests,
      logBytes,
      invocations: invocations.map((i) => ({
        fn: i.fn,
        ms: round(i.ms, 1),
        note: i.note,
        dynamoCalls: i.calls.map(
          (c) => `${c.command} ${itemOf(c)}${c.ok ? '' : ` (${c.errorName})`}: ${c.consumed ?? 0}`,
        ),
      })),
      dollars: {
        lines: lines.map((l) => ({ ...l, usd: round(l.usd, 9) })),
        totalExcludingSms: round(totalExcludingSms, 9),
        totalUk: round(totalExcludingSms + smsSegments * PRICES.smsUkPerSegment, 6),
        totalUs: round(totalExcludingSms + smsSegments * PRICES.smsUsPerSegment, 6),
      },
      perStatusPoll: {
        readUnits: pollRead,
        usd: round(
          pollRead * PRICES.dynamoReadRequestUnit +
            PRICES.lambdaRequest +
            PRICES.apiGatewayRestRequest +
            (BILLED_MS_ASSUMED / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaArmGbSecond,
          9,
        ),
      },
      prices: PRICES,
      assumptions: [
        `Lambda billed ${BILLED_MS_ASSUMED} ms per invocation at ${LAMBDA_MEMORY_GB * 1024} MB (in-process times on dynalite are listed per invocation for reference; INIT of cold starts not included)`,
        'API Gateway authorizer counted once (cache miss); with the result cached per key it is not invoked again for 300 s',
        "SQS: each timer message = SendMessage + ReceiveMessage + DeleteMessage; the event source mapping's idle long polling is a fixed monthly cost, not per request",
        `CloudWatch Logs: the bytes the handlers wrote in this run plus ${PLATFORM_LOG_BYTES} bytes of Lambda platform lines per invocation`,
        'DynamoDB: the sweeper (every minute) and KMS key are fixed monthly costs, not per request; storage not included',
        'SMS prices are assumptions (they vary by country and change often): verify on the AWS End User Messaging pricing page',
      ],
    };
  } finally {
    output.restore();
    client.destroy();
    await engine.close();
  }
}
