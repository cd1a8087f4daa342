// Cold first page: a fresh Node process imports the built authorizer and submit-request bundles and handles
// one real API Gateway event each (the REQUEST authorizer's, then the REST proxy's), against DynamoDB Local
// and a recording fake SNS/SQS endpoint on loopback (bench/lib/fake-aws.ts). Cold = process start
// (performance.timeOrigin) → the SMS Publish reaching the endpoint. The same process then handles more
// authorizer + submit pairs: warm = pair start → its SMS Publish. Bare Node = a fresh process importing an
// empty module, as measure 5 takes its baseline (docs/benchmarks.md). Target: cold ≤ 2 × (warm + bare).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { lambdaContext } from '../infra/local/lambda-event.js';
import { DynamoClinicStore } from '../shared/adapters/aws/dynamo-clinic-store.js';
import { createDocumentClient } from '../shared/adapters/aws/dynamo-client.js';
import { DynamoKeyStore } from '../shared/adapters/aws/dynamo-key-store.js';
import { ensureTable } from '../shared/adapters/local/ensure-table.js';
import { issueKey } from '../shared/app/api-keys.js';
import { ENV } from '../shared/config/env-names.js';
import { verifiedContacts } from '../test/support/contacts.js';
import { startDynamoDbLocal } from '../test/support/dynamodb-local.js';
import { startFakeAws, type AwsCall, type FakeAws } from './lib/fake-aws.js';
import { BENCH_LAMBDA_SITE, demoLikeClinic, seedClinic, submitEvent } from './lib/fixtures.js';
import { progress, round, summarize } from './lib/stats.js';
import { synthesizeBundles } from './lib/synth-bundles.js';

export interface ColdFirstPageOptions {
  /** Cold processes, and as many bare-Node processes, round robin. */
  runs: number;
  /** Authorizer + submit pairs each process handles after its cold one. */
  warmRuns: number;
  /** Absolute paths of the built index.mjs bundles. */
  bundles: { authorizer: string; submit: string };
}

export interface Figure {
  medianMs: number;
  p99Ms: number;
}

export interface ColdFirstPageResult {
  runs: number;
  warmRuns: number;
  /** runs × warmRuns: every warm pair of every process. */
  warmSamples: number;
  /** Process start → the first SMS Publish received by the fake endpoint. */
  coldMs: Figure;
  /** The cold run's milestones, each from process start. */
  coldSplitMs: {
    importsDone: Figure;
    authorizerAnswered: Figure;
    smsPublish: Figure;
    submitAnswered: Figure;
  };
  /** An already-warm process: authorizer event + submit event → SMS Publish. */
  warmMs: Figure;
  /**
   * As Lambda's provisioned concurrency runs it (AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency):
   * the imports, with the functions' priming, happen before any event; then the first events → SMS Publish.
   */
  provisioned?: { importsDone: Figure; firstEventsToSms: Figure };
  /** An empty module in a fresh process: Node's own start. */
  bareNodeMs: Figure;
  /** 2 × (warm median + bare median). */
  targetMs: number;
  /** Cold median ≤ target. */
  met: boolean;
  /** What one submit sent to the fake SNS/SQS endpoint: the same for every pair and process, or it fails. */
  callsPerSubmit: Record<string, number>;
  /** Per run, ms, rounded: each cold process's figures and its warm pairs; the bare processes. */
  raw: {
    coldMs: number[];
    importsDoneMs: number[];
    authorizerAnsweredMs: number[];
    submitAnsweredMs: number[];
    warmMs: number[][];
    bareNodeMs: number[];
  };
  notes: string[];
}

const TABLE = 'crisis-router-bench';
const CLINIC_ID = 'cold-clinic';
const REGION = 'eu-west-2';
const ACCOUNT = '123456789012';
const API_ID = 'bench';
// DynamoDB Local keeps one database per access key and region (unless -sharedDb), so the seeding client
// must sign exactly as the child processes do, or they find no table.
const CREDENTIALS = { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret' };

/**
 * The two functions' environment as the CDK app sets it (infra/constructs/http-api.ts, crisis-function.ts;
 * SMS origination as in config/prod.json; no voice or push: these pages use neither), stack outputs replaced
 * by stand-ins; what Lambda's runtime adds; and the SDK's service endpoints pointed at the local engines.
 */
function functionEnv(dynamoEndpoint: string, fake: FakeAws): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    [ENV.serviceName]: 'crisis-router',
    [ENV.logLevel]: 'INFO',
    [ENV.tableName]: TABLE,
    [ENV.publicBaseUrl]: `https://${API_ID}.execute-api.${REGION}.amazonaws.com/prod`,
    [ENV.smsOriginationNumber]: '+15555550100',
    // On the fake's host: the SQS client sends to the queue URL's host when it differs from its endpoint.
    [ENV.timerQueueUrl]: `${fake.endpoint}/${ACCOUNT}/crisis-timers`,
    [ENV.emailTopicArn]: `arn:aws:sns:${REGION}:${ACCOUNT}:crisis-email-pages`,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: 'submit-request',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: fake.endpoint,
    AWS_ENDPOINT_URL_SQS: fake.endpoint,
  };
}

/** What the child gets (one env var, so nothing is read from disk or stdin before the imports). */
interface ChildInput {
  authorizerUrl: string;
  submitUrl: string;
  authorizerEvent: APIGatewayRequestAuthorizerEvent;
  submitEvent: APIGatewayProxyEvent;
  /** lambdaContext()'s data; the child adds its methods and a request id per invocation. */
  authorizerContext: object;
  submitContext: object;
  warmRuns: number;
  /** Prefix of each pair's Idempotency-Key: a new request every time, never a replay. */
  tag: string;
}

interface PairTimes {
  started: number;
  authorized: number;
  submitted: number;
  reference: string;
}

interface ChildReport {
  timeOrigin: number;
  imported: number;
  pairs: PairTimes[];
}

// Times are epoch ms (timeOrigin + now), the fake endpoint's clock. API Gateway hands the submit function the
// authorizer's context plus principalId in requestContext.authorizer. The report goes to fd 3: the handlers
// log to stdout.
const CHILD = `
import { writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
const now = () => performance.timeOrigin + performance.now();
const input = JSON.parse(process.env.BENCH_INPUT);
const authorizer = await import(input.authorizerUrl);
const submit = await import(input.submitUrl);
const imported = now();
const context = (data) => ({ ...data, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 10000,
  done() {}, fail() {}, succeed() {} });
const setHeader = (event, name, value) => {
  event.headers[name] = value;
  event.multiValueHeaders[name] = [value];
};
async function pair(i) {
  const key = input.tag + '-' + i;
  const authEvent = structuredClone(input.authorizerEvent);
  setHeader(authEvent, 'Idempotency-Key', key);
  const started = now();
  const auth = await authorizer.handler(authEvent, context(input.authorizerContext));
  const authorized = now();
  if (auth?.policyDocument?.Statement?.[0]?.Effect !== 'Allow')
    throw new Error('the authorizer did not allow: ' + JSON.stringify(auth));
  const event = structuredClone(input.submitEvent);
  setHeader(event, 'Idempotency-Key', key);
  const body = JSON.parse(event.body);
  event.body = JSON.stringify({ ...body, summary: body.summary + ' (' + key + ')' });
  event.requestContext.requestId = randomUUID();
  event.requestContext.authorizer = { ...auth.context, principalId: auth.principalId,
    integrationLatency: Math.round(authorized - started) };
  const res = await submit.handler(event, context(input.submitContext));
  const submitted = now();
  if (res?.statusCode !== 202) throw new Error('submit answered ' + res?.statusCode + ': ' + res?.body);
  return { started, authorized, submitted, reference: JSON.parse(res.body).reference };
}
const pairs = [];
for (let i = 0; i <= input.warmRuns; i++) pairs.push(await pair(i));
writeSync(3, JSON.stringify({ timeOrigin: performance.timeOrigin, imported, pairs }));
process.exit(0); // the SDK's keep-alive sockets would hold the process open
`;

// Measure 5's baseline (bench/cold-start.ts): process start → an empty module imported.
const BARE = `
import { writeSync } from 'node:fs';
await import('data:text/javascript,export const handler = () => 0;');
writeSync(3, JSON.stringify({ ready: performance.now() }));
`;

/** Runs a module script in a fresh Node; resolves with what it wrote to fd 3, and its stdout and stderr. */
function runNode(script: string, env: Record<string, string>) {
  return new Promise<{ report: string; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      timeout: 60_000, // a send stuck on some unreachable host fails the run instead of hanging it
    });
    const out = { report: '', stdout: '', stderr: '' };
    child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
    child.stdio[3]?.on('data', (d: Buffer) => (out.report += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && out.report) resolve(out);
      else reject(new Error(`child exited with ${code}: ${(out.stderr || out.stdout).slice(-1500)}`));
    });
  });
}

interface ColdSample {
  coldMs: number;
  importsDoneMs: number;
  authorizerAnsweredMs: number;
  submitAnsweredMs: number;
  warmMs: number[];
  callsPerSubmit: Record<string, number>;
}

const callName = (c: AwsCall) =>
  c.action === 'Publish' ? `sns:Publish (${c.sms ? 'SMS' : 'topic'})` : `${c.service}:${c.action}`;

/** Calls by name, names sorted (their arrival order may vary). */
function tally(calls: AwsCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of calls.map(callName).sort()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** One cold process and its warm pairs, matched to the SMS Publishes the fake endpoint received. */
async function coldRun(input: ChildInput, env: Record<string, string>, fake: FakeAws): Promise<ColdSample> {
  fake.take(); // nothing left over from an earlier process
  const ran = await runNode(CHILD, { ...env, BENCH_INPUT: JSON.stringify(input) }).catch(
    (error: unknown) => error as Error,
  );
  const { calls, unknown } = fake.take();
  // Strict: a request the fake could not answer fails the run, whatever the handlers made of the error.
  if (unknown.length)
    throw new Error(
      `the fake SNS/SQS endpoint got requests it does not handle:\n  ${unknown.join('\n  ')}` +
        (ran instanceof Error ? `\nthe process: ${ran.message}` : ''),
    );
  if (ran instanceof Error) throw ran;
  // A failed page, a lost timer or an SDK complaint is logged, not thrown (the 202 still goes out).
  const complaints = [
    ...ran.stdout.split('\n').filter((line) => /"level":"(WARN|ERROR|CRITICAL)"/.test(line)),
    ...ran.stderr.split('\n').filter(Boolean),
  ];
  if (complaints.length) throw new Error(`the handlers complained:\n  ${complaints.join('\n  ')}`);
  const report = JSON.parse(ran.report) as ChildReport;

  // Pairs ran one after another, so a call belongs to the last pair started before it arrived (no end
  // bound: the two processes' clocks agree to well under the authorizer's time, not to the last microsecond).
  const starts = report.pairs.map((pair) => pair.started);
  const byPair = report.pairs.map((_, i) =>
    calls.filter((c) => c.receivedAt >= starts[i]! && !(c.receivedAt >= (starts[i + 1] ?? Infinity))),
  );
  if (calls.some((c) => c.receivedAt < starts[0]!))
    throw new Error('an SNS/SQS call reached the fake endpoint before the first event was handled');
  const callsPerSubmit = tally(byPair[0] ?? []);
  const differing = byPair.findIndex((p) => JSON.stringify(tally(p)) !== JSON.stringify(callsPerSubmit));
  if (differing >= 0)
    throw new Error(
      `pair ${differing} sent ${JSON.stringify(tally(byPair[differing]!))}, ` +
        `the first ${JSON.stringify(callsPerSubmit)}`,
    );
  // Each pair's page: the SMS that names its request's reference (pages carry no patient detail).
  const smsAt = report.pairs.map((pair, i) => {
    const sms = byPair[i]!.find((c) => c.sms && new RegExp(`\\b${pair.reference}\\b`).test(c.message ?? ''));
    if (!sms) throw new Error(`no SMS Publish for request ${pair.reference} reached the fake endpoint`);
    return sms.receivedAt;
  });

  const [cold, ...warm] = report.pairs;
  if (!cold) throw new Error('the process handled no events');
  const fromStart = (t: number) => t - report.timeOrigin;
  return {
    coldMs: fromStart(smsAt[0]!),
    importsDoneMs: fromStart(report.imported),
    authorizerAnsweredMs: fromStart(cold.authorized),
    submitAnsweredMs: fromStart(cold.submitted),
    warmMs: warm.map((pair, i) => smsAt[i + 1]! - pair.started),
    callsPerSubmit,
  };
}

async function bareRun(): Promise<number> {
  const { report } = await runNode(BARE, { PATH: process.env.PATH ?? '' });
  return (JSON.parse(report) as { ready: number }).ready;
}

/** A clinic like the demo's (femi on call for general, by override; SMS methods verified), an intake key. */
async function seed(endpoint: string): Promise<{ key: string; keyId: string }> {
  const config = { endpoint, region: REGION, credentials: CREDENTIALS };
  const client = new DynamoDBClient(config);
  const db = createDocumentClient(config);
  try {
    await ensureTable(client, TABLE);
    const now = Date.now();
    const fixture = demoLikeClinic(CLINIC_ID, { now, phoneBase: 300 });
    // Contact methods, as clinicians have them since the migration (not the legacy phone field).
    const clinicians = fixture.clinicians.map(({ phone, ...c }) => ({
      ...c,
      contacts: verifiedContacts({ phone }, now),
    }));
    await seedClinic(new DynamoClinicStore(db, TABLE), { ...fixture, clinicians });
    const key = await issueKey(
      { keys: new DynamoKeyStore(db, TABLE), clock: () => now },
      { clinicId: CLINIC_ID, role: 'intake', label: 'hotline' },
    );
    return { key: key.key, keyId: key.keyId };
  } finally {
    client.destroy();
    db.destroy();
  }
}

/** The submit event (bench/lib/fixtures.ts) with the key as a caller sends it, and the authorizer's event. */
function events(key: string, keyId: string) {
  const submit = submitEvent({ keyId, clinicId: CLINIC_ID, role: 'intake' }, 'general');
  submit.headers.Authorization = `Bearer ${key}`;
  submit.multiValueHeaders.Authorization = [`Bearer ${key}`];
  const { authorizer: _passedOnlyToTheIntegration, ...requestContext } = submit.requestContext;
  const authorizer = {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/prod/POST${submit.path}`,
    resource: submit.resource,
    path: submit.path,
    httpMethod: submit.httpMethod,
    headers: submit.headers,
    multiValueHeaders: submit.multiValueHeaders,
    pathParameters: submit.pathParameters,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext,
  } as APIGatewayRequestAuthorizerEvent;
  return { submit, authorizer };
}

const figure = (values: number[]): Figure => {
  const s = summarize(values);
  return { medianMs: round(s.median, 1), p99Ms: round(s.p99, 1) };
};

/**
 * A cold process from its imports done to its SMS Publish, over the runs: what an environment initialised but
 * never primed meets on its first events (the report's and the notes' one figure for it).
 */
export function afterImports(result: ColdFirstPageResult): Figure {
  const { coldMs, importsDoneMs } = result.raw;
  return figure(coldMs.map((cold, i) => cold - (importsDoneMs[i] ?? Number.NaN)));
}
const rounded = (values: number[]) => values.map((v) => round(v, 1));

export async function measureColdFirstPage(options: ColdFirstPageOptions): Promise<ColdFirstPageResult> {
  progress('cold first page: starting DynamoDB Local and the fake SNS/SQS endpoint');
  const fake = await startFakeAws();
  const dynamo = await startDynamoDbLocal().catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  try {
    const { key, keyId } = await seed(dynamo.endpoint);
    const { submit, authorizer } = events(key, keyId);
    const env = functionEnv(dynamo.endpoint, fake);
    const input = (run: number | string): ChildInput => ({
      authorizerUrl: pathToFileURL(options.bundles.authorizer).href,
      submitUrl: pathToFileURL(options.bundles.submit).href,
      authorizerEvent: authorizer,
      submitEvent: submit,
      authorizerContext: lambdaContext('authorizer', BENCH_LAMBDA_SITE),
      submitContext: lambdaContext('submit-request', BENCH_LAMBDA_SITE),
      warmRuns: options.warmRuns,
      tag: `cold-${run}-${randomUUID()}`,
    });

    // One of each first, not counted: the OS file cache, and DynamoDB Local's JIT, warm up on it.
    await bareRun();
    await coldRun(input('warm-up'), env, fake);
    progress(
      `cold first page: ${options.runs} cold, ${options.runs} provisioned and ${options.runs} bare-Node processes, round robin`,
    );
    const cold: ColdSample[] = [];
    const bare: number[] = [];
    const provisioned: ColdSample[] = [];
    const provisionedEnv = { ...env, AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' };
    for (let run = 0; run < options.runs; run++) {
      // Alternating which goes first, so drift over the run hits both alike.
      const steps = [
        async () => bare.push(await bareRun()),
        async () => cold.push(await coldRun(input(run), env, fake)),
        async () => provisioned.push(await coldRun(input(`${run}-provisioned`), provisionedEnv, fake)),
      ];
      for (const step of run % 2 ? steps.reverse() : steps) await step();
    }

    const calls = cold[0]?.callsPerSubmit ?? {};
    if (cold.some((s) => JSON.stringify(s.callsPerSubmit) !== JSON.stringify(calls)))
      throw new Error('the processes did not all send the same SNS/SQS calls per submit');
    const warmAll = cold.flatMap((s) => s.warmMs);
    const coldFigure = figure(cold.map((s) => s.coldMs));
    const warmFigure = figure(warmAll);
    const bareFigure = figure(bare);
    const targetMs = round(2 * (warmFigure.medianMs + bareFigure.medianMs), 1);
    return {
      runs: options.runs,
      warmRuns: options.warmRuns,
      warmSamples: warmAll.length,
      coldMs: coldFigure,
      coldSplitMs: {
        importsDone: figure(cold.map((s) => s.importsDoneMs)),
        authorizerAnswered: figure(cold.map((s) => s.authorizerAnsweredMs)),
        smsPublish: coldFigure,
        submitAnswered: figure(cold.map((s) => s.submitAnsweredMs)),
      },
      warmMs: warmFigure,
      provisioned: {
        importsDone: figure(provisioned.map((s) => s.importsDoneMs)),
        firstEventsToSms: figure(provisioned.map((s) => s.coldMs - s.importsDoneMs)),
      },
      bareNodeMs: bareFigure,
      targetMs,
      met: coldFigure.medianMs <= targetMs,
      callsPerSubmit: calls,
      raw: {
        coldMs: rounded(cold.map((s) => s.coldMs)),
        importsDoneMs: rounded(cold.map((s) => s.importsDoneMs)),
        authorizerAnsweredMs: rounded(cold.map((s) => s.authorizerAnsweredMs)),
        submitAnsweredMs: rounded(cold.map((s) => s.submitAnsweredMs)),
        warmMs: cold.map((s) => rounded(s.warmMs)),
        bareNodeMs: rounded(bare),
      },
      notes: [
        'One process handles both bundles, the authorizer then submit, as API Gateway calls them in turn; in AWS they are two functions, whose cold starts may overlap or not.',
        'Warm pairs invoke the authorizer every time (the function keeps no cache; API Gateway caches its answer per key for 300 s, which would take it off a warm path).',
        'DynamoDB Local and the fake endpoint answer on loopback: no network or service time of AWS is in these figures.',
        "Process start is Node's performance.timeOrigin: Lambda's sandbox and runtime bootstrap before it are not in these figures.",
        'A warm-up process of each kind ran first and is not counted.',
      ],
    };
  } finally {
    await fake.close();
    await dynamo.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Standalone: the dev stage's bundles as CDK builds them (lib/synth-bundles.ts), in a temp dir.
  const built = await synthesizeBundles('dev');
  try {
    const bundles = {
      authorizer: built.files.get('authorizer')!,
      submit: built.files.get('submit-request')!,
    };
    console.log(JSON.stringify(await measureColdFirstPage({ runs: 10, warmRuns: 20, bundles }), null, 2));
  } finally {
    await built.dispose();
  }
}
