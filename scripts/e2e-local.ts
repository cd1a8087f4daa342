// End-to-end check of `npm start`: the real server, real HTTP, the real in-process timer. It builds a clinic
// with 10 s timeouts through the API, walks the request lifecycle of docs/api.md (timeout, escalation, SMS
// and link acks, decline, unanswered with fallback repeats, idempotency, privacy) and restarts on the same
// data.
// Run: node_modules/.bin/tsx scripts/e2e-local.ts. Exit 0 on success, 1 on the first failed check.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, type RequestView } from './e2e/api.js';
import { check, checkEqual } from './e2e/assert.js';
import { createClinic } from './e2e/clinic.js';
import { getRequest } from './e2e/requests.js';
import {
  checkNoCallerDetail,
  declineUnansweredFallback,
  idempotency,
  privacy,
  timeoutEscalateSmsAck,
  type Context,
  type Outcome,
} from './e2e/scenarios.js';
import { LocalServer, freePort, type DemoKeys } from './e2e/server.js';
import { createStepLog } from './e2e/steps.js';

/** CI's budget for the whole run; a hang anywhere ends in a clear failure, not a stuck job. */
const OVERALL_TIMEOUT_MS = 170_000;

// Module state, so the watchdog and signal handlers can clean up whatever is running at that moment.
const { step, running, printTable } = createStepLog();
let server: LocalServer | undefined;
let dataDir: string | undefined;

/** Synchronous, so it also works from the watchdog, signal handlers and process exit. */
function cleanup(): void {
  server?.kill();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

async function startServer(port: number, platformKey: string): Promise<LocalServer> {
  check(dataDir, 'no data dir');
  server = await LocalServer.start({ port, dataDir, platformKey });
  return server;
}

async function stopServer(): Promise<void> {
  await server?.stop();
  server = undefined;
}

function sameKeys(before: DemoKeys, after: DemoKeys): void {
  checkEqual(after.admin, before.admin, 'restart: demo admin key');
  checkEqual(after.intake, before.intake, 'restart: demo intake key');
  checkEqual(
    JSON.stringify(after.clinicians),
    JSON.stringify(before.clinicians),
    'restart: demo clinician keys',
  );
}

async function stillThere(api: Api, intakeKey: string, outcomes: Outcome[]): Promise<void> {
  for (const before of outcomes) {
    const after: RequestView = await getRequest(api, intakeKey, before.requestId);
    checkEqual(after.status, before.status, `restart: status of ${before.requestId}`);
    checkEqual(after.assignee?.name ?? '', before.assignee, `restart: assignee of ${before.requestId}`);
    checkEqual(after.timeline.length, before.timelineLength, `restart: timeline of ${before.requestId}`);
  }
}

async function main(): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'crisis-router-e2e-'));
  const platformKey = `crk_e2e_${randomBytes(24).toString('base64url')}`;
  const port = await freePort();

  const first = await step(
    'npm start (fresh DATA_DIR)',
    () => startServer(port, platformKey),
    (s) => `healthy on ${s.baseUrl}`,
  );
  const demoKeys = first.demoKeys(platformKey);
  const api = new Api(first.baseUrl);
  const clinic = await step(
    'second clinic via the API',
    () => createClinic(api, platformKey),
    (c) => `${c.clinicians.length} clinicians, 10 s levels, fallback every 10 s`,
  );
  const context: Context = { api, clinic, callers: [] };

  const outcomes = [
    await step(
      'A timeout > escalate > SMS ack > resolve',
      () => timeoutEscalateSmsAck(context),
      (o) => o.note,
    ),
    await step(
      'B decline > unanswered > fallback > link ack',
      () => declineUnansweredFallback(context),
      (o) => o.note,
    ),
    await step(
      'C idempotency',
      () => idempotency(context),
      (o) => o.note,
    ),
  ];
  await step(
    'C privacy (outbox, server output)',
    () => privacy(api, context.callers, first.log),
    (n) => n,
  );

  await step(
    'restart on the same DATA_DIR',
    async () => {
      await stopServer();
      const second = await startServer(port, platformKey);
      sameKeys(demoKeys, second.demoKeys(platformKey));
      const restarted = new Api(second.baseUrl);
      await stillThere(restarted, clinic.intakeKey, outcomes);
      // The outbox is reloaded from DATA_DIR: check it again, with both runs' output.
      await privacy(restarted, context.callers, first.log + second.log);
      await stopServer();
      checkNoCallerDetail(first.log + second.log, context.callers, 'the server output');
    },
    () => `same demo keys; ${outcomes.map((o) => o.status).join(', ')} as before`,
  );
}

const watchdog = setTimeout(() => {
  printTable();
  console.error(`\nE2E FAILED in "${running()}": the run took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  cleanup();
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`\nE2E interrupted by ${signal}`);
    cleanup();
    process.exit(130);
  });
process.once('exit', cleanup);

try {
  await main();
  printTable();
  console.log('\nE2E PASSED');
} catch (error) {
  printTable();
  const message = error instanceof Error && error.name === 'E2eFailure' ? error.message : String(error);
  console.error(`\nE2E FAILED${running() ? ` in "${running()}"` : ''}: ${message}`);
  if (error instanceof Error && error.name !== 'E2eFailure') console.error(error.stack);
  if (server) console.error(`\n--- server output ---\n${server.log}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  cleanup();
}
