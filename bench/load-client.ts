// The load generator (autocannon's job, which is not installed): runs in its own process so the client
// does not share the server's event loop. Keep-alive http.Agent, a fixed number of connections, each
// looping over the next request of the job; optionally paced to a rate. Reads a job file, writes results.
import { readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadJob {
  baseUrl: string;
  concurrency: number;
  /** Start request i no earlier than i / ratePerSecond after the start; unset: as fast as possible. */
  ratePerSecond?: number;
  /** JSON fields of each response body to hand back (the rest is dropped). */
  pick: string[];
  requests: LoadRequest[];
}

export interface LoadResult {
  index: number;
  status: number;
  /** Request start → last byte of the response, ms. */
  ms: number;
  startedAt: number;
  error?: string;
  picked: Record<string, unknown>;
}

export interface LoadRun {
  startedAt: number;
  finishedAt: number;
  results: LoadResult[];
}

const TIMEOUT_MS = 30_000;

function send(agent: Agent, base: URL, spec: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: spec.method,
        path: spec.path,
        headers: spec.body
          ? { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body)) }
          : spec.headers,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(spec.body);
  });
}

export async function runLoad(job: LoadJob): Promise<LoadRun> {
  const base = new URL(job.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const results: LoadResult[] = [];
  let next = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const index = next++;
      const spec = job.requests[index];
      if (!spec) return;
      if (job.ratePerSecond) {
        const due = t0 + (index * 1000) / job.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const start = performance.now();
      const sentAt = Date.now();
      try {
        const { status, body } = await send(agent, base, spec);
        let picked: Record<string, unknown> = {};
        try {
          const parsed = JSON.parse(body) as Record<string, unknown>;
          picked = Object.fromEntries(job.pick.map((k) => [k, parsed[k]]));
        } catch {
          picked = {};
        }
        results.push({ index, status, ms: performance.now() - start, startedAt: sentAt, picked });
      } catch (error) {
        results.push({
          index,
          status: 0,
          ms: performance.now() - start,
          startedAt: sentAt,
          error: (error as Error).message,
          picked: {},
        });
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const finishedAt = Date.now();
  agent.destroy();
  return { startedAt, finishedAt, results: results.sort((a, b) => a.index - b.index) };
}

// As a child process: `node --import tsx bench/load-client.ts <job.json> <out.json>`.
const [jobPath, outPath] = process.argv.slice(2);
if (jobPath && outPath && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const job = JSON.parse(await readFile(jobPath, 'utf8')) as LoadJob;
  await writeFile(outPath, JSON.stringify(await runLoad(job)));
}
