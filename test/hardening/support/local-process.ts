// `npm start` as a child process, the way a laptop or the CI smoke test runs it (tsx infra/local/main.ts,
// node_modules/.bin first on PATH so the project's own Node runs it), in its own process group so a
// SIGKILL to the group takes the whole tree down at once: tsx, the node it spawns, esbuild.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BANNER = 'crisis-router local stack is running at';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface LocalProcessOptions {
  dataDir: string;
  port: number;
  platformKey: string;
  sweepIntervalMs: number;
  /** Every line the child writes goes here (kept for a failing run). */
  logFile: string;
  logLevel?: string;
}

export interface Start {
  /** When the banner was printed and /health answered: the stack has re-armed its timers. */
  readyAt: number;
  startMs: number;
}

export class LocalStackProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  readonly url: string;

  constructor(private readonly options: LocalProcessOptions) {
    // The server binds 127.0.0.1; "localhost" may resolve to ::1 first.
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 30_000): Promise<Start> {
    if (this.child) throw new Error('already running');
    const began = Date.now();
    this.output = '';
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['infra/local/main.ts'], {
      cwd: ROOT,
      detached: true, // its own process group: process.kill(-pid) reaches the whole tree
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        PORT: String(this.options.port),
        DATA_DIR: this.options.dataDir,
        CRISIS_ROUTER_PLATFORM_KEY: this.options.platformKey,
        SEED: 'none',
        SWEEP_INTERVAL_MS: String(this.options.sweepIntervalMs),
        LOG_LEVEL: this.options.logLevel ?? 'WARN',
      },
    });
    this.child = child;
    // Should the test process itself go away first, the group must not outlive it.
    const orphanGuard = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', orphanGuard);
    child.once('exit', () => process.off('exit', orphanGuard));
    let exitCode: string | null = null;
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        exitCode = signal ?? String(code);
        done();
      }),
    );
    const capture = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      appendFileSync(this.options.logFile, text);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    appendFileSync(this.options.logFile, `\n--- start ${new Date(began).toISOString()} pid ${child.pid}\n`);

    while (Date.now() - began < timeoutMs) {
      if (exitCode !== null)
        throw new Error(`npm start exited (${exitCode}) before it was ready:\n${this.tail()}`);
      if (this.output.includes(BANNER) && (await this.healthy())) {
        const readyAt = Date.now();
        return { readyAt, startMs: readyAt - began };
      }
      await sleep(25);
    }
    throw new Error(`npm start was not ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** SIGKILL to the whole process group; resolves once the group is gone (or after 3 s of trying). */
  async kill(): Promise<number> {
    const child = this.child;
    if (!child?.pid) return Date.now();
    const at = Date.now();
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
    // The grandchildren (tsx's node, esbuild) are reaped by init, a moment later.
    for (let i = 0; i < 120 && groupAlive(child.pid); i++) await sleep(25);
    appendFileSync(this.options.logFile, `\n--- SIGKILL ${new Date(at).toISOString()}\n`);
    this.child = null;
    return at;
  }

  /** Tries a kill at the end of the run, whatever state the test is in. */
  async stop(): Promise<void> {
    if (this.child) await this.kill();
  }

  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  /** What the child wrote since its last start. */
  get log(): string {
    return this.output;
  }

  private async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }
}

/**
 * Whether a member of the group still runs. A killed member is a zombie until init reaps it (here that can
 * take over a second); a zombie holds no file lock or socket, so it does not count.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its closing parenthesis.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  } catch {
    return true; // no /proc: trust kill(0)
  }
}
