// What the deployed functions write to CloudWatch, with the wiring their index.ts uses (Powertools
// Logger and Metrics through createObservability and withMetrics): structured JSON with a correlation id
// per request, and never a summary, callback number or clinician phone, even at DEBUG, with event logging
// switched on by environment, or when a dependency fails with PHI in its error message.
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { APIGatewayProxyResult, SQSEvent } from 'aws-lambda';
import { createHandler as createEscalateHandler } from '../../functions/escalate/handler.js';
import { createObservability, withMetrics } from '../../functions/http/observability.js';
import { createHandler as createSubmitHandler } from '../../functions/submit-request/handler.js';
import { emfSignals } from '../../shared/adapters/aws/emf-signals.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { apiEvent, lambdaContext } from '../unit/api/events.js';
import {
  body,
  CALLBACK,
  CLINIC_ID,
  FakeClinicStore,
  harness,
  intake,
  PHONES,
  seedClinic,
  SUMMARY,
} from '../unit/requests/fakes.js';

const SECRETS = [SUMMARY, CALLBACK, ...Object.values(PHONES), 'Hotline desk 3'];
const API_REQUEST_ID = 'apigw-req-7f3a';

let output: string[];
beforeAll(() => {
  // As loud as a deployment can make it: DEBUG, and Powertools asked to log whole events.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
  delete process.env.POWERTOOLS_DEV;
});
beforeEach(() => {
  output = [];
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** Every JSON document written (log lines and EMF blobs). */
const documents = () =>
  output
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const logLines = () => documents().filter((d) => typeof d.level === 'string');

function expectNoPhi(): void {
  const all = output.join('');
  for (const secret of SECRETS) expect(all).not.toContain(secret);
  expect(all).not.toContain('crk_'); // no bearer key either
}

async function submitThroughTheDeployedWiring(deps: (base: RequestDeps) => RequestDeps = (d) => d) {
  const { logger, metrics } = createObservability();
  const clinics = new FakeClinicStore();
  await seedClinic(clinics);
  const h = harness({ clinics });
  const handler = withMetrics(
    metrics,
    createSubmitHandler(deps({ ...h.deps, signals: emfSignals(metrics, logger) }), logger),
  );
  const event = apiEvent({
    method: 'POST',
    resource: '/v1/clinics/{clinicId}/requests',
    pathParameters: { clinicId: CLINIC_ID },
    principal: intake,
    body: body(),
    headers: {
      'Idempotency-Key': 'idem-redaction-0001',
      Authorization: 'Bearer crk_abcdefghijklmnopqrstuvwxyz',
    },
  });
  event.requestContext.requestId = API_REQUEST_ID;
  const result = (await handler(event, lambdaContext('submit-request'))) as APIGatewayProxyResult;
  return { result, pager: h.pager };
}

describe('a submit, as deployed', () => {
  it('pages, logs structured JSON with the API request id as correlation id, and writes no PHI', async () => {
    const { result, pager } = await submitThroughTheDeployedWiring();
    expect(result.statusCode).toBe(202);
    expect(pager.delivered()).toHaveLength(1); // the page really went out (to a phone we must not log)

    const lines = logLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        service: 'crisis-router',
        correlation_id: API_REQUEST_ID,
        function_name: 'submit-request',
        function_request_id: 'aws-req-0001',
      });
    }
    expect(lines.map((l) => l.message)).toContain('request accepted');
    // The EMF blob for the page went out too, and it carries counts only.
    expect(documents().some((d) => '_aws' in d && d.PagesSent === 1)).toBe(true);
    expectNoPhi();
  });

  it('a store failing with PHI in its error message: a bare 500, stack frames only, still no PHI', async () => {
    const { result } = await submitThroughTheDeployedWiring((deps) => ({
      ...deps,
      clinics: {
        ...deps.clinics,
        loadRota: async () => {
          throw new Error(`cannot load rota while paging ${PHONES.ana} about "${SUMMARY}" (${CALLBACK})`);
        },
      },
    }));
    expect(result.statusCode).toBe(500);
    const error = logLines().find((l) => l.message === 'unhandled error');
    expect(error).toMatchObject({ level: 'ERROR', correlation_id: API_REQUEST_ID, errorName: 'Error' });
    expectNoPhi();
  });

  it('a rejected body (bad urgency) is answered 400 without echoing the summary into the logs', async () => {
    const { logger, metrics } = createObservability();
    const handler = withMetrics(metrics, createSubmitHandler(harness().deps, logger));
    const event = apiEvent({
      method: 'POST',
      resource: '/v1/clinics/{clinicId}/requests',
      pathParameters: { clinicId: CLINIC_ID },
      principal: intake,
      body: body({ urgency: 'whenever' }),
      headers: { 'Idempotency-Key': 'idem-redaction-0002' },
    });
    const result = (await handler(event, lambdaContext())) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(400);
    expectNoPhi();
  });
});

describe('event-driven functions', () => {
  it('a timer batch logs with the SQS message id as correlation id and the Lambda context', async () => {
    const { logger, metrics } = createObservability();
    const h = harness();
    const handler = withMetrics(metrics, createEscalateHandler(h.deps, logger));
    const event = { Records: [{ messageId: 'sqs-msg-1', body: '{"not":"a timer"}' }] } as unknown as SQSEvent;
    await (handler as (e: SQSEvent, c: unknown) => Promise<unknown>)(event, lambdaContext('escalate'));
    expect(logLines()).toEqual([
      expect.objectContaining({
        message: 'malformed timer message dropped',
        correlation_id: 'sqs-msg-1',
        function_name: 'escalate',
      }),
    ]);

    // The next invocation starts clean: no correlation id left over from the last one.
    output = [];
    await (handler as (e: SQSEvent, c: unknown) => Promise<unknown>)(
      { Records: [{ messageId: 'sqs-msg-2', body: 'nope' }] } as unknown as SQSEvent,
      lambdaContext('escalate'),
    );
    expect(logLines().map((l) => l.correlation_id)).toEqual(['sqs-msg-2']);
  });
});
