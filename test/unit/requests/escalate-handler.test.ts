// The escalate Lambda: SQS timer records in, one use case per record, partial batch failures out.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../../functions/escalate/handler.js';
import { SqsTimer } from '../../../shared/adapters/aws/sqs-timer.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import type { TimerMessage } from '../../../shared/ports/timer.js';
import {
  body,
  CLINIC_ID,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  MINUTE,
  PHONES,
  SECOND,
  seedClinic,
  T0,
  type Harness,
} from './fakes.js';

const sqsMock = mockClient(SQSClient);
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

let h: Harness;
let requests: FakeRequestStore;
let requestId: string;

beforeEach(async () => {
  const clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  h = harness({ clinics, requests });
  requestId = (await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-sqs1', body())).stored.request
    .requestId;
});
afterEach(() => {
  sqsMock.reset();
});

const record = (messageId: string, payload: unknown): SQSRecord =>
  ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:timers',
    awsRegion: 'eu-west-2',
  }) as SQSRecord;

const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('escalate handler', () => {
  it('advances the request for a due timer record', async () => {
    h.setNow(T0 + 60 * SECOND);
    const result = await createHandler(h.deps, logger)(event(record('m1', h.timer.last())));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana, PHONES.ben]);
  });

  it('drops a malformed record (not JSON, or missing fields) without failing the batch', async () => {
    h.setNow(T0 + 60 * SECOND);
    const result = await createHandler(
      h.deps,
      logger,
    )(
      event(
        record('bad-json', '{"clinicId":'),
        record('bad-shape', { clinicId: CLINIC_ID, requestId, attempt: 'one', dueAt: T0 }),
        record('good', h.timer.last()),
      ),
    );
    expect(result.batchItemFailures).toEqual([]);
    // The good record in the same batch was still handled.
    expect(h.pager.delivered()).toHaveLength(2);
  });

  it('returns only the record that threw in batchItemFailures; the others are done once', async () => {
    requests.failGetFor.add('req_broken');
    h.setNow(T0 + 60 * SECOND);
    const throwing: TimerMessage = { clinicId: CLINIC_ID, requestId: 'req_broken', attempt: 1, dueAt: T0 };
    const result = await createHandler(
      h.deps,
      logger,
    )(event(record('t1', throwing), record('ok', h.timer.last())));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 't1' }] });
    expect(h.pager.delivered()).toHaveLength(2);
  });

  it('re-enqueues a message due in 20 minutes with the longest SQS delay, unchanged', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'q-2' });
    h.deps.timer = new SqsTimer(new SQSClient({ region: 'eu-west-2' }), 'https://sqs/timers');
    const later: TimerMessage = { clinicId: CLINIC_ID, requestId, attempt: 1, dueAt: T0 + 20 * MINUTE };
    const result = await createHandler(h.deps, logger)(event(record('later', later)));
    expect(result.batchItemFailures).toEqual([]);
    const calls = sqsMock.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.DelaySeconds).toBe(900);
    expect(JSON.parse(calls[0]?.args[0].input.MessageBody ?? '')).toEqual(later);
    expect(h.pager.delivered()).toHaveLength(1);
    expect(requests.only().request.version).toBe(2); // submitted, then its page recorded: nothing since
  });

  it('reports a record for redelivery when re-enqueueing it fails', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('queue down'));
    h.deps.timer = new SqsTimer(new SQSClient({ region: 'eu-west-2', maxAttempts: 1 }), 'https://sqs/timers');
    const later: TimerMessage = { clinicId: CLINIC_ID, requestId, attempt: 1, dueAt: T0 + 20 * MINUTE };
    const result = await createHandler(h.deps, logger)(event(record('later', later)));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'later' }]);
  });

  it('sends a failed page again when its re-attempt message comes, also in the older format with a resend order', async () => {
    h.pager.failFor({ to: PHONES.ana }, { code: 'Throttled', permanent: false }, 2);
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-sqs2', body());
    const pendingOf = async () => (await requests.get(CLINIC_ID, stored.request.requestId))?.request.pending;
    const due = (await pendingOf())?.[0]?.notBefore;
    const message = h.timer.scheduled.map((s) => s.message).find((m) => m.dueAt === due) as TimerMessage;
    h.setNow(message.dueAt);
    const handle = createHandler(h.deps, logger);
    expect((await handle(event(record('r', message)))).batchItemFailures).toEqual([]);
    // Messages queued before the re-attempt became pending state carried the order itself.
    const second = (await pendingOf())?.[0]?.notBefore ?? 0;
    h.setNow(second);
    const older = {
      ...message,
      dueAt: second,
      resend: { who: { name: 'Ana Smith' }, channel: 'sms', retry: 2 },
    };
    expect((await handle(event(record('r2', older)))).batchItemFailures).toEqual([]);
    expect(h.pager.sent.map((p) => [p.to, p.result.ok])).toEqual([
      [PHONES.ana, true], // the request of beforeEach
      [PHONES.ana, false],
      [PHONES.ana, false],
      [PHONES.ana, true],
    ]);
  });
});
