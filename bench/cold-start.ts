// Measure 5: cold start. Every function entry (each route and trigger in functions/routes.ts, plus the
// authorizer) is bundled with esbuild the way CDK's NodejsFunction does it for CrisisFunction (bundle,
// minify, platform node, ESM, target node24, main fields module,main, the createRequire banner), with
// source maps off for the size figure. Then a fresh Node process imports each bundle N times, round robin,
// with the env vars the handlers read; time = process start (performance.timeOrigin) → import resolved.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { routes, triggers } from '../functions/routes.js';
import { progress, round, summarize } from './lib/stats.js';

export interface ColdStartOptions {
  runs: number;
  /**
   * Functions also measured as deployed (source map emitted, NODE_OPTIONS=--enable-source-maps) and as
   * the proposed fixes would build them (zod imported as a namespace; then also the runtime's AWS SDK).
   */
  probe: string[];
}

export type Variant =
  'as-built' | 'with-source-maps' | 'zod-namespace-import' | 'zod-namespace-import+runtime-sdk';

export interface VariantColdStart {
  name: string;
  variant: Variant;
  bundleKB: number;
  initMedianMs: number;
  initCpuMedianMs: number;
}

export interface FunctionColdStart {
  name: string;
  bundleKB: number;
  /** Process start → handler module imported and initialised, ms (median of runs). */
  initMedianMs: number;
  initP99Ms: number;
  /** CPU time (user + system) the process used until then, ms (median): less hit by a busy machine. */
  initCpuMedianMs: number;
  /** Parent's view: spawn → exit, ms (median), for reference. */
  spawnToExitMedianMs: number;
  topInputs: Array<{ input: string; kb: number }>;
  meetsSize: boolean;
  meetsInit: boolean;
}

export interface ColdStartResult {
  runs: number;
  bundling: string;
  /** An empty module in a fresh process: Node's own start-up, included in every figure. */
  nodeBaselineMs: number;
  nodeBaselineCpuMs: number;
  functions: FunctionColdStart[];
  missSize: string[];
  missInit: string[];
  /** Largest contributors across all bundles (KB summed over functions / number of functions). */
  topInputsOverall: Array<{ input: string; kbPerFunction: number }>;
  /** The probed functions built each way, measured in the same round robin. */
  variants: VariantColdStart[];
  sourceMapKB: Record<string, number>;
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
const SIZE_TARGET_KB = 250;
const INIT_TARGET_MS = 150;

/** The environment CDK sets for the functions (stack outputs replaced by stand-ins), plus dummy creds. */
const FUNCTION_ENV: Record<string, string> = {
  TABLE_NAME: 'crisis-router-bench',
  PUBLIC_BASE_URL: 'https://api.example.org',
  TIMER_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/crisis-timers',
  EMAIL_TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:crisis-pages',
  POWERTOOLS_SERVICE_NAME: 'crisis-router',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark-secret',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
};

/** Package (or source folder) an esbuild input belongs to: node_modules/@scope/name, or the repo path. */
function owner(input: string): string {
  const parts = input.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const first = parts[nm + 1] ?? '';
    return first.startsWith('@') ? `${first}/${parts[nm + 2] ?? ''}` : first;
  }
  return parts.slice(0, 2).join('/');
}

function topInputs(metafile: Metafile): Array<{ input: string; kb: number }> {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  return [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([input, bytes]) => ({ input, kb: round(bytes / 1024, 1) }));
}

// The proposed fix, applied at bundle time instead of in the source: `import { z } from 'zod'` binds the
// whole namespace object (every locale, JSON-schema conversion) so nothing can be tree-shaken; with
// `import * as z from 'zod'` esbuild keeps only the members the code uses.
const zodNamespaceImport: Plugin = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      return {
        contents: source.replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';"),
        loader: 'ts',
      };
    });
  },
};

async function bundle(outDir: string, name: string, variant: Variant = 'as-built') {
  const outfile = join(outDir, `${name}--${variant}`, 'index.mjs');
  const result = await build({
    entryPoints: [join(REPO_ROOT, 'functions', name, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: variant === 'with-source-maps',
    sourcesContent: false,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
    plugins: variant.startsWith('zod-namespace-import') ? [zodNamespaceImport] : [],
    // The nodejs24.x runtime ships AWS SDK v3; left external, the bundle imports the runtime's copy.
    external:
      variant === 'zod-namespace-import+runtime-sdk' ? ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'] : [],
  });
  return { outfile, metafile: result.metafile, kb: round((await stat(outfile)).size / 1024, 1) };
}

const CHILD = [
  'const url = process.env.BENCH_BUNDLE_URL;',
  'const mod = await import(url);',
  'const ready = performance.now();',
  "if (url.startsWith('file:') && typeof mod.handler !== 'function') throw new Error('no handler export');",
  'const cpu = process.cpuUsage();',
  'process.stdout.write(JSON.stringify({ ready, cpu: (cpu.user + cpu.system) / 1000 }));',
  'process.exit(0);',
].join('\n');

function coldStart(
  url: string,
  extraEnv: Record<string, string> = {},
): Promise<{ ready: number; cpu: number; wall: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: { PATH: process.env.PATH ?? '', ...FUNCTION_ENV, ...extraEnv, BENCH_BUNDLE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`cold start of ${url} failed (${code}): ${err.slice(0, 400)}`));
      resolve({ ...(JSON.parse(out) as { ready: number; cpu: number }), wall });
    });
  });
}

export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartResult> {
  const names = [...routes.map((r) => r.name), ...triggers.map((t) => t.name), 'authorizer'];
  const missing = names.filter((n) => !existsSync(join(REPO_ROOT, 'functions', n, 'index.ts')));
  if (missing.length) throw new Error(`no functions/<name>/index.ts for: ${missing.join(', ')}`);
  // Bundles go to a temp dir (never into the repo, where lint would find them); a node_modules link
  // there lets the runtime-SDK variant resolve the SDK as the Lambda runtime would provide it.
  const outDir = await mkdtemp(join(tmpdir(), 'crisis-bench-bundles-'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  try {
    progress(`cold start: bundling ${names.length} functions with esbuild`);
    const bundles = new Map<string, { outfile: string; metafile: Metafile; kb: number }>();
    for (const name of names) bundles.set(name, await bundle(outDir, name));
    const probeVariants: Variant[] = [
      'with-source-maps',
      'zod-namespace-import',
      'zod-namespace-import+runtime-sdk',
    ];
    const probes: Array<{ name: string; variant: Variant; outfile: string; kb: number }> = [];
    for (const name of options.probe)
      for (const variant of probeVariants)
        probes.push({ name, variant, ...(await bundle(outDir, name, variant)) });

    progress(`cold start: ${options.runs} fresh processes per bundle, round robin`);
    const baseline: number[] = [];
    const ready = new Map<string, number[]>(names.map((n) => [n, []]));
    const wall = new Map<string, number[]>(names.map((n) => [n, []]));
    const cpu = new Map<string, number[]>(names.map((n) => [n, []]));
    const baselineCpu: number[] = [];
    const probeReady = new Map<string, { ready: number[]; cpu: number[] }>(
      probes.map((p) => [p.outfile, { ready: [], cpu: [] }]),
    );
    const EMPTY = 'data:text/javascript,export const handler = () => 0;';
    await coldStart(EMPTY); // warm the OS file cache
    for (let run = 0; run < options.runs; run++) {
      const empty = await coldStart(EMPTY);
      baseline.push(empty.ready);
      baselineCpu.push(empty.cpu);
      for (const name of run % 2 ? [...names].reverse() : names) {
        const r = await coldStart(pathToFileURL(bundles.get(name)!.outfile).href);
        ready.get(name)!.push(r.ready);
        wall.get(name)!.push(r.wall);
        cpu.get(name)!.push(r.cpu);
      }
      for (const p of probes) {
        const env: Record<string, string> =
          p.variant === 'with-source-maps' ? { NODE_OPTIONS: '--enable-source-maps' } : {};
        const r = await coldStart(pathToFileURL(p.outfile).href, env);
        probeReady.get(p.outfile)!.ready.push(r.ready);
        probeReady.get(p.outfile)!.cpu.push(r.cpu);
      }
    }

    const functions: FunctionColdStart[] = names.map((name) => {
      const b = bundles.get(name)!;
      const s = summarize(ready.get(name)!);
      return {
        name,
        bundleKB: b.kb,
        initMedianMs: round(s.median, 1),
        initP99Ms: round(s.p99, 1),
        initCpuMedianMs: round(summarize(cpu.get(name)!).median, 1),
        spawnToExitMedianMs: round(summarize(wall.get(name)!).median, 1),
        topInputs: topInputs(b.metafile).slice(0, 6),
        meetsSize: b.kb <= SIZE_TARGET_KB,
        meetsInit: s.median <= INIT_TARGET_MS,
      };
    });
    const overall = new Map<string, number>();
    for (const name of names)
      for (const { input, kb } of topInputs(bundles.get(name)!.metafile))
        overall.set(input, (overall.get(input) ?? 0) + kb);

    const variants: VariantColdStart[] = [];
    const sourceMapKB: Record<string, number> = {};
    for (const name of options.probe) {
      const built = functions.find((f) => f.name === name);
      if (built)
        variants.push({
          name,
          variant: 'as-built',
          bundleKB: built.bundleKB,
          initMedianMs: built.initMedianMs,
          initCpuMedianMs: built.initCpuMedianMs,
        });
      for (const p of probes.filter((x) => x.name === name)) {
        variants.push({
          name,
          variant: p.variant,
          bundleKB: p.kb,
          initMedianMs: round(summarize(probeReady.get(p.outfile)!.ready).median, 1),
          initCpuMedianMs: round(summarize(probeReady.get(p.outfile)!.cpu).median, 1),
        });
        if (p.variant === 'with-source-maps')
          sourceMapKB[name] = round((await stat(`${p.outfile}.map`)).size / 1024, 1);
      }
    }

    return {
      runs: options.runs,
      bundling:
        'esbuild bundle, minify, platform node, format esm, target node24, mainFields module,main, ' +
        'createRequire banner, no externals (as CrisisFunction); sourcemap off for size',
      nodeBaselineMs: round(summarize(baseline).median, 1),
      nodeBaselineCpuMs: round(summarize(baselineCpu).median, 1),
      functions,
      missSize: functions.filter((f) => !f.meetsSize).map((f) => f.name),
      missInit: functions.filter((f) => !f.meetsInit).map((f) => f.name),
      topInputsOverall: [...overall.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([input, kb]) => ({ input, kbPerFunction: round(kb / names.length, 1) })),
      variants,
      sourceMapKB,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
