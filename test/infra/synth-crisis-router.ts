// Builds the real app (both stacks + cdk-nag) for a stage, without esbuild: the templates are what
// `cdk synth` writes, only the asset hashes differ. app.synth() runs the nag plugins and throws on
// an unacknowledged error finding (jest sets NODE_ENV=test, so CDK reports in memory).
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { loadDeploymentConfig, type DeploymentConfig } from '../../infra/config.js';
import { addCrisisRouter } from '../../infra/crisis-router-app.js';

/**
 * config/prod.json ships placeholders that production refuses; the tests synthesize this copy, whose only
 * differences are stand-ins that are not reserved examples and reach no one (+1 555 000-0000: exchange 000
 * is no NANP exchange). config.test.ts checks the copy has not drifted from the shipped file.
 */
export const PROD_TEST_CONFIG = fileURLToPath(new URL('config/prod.json', import.meta.url));

/** The config the tests use for `stage`: config/dev.json, or the prod test copy above. */
export function testConfig(stage: string): DeploymentConfig {
  return loadDeploymentConfig(stage, stage === 'prod' ? { file: PROD_TEST_CONFIG } : {});
}

/** The stage's test config (above), with `overrides` on top for a test's variant. */
export function synthCrisisRouter(stage = 'dev', overrides: Partial<DeploymentConfig> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = { ...testConfig(stage), ...overrides };
  const stacks = addCrisisRouter(app, config);
  const assembly = app.synth();
  return { app, assembly, config, ...stacks };
}

/** Every `Validations.of(x).acknowledge()` in the tree: rule id, reason, construct path. */
export function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );
}
