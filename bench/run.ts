// `npm run bench`: the measures of docs/benchmarks.md in one run, on this machine. Writes
// bench/results/latest.json and rewrites docs/benchmarks.md. `--quick` runs small sample counts and writes to
// the OS temp dir instead (for working on the harness; its figures are not the benchmark). `--report-only`
// re-renders docs/benchmarks.md from the committed latest.json without measuring.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { measureCalendarFeed } from './calendar-feed.js';
import { measureChannelLatency } from './channel-latency.js';
import { measureColdFirstPage } from './cold-first-page.js';
import { measureColdStart } from './cold-start.js';
import { measureCostPerRequest } from './cost-per-request.js';
import { measureEscalationLateness } from './escalation-lateness.js';
import { measureHttpLoad } from './http-load.js';
import { describeMachine } from './lib/machine.js';
import { synthesizeBundles } from './lib/synth-bundles.js';
import { progress } from './lib/stats.js';
import { renderNotes } from './notes.js';
import { renderMarkdown, type BenchResults } from './report.js';
import { measureRota } from './rota-lookup.js';
import { measureRotaReports } from './rota-reports.js';
import { measureScale } from './scale-sim.js';
import { measureSubmitLatency } from './submit-latency.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The stage whose bundles the cold measures run: config/dev.json (its channels are prod's: SMS, email, push). */
const BUNDLED_STAGE = 'dev';
const quick = process.argv.includes('--quick');
const reportOnly = process.argv.includes('--report-only');

const config = quick
  ? {
      submit: { samples: 100, warmup: 30, clinics: 8 },
      submitRuns: 1,
      http: { requests: 200, concurrency: 50, warmup: 20 },
      lateness: { requests: 40, ratePerSecond: 20, burstConcurrency: 50 },
      rota: { participants: 50, overrides: 2000, instants: 10_000, batches: 2, adapterLookups: 30 },
      cold: { runs: 2, probe: ['submit-request'] },
      firstPage: { runs: 3, warmRuns: 5 },
      channels: { requests: 5 },
      feeds: { participants: 50, overrides: 200, runs: 5 },
      reports: { participants: 50, overrides: 200, requests: 100, runs: 5 },
      scale: { openRequests: 5000, clinics: 500, overdue: 150, overrides: 200, runs: 3, rearmRequests: 5000 },
    }
  : {
      submit: { samples: 1000, warmup: 200, clinics: 8 },
      submitRuns: 3,
      http: { requests: 1000, concurrency: 50, warmup: 100 },
      lateness: { requests: 200, ratePerSecond: 20, burstConcurrency: 50 },
      rota: { participants: 50, overrides: 2000, instants: 100_000, batches: 5, adapterLookups: 200 },
      cold: { runs: 10, probe: ['submit-request', 'escalate', 'authorizer'] },
      firstPage: { runs: 10, warmRuns: 20 },
      channels: { requests: 30 },
      feeds: { participants: 50, overrides: 200, runs: 30 },
      reports: { participants: 50, overrides: 200, requests: 600, runs: 30 },
      scale: {
        openRequests: 100_000,
        clinics: 10_000,
        overdue: 300,
        overrides: 2000,
        runs: 10,
        rearmRequests: 100_000,
      },
    };

/** Formatted as `npm run lint` expects it (prettier aligns the tables). */
async function writeMarkdown(path: string, results: BenchResults): Promise<void> {
  const markdown = renderMarkdown(results, renderNotes(results));
  const prettierOptions = (await resolveConfig(join(REPO_ROOT, 'docs/benchmarks.md'))) ?? {};
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await format(markdown, { ...prettierOptions, parser: 'markdown' }));
}

async function main(): Promise<void> {
  if (reportOnly) {
    const results = JSON.parse(
      await readFile(join(REPO_ROOT, 'bench/results/latest.json'), 'utf8'),
    ) as BenchResults;
    await writeMarkdown(join(REPO_ROOT, 'docs/benchmarks.md'), results);
    progress('re-rendered docs/benchmarks.md from bench/results/latest.json');
    return;
  }
  const started = performance.now();
  const machine = describeMachine();
  progress(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}${quick ? ' (quick run)' : ''}`,
  );
  const results: BenchResults = {
    timestamp: new Date().toISOString(),
    totalRuntimeSeconds: 0,
    machine,
    loadAverageAtEnd: [],
    errors: {},
  };
  const measure = async <K extends keyof BenchResults>(key: K, run: () => Promise<BenchResults[K]>) => {
    const t0 = performance.now();
    try {
      results[key] = await run();
      progress(`${String(key)} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      results.errors[String(key)] = (error as Error).message;
      progress(`${String(key)} FAILED: ${(error as Error).stack ?? String(error)}`);
    }
  };

  await measure('submitToPage', () => measureSubmitLatency(config.submit));
  // The machine is noisy: the ratio of two more runs, for its spread (the first run's figures stand).
  await measure('submitRatioRuns', async () => {
    const ratios = [results.submitToPage?.ratioMedian ?? Number.NaN];
    for (let run = 1; run < config.submitRuns; run++)
      ratios.push((await measureSubmitLatency(config.submit)).ratioMedian);
    return ratios;
  });
  await measure('httpLoad', () => measureHttpLoad(config.http));
  await measure('escalationLateness', () => measureEscalationLateness(config.lateness));
  await measure('rota', () => measureRota(config.rota));
  // The stage's bundles as CDK builds them, for both cold measures.
  progress(`cold start: CDK builds every bundle of the ${BUNDLED_STAGE} stage`);
  const built = await synthesizeBundles(BUNDLED_STAGE).catch((error: unknown) => {
    results.errors.coldStart = `CDK could not build the ${BUNDLED_STAGE} stage's bundles: ${(error as Error).message}`;
    return undefined;
  });
  if (built)
    try {
      await measure('coldStart', () => measureColdStart(config.cold, built));
      await measure('coldFirstPage', () =>
        measureColdFirstPage({
          ...config.firstPage,
          bundles: { authorizer: built.files.get('authorizer')!, submit: built.files.get('submit-request')! },
        }),
      );
    } finally {
      await built.dispose();
    }
  await measure('costPerRequest', () => measureCostPerRequest());
  await measure('channels', () => measureChannelLatency(config.channels));
  await measure('calendarFeed', () => measureCalendarFeed(config.feeds));
  await measure('rotaReports', () => measureRotaReports(config.reports));
  await measure('scale', () => measureScale(config.scale));

  results.totalRuntimeSeconds = Math.round((performance.now() - started) / 100) / 10;
  results.loadAverageAtEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const jsonPath = quick
    ? join(os.tmpdir(), 'crisis-bench-quick.json')
    : join(REPO_ROOT, 'bench/results/latest.json');
  const mdPath = quick ? join(os.tmpdir(), 'crisis-bench-quick.md') : join(REPO_ROOT, 'docs/benchmarks.md');
  await mkdir(dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  await writeMarkdown(mdPath, results);
  progress(`wrote ${jsonPath} and ${mdPath} after ${results.totalRuntimeSeconds} s`);
  const failed = Object.keys(results.errors);
  if (failed.length) {
    // Loud: a failed measure fails `npm run bench` (and says which), not just a line in the report.
    console.error(`\nnpm run bench: ${failed.length} measure(s) FAILED: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
