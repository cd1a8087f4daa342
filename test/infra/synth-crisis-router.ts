// Builds the real app (both stacks + cdk-nag) for a stage, without esbuild: the templates are what
// `cdk synth` writes, only the asset hashes differ. app.synth() runs the nag plugins and throws on
// an unacknowledged error finding (jest sets NODE_ENV=test, so CDK reports in memory).
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { loadDeploymentConfig, type DeploymentConfig } from '../../infra/config.js';
import { addCrisisRouter } from '../../infra/crisis-router-app.js';

/** The stage's real config file (config/<stage>.json), with `overrides` on top for a test's variant. */
export function synthCrisisRouter(stage = 'dev', overrides: Partial<DeploymentConfig> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = { ...loadDeploymentConfig(stage), ...overrides };
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
