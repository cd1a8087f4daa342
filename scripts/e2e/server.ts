// Runs the real `npm start` as a child process, the way a developer or CI would, and reads its banner.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { E2eFailure, check, sleep, waitFor } from './assert.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface DemoKeys {
  platform: string;
  admin: string;
  intake: string;
  /** clinicianId → key */
  clinicians: Record<string, string>;
}

export interface ServerOptions {
  port: number;
  dataDir: string;
  platformKey: string;
}

/** A port nobody listens on right now (the kernel picks it), so parallel CI jobs don't collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export class LocalServer {
  /** The server binds 127.0.0.1; "localhost" may resolve to ::1 first, so we never use it. */
  readonly baseUrl: string;
  private output = '';
  private exit: Promise<number | null>;
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    port: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exited = true;
        resolve(code);
      }),
    );
  }

  /** Starts `npm start` and waits for /health and the printed keys. */
  static async start(options: ServerOptions): Promise<LocalServer> {
    // detached: the child leads its own process group, so stopping it reaches npm, tsx, node and esbuild.
    const child = spawn('npm', ['start'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(options.port),
        DATA_DIR: options.dataDir,
        CRISIS_ROUTER_PLATFORM_KEY: options.platformKey,
        // The most verbose level, so the privacy check sees every log line the product can write.
        LOG_LEVEL: 'DEBUG',
        // Trust the fake push service's self-signed certificate (test/support/push-tls), so the server's
        // Web Push reaches it over HTTPS in the "me" scenario. Only adds one trusted CA: harmless otherwise.
        NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('../../test/support/push-tls/cert.pem', import.meta.url)),
      },
    });
    const server = new LocalServer(child, options.port);
    try {
      await server.waitUntilHealthy();
      // The banner is printed just after the server starts listening: wait for its last line.
      await waitFor(
        'the startup banner',
        async () => (server.output.includes('Ctrl-C stops') ? true : undefined),
        {
          timeoutMs: 5_000,
          intervalMs: 50,
        },
      );
    } catch (error) {
      server.kill();
      // Whatever the server printed is the best clue to why it did not come up.
      if (error instanceof E2eFailure && !error.message.includes('\n'))
        error.message += `; npm start printed:\n${server.output}`;
      throw error;
    }
    return server;
  }

  /** Everything the server wrote to stdout and stderr so far. */
  get log(): string {
    return this.output;
  }

  demoKeys(platform: string): DemoKeys {
    const one = (label: string) => {
      const match = new RegExp(`^\\s+${label}:\\s+(crk_\\S+)`, 'm').exec(this.output);
      check(match?.[1], `the banner has no "${label}" line:\n${this.output}`);
      return match[1];
    };
    const clinicians: Record<string, string> = {};
    for (const match of this.output.matchAll(/^\s+clinician key:\s+(crk_\S+)\s+\((\S+)\)/gm))
      if (match[1] && match[2]) clinicians[match[2]] = match[1];
    check(Object.keys(clinicians).length > 0, `the banner has no clinician keys:\n${this.output}`);
    return { platform, admin: one('admin key'), intake: one('intake key'), clinicians };
  }

  /** Ctrl-C, as a developer would: SIGINT to the whole group, then a bounded wait for a clean exit. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.signal('SIGINT');
    const stopped = await Promise.race([
      this.exit.then(() => true),
      sleep(STOP_TIMEOUT_MS).then(() => false),
    ]);
    if (!stopped) {
      this.kill();
      throw new E2eFailure(`the server did not stop within ${STOP_TIMEOUT_MS} ms of SIGINT`);
    }
  }

  /** Synchronous last resort (failure paths, process exit): nothing of the group may outlive the script. */
  kill(): void {
    if (!this.exited) this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  private async waitUntilHealthy(): Promise<void> {
    await waitFor(
      'GET /health answering {"ok":true}',
      async () => {
        if (this.exited) throw new E2eFailure(`npm start exited before it was healthy:\n${this.output}`);
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(1_000) }).catch(
          () => null,
        );
        if (!response?.ok) return undefined;
        const body = (await response.json()) as { ok?: boolean };
        return body.ok === true ? true : undefined;
      },
      { timeoutMs: STARTUP_TIMEOUT_MS, intervalMs: 250 },
    );
  }
}
