// The web interface end to end in Debian's Chromium against a real `npm start`. Screenshots of
// every page go to test-artifacts/e2e-browser/, the status view also to docs/images/status-view.png.
// E2E_SCREENS=<dir> also copies the intake desk's and the case page's screenshots there. E2E_ONLY=web,
// queue, case, voice, me or api runs one scenario: the pages, the intake desk, the case page (call back,
// resolve, hand back), contact methods and a voice page answered with a key in the phone view, a clinician's
// own contact methods page (/me: add and verify a number, a test page, notifications by Web Push), the
// API reference (/api and /openapi.json), the admin console, or cover requests (/me and the board).
// Run: node_modules/.bin/tsx scripts/e2e-browser.ts (npm run test:e2e). Exit 0 on success, 1 on failure.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { Diagnostics, launchChromium } from '../test/e2e/browser.js';
import { adminScenario } from '../test/e2e/admin-scenario.js';
import { apiScenario } from '../test/e2e/api-scenario.js';
import { caseScenario } from '../test/e2e/case-scenario.js';
import { coverScenario } from '../test/e2e/cover-scenario.js';
import { meScenario } from '../test/e2e/me-scenario.js';
import { queueScenario } from '../test/e2e/queue-scenario.js';
import { webScenario, type WebContext } from '../test/e2e/scenario.js';
import { voiceScenario } from '../test/e2e/voice-scenario.js';
import { Api } from './e2e/api.js';
import { check } from './e2e/assert.js';
import { createClinic } from './e2e/clinic.js';
import { LocalServer, freePort } from './e2e/server.js';
import { createStepLog } from './e2e/steps.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The whole run, server start to browser close; a hang ends in a clear failure, not a stuck CI job. */
const OVERALL_TIMEOUT_MS = 260_000;

const { step, running, passed, printTable } = createStepLog();
let server: LocalServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

/** Synchronous, so it also works from the watchdog, signal handlers and process exit. */
function cleanup(): void {
  server?.kill();
  server = undefined;
  // Chromium is a child of this process: it goes with it; close() is tried first where there is time.
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

/** E2E_ONLY=<one of these> runs that scenario alone (quicker while working on it); unset runs them all. */
const SCENARIOS = ['web', 'queue', 'case', 'voice', 'me', 'api', 'admin', 'cover'] as const;

async function main(): Promise<void> {
  const only = process.env.E2E_ONLY;
  check(
    !only || (SCENARIOS as readonly string[]).includes(only),
    `E2E_ONLY=${only}: expected one of ${SCENARIOS.join(', ')}`,
  );
  const runs = (scenario: (typeof SCENARIOS)[number]) => !only || only === scenario;
  const started = Date.now();
  dataDir = mkdtempSync(join(tmpdir(), 'crisis-router-e2e-browser-'));
  const platformKey = `crk_e2e_${randomBytes(24).toString('base64url')}`;
  const port = await freePort();
  const local = await step(
    'npm start (fresh DATA_DIR)',
    async () => (server = await LocalServer.start({ port, dataDir: dataDir ?? '', platformKey })),
    (s) => `healthy on ${s.baseUrl}`,
  );
  const api = new Api(local.baseUrl);
  const clinic = await step(
    'second clinic via the API',
    () => createClinic(api, platformKey),
    (c) => `${c.clinicians.length} clinicians, 10 s levels`,
  );
  browser = await step('launch Chromium', launchChromium, (b) => `Chromium ${b.version()}`);
  const web: WebContext = {
    api,
    browser,
    clinic,
    demo: local.demoKeys(platformKey),
    artifacts: join(ROOT, 'test-artifacts', 'e2e-browser'),
    readmeImage: join(ROOT, 'docs', 'images', 'status-view.png'),
    diagnostics: new Diagnostics(),
    step,
  };
  const screens = process.env.E2E_SCREENS ? [process.env.E2E_SCREENS] : [];
  if (runs('web')) await webScenario(web);
  if (runs('queue')) await queueScenario(web, screens);
  // Last: its closed requests free their references, which the queue scenario looks pages up by.
  if (runs('case')) await caseScenario(web, screens);
  // After all the others: it changes the primary's contact methods and rules (and puts them back at its end).
  if (runs('voice')) await voiceScenario(web);
  // Last: the clinician neither primary nor secondary adds a number and a push method on /me (and removes them).
  if (runs('me')) await meScenario(web);
  // Reads only: the API reference and its document.
  if (runs('api')) await apiScenario(web);
  // The demo clinic's admin console (/admin, E2E_ONLY=admin): what it makes there it removes again.
  if (runs('admin')) await adminScenario(web);
  // Cover requests nine days ahead (/me on a phone, the board): its overrides and requests it removes again.
  if (runs('cover')) await coverScenario(web);
  web.diagnostics.assertClean();
  await browser.close();
  browser = undefined;
  await step(
    'stop npm start',
    () => local.stop(),
    () => 'clean exit on SIGINT',
  );
  server = undefined;
  console.log(`\nwhole run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const watchdog = setTimeout(() => {
  printTable();
  console.error(`\nE2E BROWSER FAILED in "${running()}": longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  console.log(`e2e-browser: ${passed()} passed, 1 failed`);
  cleanup();
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`\nE2E BROWSER interrupted by ${signal}`);
    cleanup();
    process.exit(130);
  });
process.once('exit', cleanup);

try {
  await main();
  printTable();
  console.log(`\nE2E BROWSER PASSED; screenshots in test-artifacts/e2e-browser/`);
  console.log(`e2e-browser: ${passed()} passed, 0 failed`);
} catch (error) {
  printTable();
  const message = error instanceof Error && error.name === 'E2eFailure' ? error.message : String(error);
  console.error(`\nE2E BROWSER FAILED${running() ? ` in "${running()}"` : ''}: ${message}`);
  if (error instanceof Error && error.name !== 'E2eFailure') console.error(error.stack);
  if (server) console.error(`\n--- server output (last 4000 characters) ---\n${server.log.slice(-4000)}`);
  console.log(`e2e-browser: ${passed()} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser?.close().catch(() => undefined);
  cleanup();
}
