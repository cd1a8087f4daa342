import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadRun } from '../load-client.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = fileURLToPath(new URL('../load-client.ts', import.meta.url));

/** Runs a load job in a separate Node process (its own core), as autocannon would. */
export async function runLoadInChild(job: LoadJob): Promise<LoadRun> {
  const dir = await mkdtemp(join(tmpdir(), 'crisis-bench-load-'));
  try {
    const jobPath = join(dir, 'job.json');
    const outPath = join(dir, 'out.json');
    await writeFile(jobPath, JSON.stringify(job));
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, jobPath, outPath], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`load client exited with ${code}`)),
      );
    });
    return JSON.parse(await readFile(outPath, 'utf8')) as LoadRun;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
