import { networkInterfaces } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoCalendarFeedStore } from '../../shared/adapters/aws/dynamo-calendar-feed-store.js';
import { DynamoCoverRequests } from '../../shared/adapters/aws/dynamo-cover-requests.js';
import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { createLocalClients } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoKeyStore } from '../../shared/adapters/aws/dynamo-key-store.js';
import { DynamoRequestStore } from '../../shared/adapters/aws/dynamo-request-store.js';
import { startDynalite } from '../../shared/adapters/local/embedded-dynamo.js';
import { InProcessTimer } from '../../shared/adapters/local/in-process-timer.js';
import { OutboxPager } from '../../shared/adapters/local/outbox-pager.js';
import { generateVapidKeys, WebPushPager } from '../../shared/adapters/push/web-push-pager.js';
import { migrateClinicDirectory } from '../../shared/adapters/aws/migrate-clinic-directory.js';
import { DynamoRotaNotices } from '../../shared/adapters/aws/dynamo-rota-notices.js';
import { checkAllClinics, type RotaCheckRun } from '../../shared/app/rota-check/check-all-clinics.js';
import { onTimer } from '../../shared/app/requests/on-timer.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { SWEEP_GRACE_MS, sweepDue } from '../../shared/app/requests/sweep-due.js';
import { localOnlyHandlers, localOnlyRoutes } from './local-only-routes.js';
import { localSignals } from './local-signals.js';
import { webHandlers, webRoutes } from './web-routes.js';
import { ensureTable } from '../../shared/adapters/local/ensure-table.js';
import { authenticate, issueKey } from '../../shared/app/api-keys.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { randomToken } from '../../shared/app/secrets.js';
import { systemClock } from '../../shared/ports/clock.js';
import { routes } from '../../functions/routes.js';
import { localHandlers } from './local-handlers.js';
import { createLocalServer } from './server.js';
import { seedDemo, type DemoKeys } from './seed-demo.js';
import { OpenRequestRecovery } from './recover-open-requests.js';

export interface LocalStackOptions {
  port: number;
  /**
   * The address to listen on: loopback by default. `0.0.0.0` (or a LAN address) lets a real phone on the same
   * network open the ack links; links then use this machine's LAN address.
   */
  host?: string;
  dataDir: string;
  /** Accept this key as the platform key; a random one is made (and kept in dataDir) otherwise. */
  platformKey?: string;
  seed: boolean;
  logLevel?: string;
  /** How often the sweeper looks for overdue requests (AWS: every minute). */
  sweepIntervalMs?: number;
  /** How often the rota check (shift notices, gap alerts) runs (AWS: every 5 minutes); `POST /local/rota-check` runs it at once. */
  rotaCheckIntervalMs?: number;
  /** Use this DynamoDB endpoint (tests: DynamoDB Local) instead of embedded dynalite in dataDir. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Tests: the agent push requests use (one that trusts a fake push service's certificate). */
  pushAgent?: Agent;
}

export interface LocalStack {
  url: string;
  platformKey: string;
  demoKeys: DemoKeys | null;
  deps: AdminDeps;
  requestDeps: RequestDeps;
  outbox: OutboxPager;
  signals: ReturnType<typeof localSignals>;
  /** Runs the sweeper once now (tests; the stack also runs it on its own schedule). */
  sweep(): Promise<{ overdue: number; advanced: number }>;
  /** Runs the rota check (shift notices, gap alerts) of every clinic once now. */
  checkRota(): Promise<RotaCheckRun>;
  close(): Promise<void>;
}

const DEFAULT_TABLE_NAME = 'crisis-router';

/** The host name links should carry: localhost on loopback, this machine's LAN address on every interface. */
export function reachableHost(host: string | undefined): string {
  if (host === undefined || host === '127.0.0.1' || host === '::1' || host === 'localhost')
    return 'localhost';
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  return lan?.address ?? 'localhost';
}

/** The local stack's VAPID key pair, made once and kept in DATA_DIR so subscriptions survive a restart. */
async function localVapidKeys(dataDir: string): Promise<{ publicKey: string; privateKey: string }> {
  const file = join(dataDir, 'vapid.json');
  const saved = await readJson<{ publicKey: string; privateKey: string }>(file);
  if (saved) return saved;
  const keys = generateVapidKeys();
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  await mkdir(join(options.dataDir, 'dynamodb'), { recursive: true });
  const engine = options.dynamoEndpoint
    ? { endpoint: options.dynamoEndpoint, close: async () => undefined }
    : await startDynalite(join(options.dataDir, 'dynamodb'));
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const { client, db } = createLocalClients(engine.endpoint);
  // A stack that fails to start must not leave its embedded engine listening (the process would not exit).
  const { missingIndexes } = await ensureTable(client, tableName).catch(async (error: unknown) => {
    await engine.close();
    throw error;
  });
  if (missingIndexes.length > 0)
    console.warn(
      `The data in ${options.dataDir} predates the table index(es) ${missingIndexes.join(', ')}: the request ` +
        'queue (GET /v1/clinics/{clinicId}/requests) will fail. Stop, delete the folder and start again to get them.',
    );
  // A data folder from before the clinic directory: its clinics join it (a Scan is fine at local sizes).
  await migrateClinicDirectory(db, tableName);
  const gapAlerts = new DynamoRotaNotices(db, tableName);
  const deps: AdminDeps = {
    clinics: new DynamoClinicStore(db, tableName),
    keys: new DynamoKeyStore(db, tableName),
    clock: systemClock,
    gapAlerts,
  };

  // Local-only convenience: the platform key and demo keys are kept in plain text in dataDir so a
  // restart can print them again. The deployed stack never stores a secret in clear.
  const secretsFile = join(options.dataDir, 'local-keys.json');
  const saved = await readJson<{ platformKey: string; demoKeys: DemoKeys | null }>(secretsFile);
  const platformKey = options.platformKey ?? saved?.platformKey ?? `crk_${randomToken(32)}`;
  if (!(await authenticate(deps, `Bearer ${platformKey}`)))
    await issueKey(deps, { clinicId: '*', role: 'platform', label: 'local platform key' }, platformKey);
  const demoKeys = options.seed
    ? ((await seedDemo(deps)) ?? saved?.demoKeys ?? null)
    : (saved?.demoKeys ?? null);
  await writeFile(secretsFile, JSON.stringify({ platformKey, demoKeys }, null, 2), { mode: 0o600 });

  const logger = new Logger({
    serviceName: 'crisis-router-local',
    logLevel: (options.logLevel ?? 'WARN') as 'WARN',
  });
  const vapid = await localVapidKeys(options.dataDir);
  const outbox = new OutboxPager(
    join(options.dataDir, 'outbox.jsonl'),
    systemClock,
    new WebPushPager({ ...vapid, subject: 'mailto:ops@crisis-router.invalid' }, options.pushAgent),
  );
  await outbox.load();
  const signals = localSignals(logger);
  // The timer fires the same use case the escalate function runs for SQS messages.
  const timer = new InProcessTimer((message) =>
    onTimer(requestDeps, message).then(
      () => undefined,
      (error: unknown) => logger.error('local timer failed', { errorName: (error as Error).name }),
    ),
  );
  const requestDeps: RequestDeps = {
    clinics: deps.clinics,
    requests: new DynamoRequestStore(db, tableName),
    pager: outbox,
    timer,
    clock: systemClock,
    signals,
    publicBaseUrl: 'http://localhost', // set to the real address once listening
  };
  const covers = new DynamoCoverRequests(db, tableName);
  const checkRota = () =>
    checkAllClinics(
      { ...requestDeps, directory: gapAlerts, gapAlerts, shiftNotices: gapAlerts, covers },
      (clinicId, error) =>
        logger.error('rota check of a clinic failed', { clinicId, errorName: (error as Error).name }),
    );
  const server = createLocalServer({
    routes: [...routes, ...localOnlyRoutes, ...webRoutes],
    handlers: {
      ...localHandlers(deps, requestDeps, logger, vapid.publicKey, {
        feeds: new DynamoCalendarFeedStore(db, tableName),
        covers,
      }),
      ...localOnlyHandlers(requestDeps, outbox, logger, checkRota),
      ...webHandlers({
        onError: (error) => logger.error('web asset failed', { errorName: (error as Error).name }),
      }),
    },
    authenticate: (header) => authenticate(deps, header),
    onError: (error) => logger.error('local server error', { errorName: (error as Error).name }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${reachableHost(options.host)}:${port}`;
  requestDeps.publicBaseUrl = url;
  // In-process timers do not survive a restart: arm every open request again, read from the request items
  // (a Scan), not the due index, which dynalite can leave missing an item after a kill (see the module).
  const recovery = new OpenRequestRecovery(db, tableName, timer, systemClock);
  // Each sweep: the index sweeper as deployed, then the same Scan for what is still overdue past the grace
  // (an item the index lost, a timer whose onTimer failed), re-armed through onTimer, the path every timer
  // takes. A Scan per sweep is cheap at local volumes; the deployed sweeper stays on the index.
  const sweep = async () => {
    try {
      return await sweepDue(requestDeps);
    } finally {
      await recovery.rearm(systemClock() - SWEEP_GRACE_MS);
    }
  };
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep()
      .catch((error: unknown) => logger.error('sweeper failed', { errorName: (error as Error).name }))
      .finally(() => (sweeping = false));
  }, options.sweepIntervalMs ?? 15_000);
  const rotaChecker = setInterval(() => {
    checkRota().catch((error: unknown) =>
      logger.error('rota check failed', { errorName: (error as Error).name }),
    );
  }, options.rotaCheckIntervalMs ?? 300_000);
  await recovery.rearm();
  await recovery.resumePendingPages(requestDeps);
  return {
    url,
    platformKey,
    demoKeys,
    deps,
    requestDeps,
    outbox,
    signals,
    sweep,
    checkRota,
    close: async () => {
      clearInterval(sweeper);
      clearInterval(rotaChecker);
      timer.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
      await engine.close();
    },
  };
}
