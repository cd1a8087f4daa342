// The Lambda bundles exactly as `cdk synth` builds them: the app of one stage (config/<stage>.json) on an App
// that bundles, into a temp cloud assembly. CDK runs esbuild for every CrisisFunction while the constructs are
// made (the asset staging), so no synth of templates is needed to have the bundles; each function's asset
// directory is then found through its Code asset. The cold-start measures import these files.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AssetStaging } from 'aws-cdk-lib';
import { loadDeploymentConfig } from '../../infra/config.js';
import { bundledChannelsOf, type BundledChannels } from '../../infra/constructs/bundled-channels.js';
import { addCrisisRouter } from '../../infra/crisis-router-app.js';

export interface SynthesizedBundles {
  stage: string;
  /** Function folder name → the synthesized index.mjs. */
  files: Map<string, string>;
  /** The channels this stage's bundles carry (bundled-channels.ts). */
  channels: BundledChannels;
  /** Wall time CDK took to build them all, ms. */
  buildMs: number;
  dispose: () => Promise<void>;
}

export async function synthesizeBundles(stage = 'dev'): Promise<SynthesizedBundles> {
  const outdir = await mkdtemp(join(tmpdir(), 'crisis-bench-cdk-out-'));
  try {
    const started = performance.now();
    const app = new App({ outdir });
    const { stateless } = addCrisisRouter(app, loadDeploymentConfig(stage, {}));
    const buildMs = performance.now() - started;
    const files = new Map<string, string>();
    for (const [name, fn] of stateless.functions) {
      const staging = fn.node.findAll().find((c): c is AssetStaging => c instanceof AssetStaging);
      if (!staging) throw new Error(`${name}: no asset staging found (was bundling skipped?)`);
      const file = join(staging.absoluteStagedPath, 'index.mjs');
      if (!existsSync(file)) throw new Error(`${name}: CDK built no ${file}`);
      files.set(name, file);
    }
    return {
      stage,
      files,
      channels: bundledChannelsOf(stateless),
      buildMs,
      dispose: () => rm(outdir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(outdir, { recursive: true, force: true });
    throw error;
  }
}
