// Privacy: full request scenarios while every log line (process stdout/stderr, where the powertools logger
// writes, and the console), every SNS publish, every SQS message and every outbox entry is captured. The
// caller's summary and callback number must appear in none of them, and no phone number in any log line.
// The functions log at DEBUG here, so everything they could log is logged.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { emfSignals } from '../../shared/adapters/aws/emf-signals.js';
import { createHandler as ackPage } from '../../functions/ack-page/handler.js';
import { createHandler as casePage } from '../../functions/case-page/handler.js';
import { createHandler as casePageSubmit } from '../../functions/case-page-submit/handler.js';
import { createHandler as ackPageSubmit } from '../../functions/ack-page-submit/handler.js';
import { createHandler as getRequest } from '../../functions/get-request/handler.js';
import { createHandler as resolveRequest } from '../../functions/resolve-request/handler.js';
import { createHandler as submitRequest } from '../../functions/submit-request/handler.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { apiEvent, lambdaContext } from '../unit/api/events.js';
import {
  asClinician,
  body,
  CALLBACK,
  CLINIC_ID,
  harness,
  intake,
  PHONES,
  SECOND,
  seedClinic,
  service,
  SUMMARY,
  T0,
} from '../unit/requests/fakes.js';
import { awsError, createWorld, snsMock, sqsMock, type World } from './support/aws-world.js';
import { captureOutput, phoneForms, type Capture } from './support/capture.js';
import { load, pagesOf } from './support/invariants.js';
import {
  CALLBACK as HTTP_CALLBACK,
  createClinic,
  expectStatus,
  outbox,
  pageFor,
  startStack,
  submit,
  SUMMARY as HTTP_SUMMARY,
  tokenOf,
  type HardeningStack,
} from './support/local.js';

jest.setTimeout(60_000);

/** Distinctive pieces of a summary, so a truncated or re-encoded copy is caught too. */
const piecesOf = (summary: string) => [
  summary,
  ...summary
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12),
];

function leaks(haystacks: string[], needles: string[]): string[] {
  const found: string[] = [];
  for (const needle of needles)
    for (const hay of haystacks)
      if (hay.includes(needle)) {
        found.push(`${JSON.stringify(needle)} in ${hay.slice(0, 160)}`);
        break;
      }
  return found;
}

const debugLogger = () => new Logger({ serviceName: 'crisis-router', logLevel: 'DEBUG' });

describe(`privacy with the AWS wiring (${process.env.DYNAMO_ENGINE}, SNS/SQS mocked, logs at DEBUG)`, () => {
  let world: World;
  let capture: Capture;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(() => {
    capture?.stop();
    world.destroy();
  });

  it('never puts the summary or callback number in a log line, an SNS message or an SQS message, nor a phone number in a log line, through submit, failed send, resend, SMS decline, escalation, link accept, status, resolve and errors', async () => {
    const logger = debugLogger();
    const metrics = new Metrics({ namespace: 'CrisisRouter', serviceName: 'crisis-router' });
    let throttledOnce = false;
    world.snsFault = (input) => {
      if (throttledOnce || input.PhoneNumber !== PHONES.ana) return undefined;
      throttledOnce = true;
      return awsError('ThrottledException', 'Rate exceeded');
    };
    let failedOnce = false;
    // Two minutes per level, so ana's redelivered resend still finds her awaited.
    await world.clinics.putService(
      service({
        escalation: {
          levels: [
            { notify: 'primary', ackTimeoutSeconds: 120 },
            { notify: 'secondary', ackTimeoutSeconds: 120 },
          ],
          repeat: 0,
        },
      }),
    );
    const w = world.worker('lambda-1', {
      logger,
      signals: emfSignals(metrics, logger),
      // One throttled write in the resend's timer invocation: it fails and is redelivered 30 s later.
      failWrite: (_command, now) => !failedOnce && now >= T0 + 2 * SECOND && (failedOnce = true),
    });
    const deps = w.deps;
    const call = (
      handler: (
        e: never,
        c: never,
      ) => Promise<{ statusCode: number; body: string; headers?: Record<string, unknown> }>,
      spec: Parameters<typeof apiEvent>[0],
    ) => handler(apiEvent(spec) as never, lambdaContext('privacy') as never);

    capture = captureOutput();
    const submitted = await call(submitRequest(deps, logger) as never, {
      method: 'POST',
      resource: '/v1/clinics/{clinicId}/requests',
      pathParameters: { clinicId: CLINIC_ID },
      body: body(),
      headers: { 'Idempotency-Key': 'privacy-key-0001' },
      principal: intake,
    });
    expect(submitted.statusCode).toBe(202);
    const { requestId } = JSON.parse(submitted.body) as { requestId: string };
    // ana's throttled page is resent: the resend's invocation fails once and is redelivered after 60 s.
    await world.runUntil(T0 + 70 * SECOND);
    const anaPage = (await pagesOf(world, requestId)).find((p) => p.ok && p.to === PHONES.ana);
    expect(anaPage?.code).toMatch(/^\d{4}$/);
    await w.smsInbound(PHONES.ana, `${anaPage?.code} no`); // ana declines: ben is paged
    await w.smsInbound(PHONES.chloe, `Re the caller: ${SUMMARY} ${CALLBACK}`); // a stray text quoting details
    await world.runUntil(T0 + 80 * SECOND);

    const benPage = (await pagesOf(world, requestId)).find((p) => p.ok && p.to === PHONES.ben);
    expect(benPage?.token).toBeDefined();
    const token = benPage?.token ?? '';
    expect(
      (
        await call(ackPage(deps, logger) as never, {
          method: 'GET',
          resource: '/ack/{token}',
          pathParameters: { token },
        })
      ).statusCode,
    ).toBe(200);
    const accepted = await call(ackPageSubmit(deps, logger) as never, {
      method: 'POST',
      resource: '/ack/{token}',
      pathParameters: { token },
      body: 'action=acknowledge',
      contentType: 'application/x-www-form-urlencoded',
    });
    // Accepting leads to the case page: the details do flow there, to the one who accepted.
    expect(accepted.statusCode).toBe(303);
    const caseToken = /case\/([A-Za-z0-9_-]+)/.exec(String(accepted.headers?.location))?.[1] ?? '';
    const casePath = { method: 'GET', resource: '/case/{token}', pathParameters: { token: caseToken } };
    const caseView = await call(casePage(deps, logger) as never, casePath);
    expect(caseView.body).toContain(CALLBACK);
    const contacted = await call(casePageSubmit(deps, logger) as never, {
      ...casePath,
      method: 'POST',
      body: 'action=contacted',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(contacted.statusCode).toBe(303);
    const ref = { clinicId: CLINIC_ID, requestId };
    const status = await call(getRequest(deps, logger) as never, {
      method: 'GET',
      resource: '/v1/clinics/{clinicId}/requests/{requestId}',
      pathParameters: ref,
      principal: asClinician('ben'),
    });
    expect(JSON.parse(status.body).summary).toBe(SUMMARY);
    const resolved = await call(resolveRequest(deps, logger) as never, {
      method: 'POST',
      resource: '/v1/clinics/{clinicId}/requests/{requestId}/resolve',
      pathParameters: ref,
      // The note is the clinician's record, and may repeat what the caller said: never logged either.
      body: { outcome: 'safe_plan', note: `Called back: ${SUMMARY}` },
      principal: asClinician('ben'),
    });
    expect(resolved.statusCode).toBe(200);
    await w.sweep();
    // A malformed timer message, and an unexpected store error whose message quotes the summary.
    await w.escalate({
      Records: [
        {
          messageId: 'bad-1',
          body: `{"clinicId":"${CALLBACK}","summary":"${SUMMARY}"`,
          receiptHandle: 'x',
          attributes: {} as never,
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn',
          awsRegion: 'eu-west-2',
        },
      ],
    });
    const broken: RequestDeps = {
      ...deps,
      requests: {
        ...deps.requests,
        get: async () => {
          throw Object.assign(
            new Error(`One or more parameter values were invalid: ${SUMMARY} ${CALLBACK}`),
            { name: 'ValidationException' },
          );
        },
      } as RequestDeps['requests'],
    };
    const failed = await call(getRequest(broken, logger) as never, {
      method: 'GET',
      resource: '/v1/clinics/{clinicId}/requests/{requestId}',
      pathParameters: ref,
      principal: intake,
    });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain(SUMMARY);
    metrics.publishStoredMetrics(); // the EMF metrics line goes to stdout too
    capture.stop();

    const { request } = await load(world, requestId);
    expect(request.status).toBe('resolved');
    const logText = capture.text();
    for (const expected of [
      'request accepted',
      'timer handled',
      'timer failed; will be redelivered',
      'inbound SMS handled',
      'page answered by link',
      'unhandled error',
      'malformed timer message',
      '"PagesSent"',
    ])
      expect(logText).toContain(expected);
    const secrets = [...piecesOf(SUMMARY), ...phoneForms(CALLBACK)];
    const phones = Object.values(PHONES).flatMap(phoneForms);
    expect(leaks(capture.lines, [...secrets, ...phones, 'Called back, safety plan'])).toEqual([]);

    const snsInputs = snsMock.calls().map((c) => JSON.stringify(c.args[0].input));
    expect(snsInputs.length).toBeGreaterThan(4);
    expect(leaks(snsInputs, secrets)).toEqual([]);
    const sqsInputs = sqsMock.calls().map((c) => JSON.stringify(c.args[0].input));
    expect(sqsInputs.length).toBeGreaterThan(2);
    expect(leaks(sqsInputs, [...secrets, ...phones])).toEqual([]);
  });

  // Defence in depth (defect D5, fixed): the HTTP handlers set logEvent: false, so the documented powertools
  // switch POWERTOOLS_LOGGER_LOG_EVENT cannot write events, bodies and Authorization headers to CloudWatch.
  it('keeps the summary, callback number and bearer key out of the logs even when POWERTOOLS_LOGGER_LOG_EVENT=true', async () => {
    const previous = process.env.POWERTOOLS_LOGGER_LOG_EVENT;
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
    const h = harness();
    await seedClinic(h.clinics);
    let text = '';
    capture = captureOutput();
    try {
      const logger = new Logger({ serviceName: 'crisis-router', logLevel: 'INFO' });
      const result = await submitRequest(h.deps, logger)(
        apiEvent({
          method: 'POST',
          resource: '/v1/clinics/{clinicId}/requests',
          pathParameters: { clinicId: CLINIC_ID },
          body: body(),
          headers: {
            'Idempotency-Key': 'privacy-key-0002',
            Authorization: 'Bearer crk_secretbearerkey0123456789',
          },
          principal: intake,
        }),
        lambdaContext('submit-request'),
      );
      expect(result.statusCode).toBe(202);
    } finally {
      capture.stop();
      text = capture.text();
      if (previous === undefined) delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
      else process.env.POWERTOOLS_LOGGER_LOG_EVENT = previous;
    }
    expect(leaks([text], [...piecesOf(SUMMARY), ...phoneForms(CALLBACK), 'crk_secretbearerkey'])).toEqual([]);
  });
});

describe(`privacy on the local stack over HTTP (${process.env.DYNAMO_ENGINE}, logs at DEBUG)`, () => {
  let h: HardeningStack;
  let capture: Capture;
  beforeAll(async () => {
    h = await startStack({ logLevel: 'DEBUG' });
  });
  afterAll(async () => {
    capture?.stop();
    await h?.close();
  });

  it('keeps the summary and callback number out of every log line and every outbox entry (pages and SMS replies), and phone numbers out of the logs', async () => {
    capture = captureOutput();
    const clinic = await createClinic(h.call, 'privacy', 60);
    const { requestId } = expectStatus(await submit(h.call, clinic, { requesterName: 'Desk 3' }), 202)
      .body as { requestId: string };
    const c1Page = await pageFor(h, requestId, clinic.phones.c1 as string);
    expect(
      (await h.call('POST', '/local/sms-inbound', { body: { from: c1Page.to, body: `${c1Page.code}N` } }))
        .body.matched,
    ).toBe(true);
    const c2Page = await pageFor(h, requestId, clinic.phones.c2 as string);
    await h.call('POST', '/local/sms-inbound', {
      body: { from: clinic.phones.c2, body: `about ${HTTP_SUMMARY}` },
    });
    expect((await fetch(c2Page.ackUrl)).status).toBe(200);
    const accepted = await fetch(c2Page.ackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=acknowledge',
    });
    expect(await accepted.text()).toContain(HTTP_CALLBACK);
    const path = `/v1/clinics/${clinic.clinicId}/requests/${requestId}`;
    expect(expectStatus(await h.call('GET', path, { key: clinic.clinicians.c2 }), 200).body.summary).toBe(
      HTTP_SUMMARY,
    );
    expect(expectStatus(await h.call('GET', path, { key: clinic.intake }), 200).body.summary).toBeUndefined();
    expectStatus(
      await h.call('POST', `${path}/resolve`, { key: clinic.clinicians.c2, body: { note: 'ok' } }),
      200,
    );
    // Rejected calls that carry the details: a bad body, a conflict, a wrong content type.
    await h.call('POST', `/v1/clinics/${clinic.clinicId}/requests`, {
      key: clinic.intake,
      body: { summary: HTTP_SUMMARY, callbackPhone: HTTP_CALLBACK },
      headers: { 'Idempotency-Key': 'privacy-bad-0001' },
    });
    await h.call('POST', `/v1/clinics/${clinic.clinicId}/requests`, {
      key: clinic.intake,
      body: JSON.stringify({ summary: HTTP_SUMMARY }),
      headers: { 'Idempotency-Key': 'privacy-bad-0002', 'content-type': 'text/plain' },
    });
    await h.stack.sweep();
    capture.stop();

    const secrets = [...piecesOf(HTTP_SUMMARY), ...phoneForms(HTTP_CALLBACK)];
    const phones = [...Object.values(clinic.phones), clinic.fallbackPhone].flatMap(phoneForms);
    expect(capture.lines.some((l) => l.includes('request accepted'))).toBe(true);
    expect(leaks(capture.lines, [...secrets, ...phones])).toEqual([]);
    const box = await outbox(h.call);
    expect(box.length).toBeGreaterThanOrEqual(4);
    expect(
      leaks(
        box.map((m) => `${m.text} ${m.ackUrl}`),
        secrets,
      ),
    ).toEqual([]);
    expect(box.filter((m) => m.ackUrl).every((m) => tokenOf(m).length === 22)).toBe(true);
  });
});
