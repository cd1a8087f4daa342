// Measure 5: cold start. Every function of one stage is measured in the bundle CDK builds for it (the app
// made on a bundling App, lib/synth-bundles.ts): a fresh Node process imports each bundle N times, round
// robin, with the env vars the handlers read; time = process start (performance.timeOrigin) → import
// resolved. Each is also re-bundled here with CrisisFunction's options (format, target, main fields, minify,
// source map, externals, banner, alias, the stage's defines), read from infra/constructs/crisis-function.ts,
// for its metafile (what the bytes are) and as a check that the mirror matches CDK's build. A few functions
// are also built as the previous build did (source map + NODE_OPTIONS=--enable-source-maps;
// `import { z } from 'zod'`) and with the AWS SDK left to the Lambda runtime, in the same round robin, so
// each saving and the remaining proposal are measured.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import ts from 'typescript';
import { routes } from '../functions/routes.js';
import { channelDefines, EVERY_CHANNEL, type BundledChannels } from '../infra/constructs/bundled-channels.js';
import { progress, round, summarize } from './lib/stats.js';
import type { SynthesizedBundles } from './lib/synth-bundles.js';

export interface ColdStartOptions {
  runs: number;
  /**
   * Functions also built each probe way (VARIANTS): the previous build's source-map settings, the previous
   * zod import, and the AWS SDK left to the Lambda runtime.
   */
  probe: string[];
}

export type Variant = 'as-built' | 'with-source-maps' | 'zod-named-import' | 'runtime-sdk' | 'every-channel';

/** What each variant builds; the label goes into the report as it stands. */
export const VARIANTS: Record<Variant, string> = {
  'as-built': 'as CrisisFunction builds it now',
  'with-source-maps':
    'as built, plus the previous build settings: source map emitted and NODE_OPTIONS=--enable-source-maps',
  'zod-named-import': "as built, but with the previous zod import: `import { z } from 'zod'`",
  'runtime-sdk': "as built, but with the AWS SDK v3 left external (the Lambda runtime's copy)",
  'every-channel':
    "as built, but with every channel's client, as before bundles followed the stage (Connect, End User Messaging voice, push)",
};

export interface VariantColdStart {
  name: string;
  variant: Variant;
  label: string;
  bundleKB: number;
  initMedianMs: number;
  initCpuMedianMs: number;
  /** NODE_OPTIONS the processes ran with ('' for none). */
  nodeOptions: string;
}

export interface FunctionColdStart {
  name: string;
  /** The bundle CDK built. */
  bundleKB: number;
  /** The same function re-bundled with the options read from the construct (its metafile is topInputs). */
  mirrorKB: number;
  /** Process start → handler module imported and initialised, ms (median of runs). */
  initMedianMs: number;
  initP99Ms: number;
  /** CPU time (user + system) the process used until then, ms (median): less hit by a busy machine. */
  initCpuMedianMs: number;
  /** Init less the empty module's init of the same round, ms (median over rounds). */
  overBareMedianMs: number;
  /** Parent's view: spawn → exit, ms (median), for reference. */
  spawnToExitMedianMs: number;
  topInputs: Array<{ input: string; kb: number }>;
  meetsSize: boolean;
  meetsInit: boolean;
}

/** CrisisFunction's NodejsFunction bundling props and NODE_OPTIONS, as read from its source. */
export interface CrisisBundling {
  source: string;
  format: 'esm' | 'cjs';
  target: string;
  mainFields: string[];
  minify: boolean;
  sourceMap: boolean;
  sourcesContent: boolean;
  /** Undefined in the construct means CDK's default for Node 18+: `@aws-sdk/*` left external. */
  externalModules: string[];
  banner: string;
  /** esbuildArgs' `--alias` entries, `from=to`, as esbuild's alias option (paths from the repo root). */
  alias: Record<string, string>;
  /** `define` is the stage's channel defines (bundled-channels.ts): the mirror takes the stage's channels. */
  stageDefines: boolean;
  /** NODE_OPTIONS in the function environment, '' when the construct sets none. */
  nodeOptions: string;
  /**
   * Options that run around esbuild (commandHooks: shell commands that put files beside the bundle) and so
   * leave the bundle itself alone; set for some functions only. Not mirrored: noted in the report.
   */
  besideTheBundle: string[];
}

/** The functions a first page or an escalation waits on, and their own targets. */
export const HOT_PATH = [
  'authorizer',
  'submit-request',
  'escalate',
  'sms-inbound',
  'ack-page',
  'ack-page-submit',
  'get-request',
];
export const HOT_SIZE_TARGET_KB = 200;
export const HOT_OVER_BARE_TARGET_MS = 60;

/**
 * A lever measured, not built: the hotline's routes in one function (the queue and the status view poll it
 * every 4 s and 1.5 s, which would keep a submit's container warm). The entry imports each route's own
 * index.ts and dispatches on method and resource, so each route's deps are made at init as they are now.
 */
export const MERGED_ROUTES = ['submit-request', 'list-requests', 'get-request'];

export interface MergedColdStart {
  routes: string[];
  bundleKB: number;
  initMedianMs: number;
  overBareMedianMs: number;
}

export interface ColdStartResult {
  runs: number;
  /** The stage whose bundles were measured, and what its bundles carry. */
  stage?: string;
  channels?: BundledChannels;
  /** How long CDK took to build every bundle of the stage, s. */
  cdkBuildSeconds?: number;
  bundling: string;
  crisisFunction: CrisisBundling;
  /** An empty module in a fresh process: Node's own start-up, included in every figure. */
  nodeBaselineMs: number;
  nodeBaselineCpuMs: number;
  functions: FunctionColdStart[];
  missSize: string[];
  missInit: string[];
  /** Hot-path functions over HOT_SIZE_TARGET_KB, and over HOT_OVER_BARE_TARGET_MS above bare Node. */
  hotMissSize?: string[];
  hotMissOverBare?: string[];
  /** Functions whose mirror differs from CDK's bundle by more than 1 KB (the metafile would mislead). */
  mirrorDrift?: string[];
  /** Largest contributors across all bundles (KB summed over functions / number of functions). */
  topInputsOverall: Array<{ input: string; kbPerFunction: number }>;
  /** The probed functions built each way, measured in the same round robin. */
  variants: VariantColdStart[];
  /** MERGED_ROUTES bundled as one function, in the same round robin. */
  merged?: MergedColdStart;
  /** Size of the map the with-source-maps variant emits next to the bundle (the previous build shipped it). */
  sourceMapKB: Record<string, number>;
  /** Source files the zod-named-import variant rewrote back to `import { z } from 'zod'`, per probed function. */
  zodImportsRewritten: Record<string, number>;
  /** functions/<name>/index.ts entries this stage builds no function for: not measured. */
  notMeasured: string[];
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONSTRUCT = 'infra/constructs/crisis-function.ts';
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

type Literal = string | boolean | string[];

/** A literal the construct can spell: 'x', `x`, true/false, ['a', 'b'], OutputFormat.ESM (→ 'esm'). */
function literal(node: ts.Expression): Literal | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isPropertyAccessExpression(node) && node.expression.getText() === 'OutputFormat')
    return node.name.text.toLowerCase();
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((e) => literal(e));
    if (items.every((i): i is string => typeof i === 'string')) return items;
  }
  return undefined;
}

/** The one non-literal option the mirror follows: the stage's channels as esbuild defines. */
const STAGE_DEFINES = 'channelDefines(bundledChannelsOf(scope))';

/** Bundling options that run around esbuild and put files beside the bundle without changing it. */
const BESIDE_THE_BUNDLE = ['commandHooks'];

const propertyName = (p: ts.ObjectLiteralElementLike) =>
  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;

/**
 * Reads CrisisFunction's `bundling: { ... }` and any NODE_OPTIONS it sets from the construct's source, so
 * the as-built variant cannot drift from what is deployed. An option this harness does not mirror, or one
 * it cannot read as a literal, stops the measure rather than being silently ignored.
 */
export async function readCrisisBundling(): Promise<CrisisBundling> {
  return parseCrisisBundling(await readFile(join(REPO_ROOT, CONSTRUCT), 'utf8'));
}

export function parseCrisisBundling(text: string): CrisisBundling {
  const file = ts.createSourceFile(CONSTRUCT, text, ts.ScriptTarget.Latest, true);
  let bundling: ts.ObjectLiteralExpression | undefined;
  let nodeOptions: string | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node);
      if (name === 'bundling' && ts.isObjectLiteralExpression(node.initializer)) bundling = node.initializer;
      if (name === 'NODE_OPTIONS') {
        const value = literal(node.initializer);
        if (typeof value !== 'string') throw new Error(`${CONSTRUCT}: NODE_OPTIONS is not a string literal`);
        nodeOptions = value;
      }
    } else if ((ts.isStringLiteral(node) || ts.isIdentifier(node)) && node.text === 'NODE_OPTIONS') {
      // Set some other way (addEnvironment('NODE_OPTIONS', ...), a computed key): not something we can mirror.
      const parent = node.parent;
      if (!(ts.isPropertyAssignment(parent) && parent.name === node))
        throw new Error(`${CONSTRUCT} sets NODE_OPTIONS in a way bench/cold-start.ts cannot read`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!bundling) throw new Error(`${CONSTRUCT}: no \`bundling: { ... }\` object literal found`);
  const values: Record<string, Literal> = {};
  const besideTheBundle: string[] = [];
  const aliases: string[] = [];
  let stageDefines = false;
  for (const p of bundling.properties) {
    if (ts.isSpreadAssignment(p)) {
      // `...(props.x ? { commandHooks: ... } : {})`: only options that leave the bundle alone may hide here.
      const keys: string[] = [];
      const collect = (node: ts.Node): void => {
        if (ts.isObjectLiteralExpression(node))
          for (const q of node.properties) keys.push(propertyName(q) ?? q.getText().slice(0, 40));
        else if (ts.isParenthesizedExpression(node)) collect(node.expression);
        else if (ts.isConditionalExpression(node)) {
          collect(node.whenTrue);
          collect(node.whenFalse);
        } else keys.push(node.getText().slice(0, 60));
      };
      collect(p.expression);
      const other = keys.filter((k) => !BESIDE_THE_BUNDLE.includes(k));
      if (other.length)
        throw new Error(
          `${CONSTRUCT}: bundling spreads ${other.join(', ')}, which bench/cold-start.ts does not mirror`,
        );
      besideTheBundle.push(...keys);
      continue;
    }
    const name = propertyName(p);
    if (name && BESIDE_THE_BUNDLE.includes(name)) {
      besideTheBundle.push(name);
      continue;
    }
    if (name === 'define' && ts.isPropertyAssignment(p)) {
      if (p.initializer.getText() !== STAGE_DEFINES)
        throw new Error(
          `${CONSTRUCT}: define ${p.initializer.getText().slice(0, 60)} is not mirrored by bench/cold-start.ts`,
        );
      stageDefines = true;
      continue;
    }
    if (name === 'esbuildArgs' && ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.initializer)) {
      for (const arg of p.initializer.properties) {
        const value = ts.isPropertyAssignment(arg) ? literal(arg.initializer) : undefined;
        if (propertyName(arg) !== '--alias' || !Array.isArray(value))
          throw new Error(
            `${CONSTRUCT}: esbuildArgs ${arg.getText().slice(0, 60)} is not mirrored by bench/cold-start.ts`,
          );
        aliases.push(...value);
      }
      continue;
    }
    const value = ts.isPropertyAssignment(p) ? literal(p.initializer) : undefined;
    if (!name || value === undefined)
      throw new Error(`${CONSTRUCT}: bundling option ${p.getText().slice(0, 60)} is not a literal`);
    values[name] = value;
  }
  const known = [
    'format',
    'target',
    'mainFields',
    'minify',
    'sourceMap',
    'sourcesContent',
    'externalModules',
    'banner',
  ];
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length)
    throw new Error(
      `${CONSTRUCT} sets bundling ${unknown.join(', ')}, which bench/cold-start.ts does not mirror`,
    );
  const str = (k: string, fallback: string) => (typeof values[k] === 'string' ? values[k] : fallback);
  const bool = (k: string, fallback: boolean) => (typeof values[k] === 'boolean' ? values[k] : fallback);
  const list = (k: string, fallback: string[]) => (Array.isArray(values[k]) ? values[k] : fallback);
  const format = str('format', 'cjs');
  if (format !== 'esm' && format !== 'cjs')
    throw new Error(`${CONSTRUCT}: unknown bundling format ${format}`);
  if (typeof values.target !== 'string') throw new Error(`${CONSTRUCT}: bundling target not set`);
  return {
    source: CONSTRUCT,
    format,
    target: values.target,
    // CDK's defaults where the construct leaves an option out (aws-lambda-nodejs BundlingOptions).
    mainFields: list('mainFields', []),
    minify: bool('minify', false),
    sourceMap: bool('sourceMap', false),
    sourcesContent: bool('sourcesContent', true),
    externalModules: list('externalModules', ['@aws-sdk/*']),
    banner: str('banner', ''),
    alias: Object.fromEntries(
      aliases.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    ),
    stageDefines,
    nodeOptions: nodeOptions ?? '',
    besideTheBundle: [...new Set(besideTheBundle)],
  };
}

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
  const output = Object.entries(metafile.outputs).find(([path]) => !path.endsWith('.map'))?.[1];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  return [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([input, bytes]) => ({ input, kb: round(bytes / 1024, 1) }));
}

// The previous zod import, put back at bundle time instead of in the source: `import { z } from 'zod'` binds
// the whole namespace object (every locale, JSON-schema conversion), so nothing can be tree-shaken; the
// source now writes `import * as z from 'zod'` and esbuild keeps only the members the code uses.
function zodNamedImport(rewritten: { files: number }): Plugin {
  return {
    name: 'zod-named-import',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const contents = source.replace(/import \* as z from 'zod';/g, "import { z } from 'zod';");
        if (contents === source) return undefined;
        rewritten.files++;
        return { contents, loader: 'ts' };
      });
    },
  };
}

const RUNTIME_SDK = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'];

/**
 * esbuild's options as CrisisFunction's bundling sets them (read by readCrisisBundling), for a stage with
 * these defines; entry, output and externals are the caller's. The mirror and the bundle tests share it.
 */
export function crisisBuildOptions(cfg: CrisisBundling, define: Record<string, string>): BuildOptions {
  const options: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: cfg.format,
    target: cfg.target,
    minify: cfg.minify,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
  };
  if (cfg.mainFields.length) options.mainFields = cfg.mainFields;
  if (cfg.banner) options.banner = { js: cfg.banner };
  if (Object.keys(cfg.alias).length) options.alias = cfg.alias;
  if (cfg.stageDefines) options.define = define;
  return options;
}

async function bundle(
  outDir: string,
  cfg: CrisisBundling,
  define: Record<string, string>,
  name: string,
  variant: Variant = 'as-built',
  entry = join(REPO_ROOT, 'functions', name, 'index.ts'),
) {
  const outfile = join(outDir, `${name}--${variant}`, cfg.format === 'esm' ? 'index.mjs' : 'index.js');
  const rewritten = { files: 0 };
  const sourceMap = variant === 'with-source-maps' ? true : cfg.sourceMap;
  const options: BuildOptions = {
    ...crisisBuildOptions(cfg, variant === 'every-channel' ? channelDefines(EVERY_CHANNEL) : define),
    entryPoints: [entry],
    outfile,
    sourcemap: sourceMap,
    // The previous build set sourcesContent: false next to sourceMap: true.
    sourcesContent: variant === 'with-source-maps' ? false : cfg.sourcesContent,
    metafile: true,
    plugins: variant === 'zod-named-import' ? [zodNamedImport(rewritten)] : [],
    // The nodejs24.x runtime ships AWS SDK v3; left external, the bundle imports the runtime's copy.
    external:
      variant === 'runtime-sdk'
        ? [...new Set([...cfg.externalModules, ...RUNTIME_SDK])]
        : cfg.externalModules,
  };
  const result = await build(options);
  return {
    outfile,
    metafile: result.metafile!,
    kb: round((await stat(outfile)).size / 1024, 1),
    zodImportsRewritten: rewritten.files,
  };
}

/** NODE_OPTIONS a variant runs with: the construct's own, or the previous build's for with-source-maps. */
function nodeOptionsOf(cfg: CrisisBundling, variant: Variant): string {
  if (variant !== 'with-source-maps') return cfg.nodeOptions;
  return cfg.nodeOptions.includes('--enable-source-maps')
    ? cfg.nodeOptions
    : `${cfg.nodeOptions} --enable-source-maps`.trim();
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

function coldStart(url: string, nodeOptions = ''): Promise<{ ready: number; cpu: number; wall: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: {
        PATH: process.env.PATH ?? '',
        ...FUNCTION_ENV,
        ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
        BENCH_BUNDLE_URL: url,
      },
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

function describeBundling(cfg: CrisisBundling): string {
  return [
    `esbuild bundle, platform node, format ${cfg.format}, target ${cfg.target}`,
    cfg.minify ? 'minify' : 'no minify',
    cfg.mainFields.length ? `mainFields ${cfg.mainFields.join(',')}` : 'default mainFields',
    cfg.banner ? 'createRequire banner' : 'no banner',
    cfg.externalModules.length
      ? `externals ${cfg.externalModules.join(', ')}`
      : 'no externals (AWS SDK bundled)',
    cfg.sourceMap ? 'sourcemap on' : 'sourcemap off',
    ...Object.entries(cfg.alias).map(([from, to]) => `alias ${from} → ${to}`),
    ...(cfg.stageDefines ? ["define: the stage's channels (bundled-channels.ts)"] : []),
    cfg.nodeOptions ? `NODE_OPTIONS=${cfg.nodeOptions}` : 'no NODE_OPTIONS',
    ...(cfg.besideTheBundle.length
      ? [`${cfg.besideTheBundle.join(', ')} not run (they add files beside some bundles, not to them)`]
      : []),
  ].join(', ');
}

/** Measures the bundles CDK built for one stage (synthesizeBundles; the caller disposes of them). */
export async function measureColdStart(
  options: ColdStartOptions,
  built: SynthesizedBundles,
): Promise<ColdStartResult> {
  const cfg = await readCrisisBundling();
  const names = [...built.files.keys()];
  const define = channelDefines(built.channels);
  const notMeasured = (await readdir(join(REPO_ROOT, 'functions'), { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !names.includes(d.name))
    .filter((d) => existsSync(join(REPO_ROOT, 'functions', d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
  // Mirrors and variants go to a temp dir (never into the repo, where lint would find them); a node_modules
  // link there lets the runtime-SDK variant resolve the SDK as the Lambda runtime would provide it.
  const outDir = await mkdtemp(join(tmpdir(), 'crisis-bench-bundles-'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  try {
    progress(`cold start: mirroring ${names.length} bundles with esbuild (${describeBundling(cfg)})`);
    const mirrors = new Map<string, { metafile: Metafile; kb: number }>();
    for (const name of names) mirrors.set(name, await bundle(outDir, cfg, define, name));
    const cdkKB = new Map<string, number>();
    for (const [name, file] of built.files) cdkKB.set(name, round((await stat(file)).size / 1024, 1));
    const probeVariants: Variant[] = ['with-source-maps', 'zod-named-import', 'runtime-sdk', 'every-channel'];
    const probes: Array<{
      name: string;
      variant: Variant;
      outfile: string;
      kb: number;
      zodImportsRewritten: number;
    }> = [];
    for (const name of options.probe)
      for (const variant of probeVariants)
        probes.push({ name, variant, ...(await bundle(outDir, cfg, define, name, variant)) });

    const merged = await bundle(
      outDir,
      cfg,
      define,
      'merged-hotline-routes',
      'as-built',
      await mergedEntry(outDir),
    );

    progress(`cold start: ${options.runs} fresh processes per bundle, round robin`);
    const mergedReady: number[] = [];
    const mergedOverBare: number[] = [];
    const baseline: number[] = [];
    const baselineCpu: number[] = [];
    const ready = new Map<string, number[]>(names.map((n) => [n, []]));
    const overBare = new Map<string, number[]>(names.map((n) => [n, []]));
    const wall = new Map<string, number[]>(names.map((n) => [n, []]));
    const cpu = new Map<string, number[]>(names.map((n) => [n, []]));
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
        const r = await coldStart(pathToFileURL(built.files.get(name)!).href, cfg.nodeOptions);
        ready.get(name)!.push(r.ready);
        overBare.get(name)!.push(r.ready - empty.ready);
        wall.get(name)!.push(r.wall);
        cpu.get(name)!.push(r.cpu);
      }
      const m = await coldStart(pathToFileURL(merged.outfile).href, cfg.nodeOptions);
      mergedReady.push(m.ready);
      mergedOverBare.push(m.ready - empty.ready);
      for (const p of probes) {
        const r = await coldStart(pathToFileURL(p.outfile).href, nodeOptionsOf(cfg, p.variant));
        probeReady.get(p.outfile)!.ready.push(r.ready);
        probeReady.get(p.outfile)!.cpu.push(r.cpu);
      }
    }

    const functions: FunctionColdStart[] = names.map((name) => {
      const kb = cdkKB.get(name)!;
      const s = summarize(ready.get(name)!);
      return {
        name,
        bundleKB: kb,
        mirrorKB: mirrors.get(name)!.kb,
        initMedianMs: round(s.median, 1),
        initP99Ms: round(s.p99, 1),
        initCpuMedianMs: round(summarize(cpu.get(name)!).median, 1),
        overBareMedianMs: round(summarize(overBare.get(name)!).median, 1),
        spawnToExitMedianMs: round(summarize(wall.get(name)!).median, 1),
        topInputs: topInputs(mirrors.get(name)!.metafile).slice(0, 6),
        meetsSize: kb <= SIZE_TARGET_KB,
        meetsInit: s.median <= INIT_TARGET_MS,
      };
    });
    const overall = new Map<string, number>();
    for (const name of names)
      for (const { input, kb } of topInputs(mirrors.get(name)!.metafile))
        overall.set(input, (overall.get(input) ?? 0) + kb);
    const hot = functions.filter((f) => HOT_PATH.includes(f.name));

    const variants: VariantColdStart[] = [];
    const sourceMapKB: Record<string, number> = {};
    const zodImportsRewritten: Record<string, number> = {};
    for (const name of options.probe) {
      const asBuilt = functions.find((f) => f.name === name);
      if (asBuilt)
        variants.push({
          name,
          variant: 'as-built',
          label: VARIANTS['as-built'],
          bundleKB: asBuilt.bundleKB,
          initMedianMs: asBuilt.initMedianMs,
          initCpuMedianMs: asBuilt.initCpuMedianMs,
          nodeOptions: cfg.nodeOptions,
        });
      for (const p of probes.filter((x) => x.name === name)) {
        variants.push({
          name,
          variant: p.variant,
          label: VARIANTS[p.variant],
          bundleKB: p.kb,
          initMedianMs: round(summarize(probeReady.get(p.outfile)!.ready).median, 1),
          initCpuMedianMs: round(summarize(probeReady.get(p.outfile)!.cpu).median, 1),
          nodeOptions: nodeOptionsOf(cfg, p.variant),
        });
        if (p.variant === 'with-source-maps')
          sourceMapKB[name] = round((await stat(`${p.outfile}.map`)).size / 1024, 1);
        if (p.variant === 'zod-named-import') zodImportsRewritten[name] = p.zodImportsRewritten;
      }
    }

    return {
      runs: options.runs,
      stage: built.stage,
      channels: built.channels,
      cdkBuildSeconds: round(built.buildMs / 1000, 1),
      bundling: `CDK's own build of the ${built.stage} stage (its config's channels: ${describeChannels(built.channels)}); mirrored for the metafile by ${describeBundling(cfg)} (as CrisisFunction, read from ${cfg.source})`,
      crisisFunction: cfg,
      nodeBaselineMs: round(summarize(baseline).median, 1),
      nodeBaselineCpuMs: round(summarize(baselineCpu).median, 1),
      functions,
      missSize: functions.filter((f) => !f.meetsSize).map((f) => f.name),
      missInit: functions.filter((f) => !f.meetsInit).map((f) => f.name),
      hotMissSize: hot.filter((f) => f.bundleKB > HOT_SIZE_TARGET_KB).map((f) => f.name),
      hotMissOverBare: hot.filter((f) => f.overBareMedianMs > HOT_OVER_BARE_TARGET_MS).map((f) => f.name),
      mirrorDrift: functions.filter((f) => Math.abs(f.bundleKB - f.mirrorKB) > 1).map((f) => f.name),
      topInputsOverall: [...overall.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([input, kb]) => ({ input, kbPerFunction: round(kb / names.length, 1) })),
      variants,
      merged: {
        routes: MERGED_ROUTES,
        bundleKB: merged.kb,
        initMedianMs: round(summarize(mergedReady).median, 1),
        overBareMedianMs: round(summarize(mergedOverBare).median, 1),
      },
      sourceMapKB,
      zodImportsRewritten,
      notMeasured,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The merged function's entry: each route's handler, chosen by `METHOD /resource` as API Gateway sends it. */
async function mergedEntry(outDir: string): Promise<string> {
  const picked = MERGED_ROUTES.map((name) => {
    const route = routes.find((r) => r.name === name);
    if (!route) throw new Error(`no route ${name} in functions/routes.ts`);
    return route;
  });
  const lines = [
    ...picked.map(
      (r, i) =>
        `import { handler as h${i} } from ${JSON.stringify(join(REPO_ROOT, 'functions', r.name, 'index.ts'))};`,
    ),
    `const byRoute = { ${picked.map((r, i) => `${JSON.stringify(`${r.method} ${r.path}`)}: h${i}`).join(', ')} };`,
    'export const handler = (event, context) => byRoute[`${event.httpMethod} ${event.resource}`](event, context);',
  ];
  const entry = join(outDir, 'merged-hotline-routes.ts');
  await writeFile(entry, `${lines.join('\n')}\n`);
  return entry;
}

/** The channels a stage's bundles leave out, in words (the report's and the notes' one list). */
export function channelsLeftOut(c: BundledChannels): string[] {
  return [!c.connect && 'Connect', !c.smsVoice && 'End User Messaging voice', !c.push && 'push'].filter(
    (x): x is string => Boolean(x),
  );
}

function describeChannels(c: BundledChannels): string {
  const on = [c.connect && 'Connect calls', c.smsVoice && 'End User Messaging calls', c.push && 'push'];
  return `SMS, email${on
    .filter(Boolean)
    .map((x) => `, ${x}`)
    .join('')}; left out: ${channelsLeftOut(c).join(', ') || 'nothing'}`;
}
