// Builds the real app (both stacks + cdk-nag) for a stage, without esbuild: the templates are what
// `cdk synth` writes, only the asset hashes differ. app.synth() runs the nag plugins and throws on
// an unacknowledged error finding (jest sets NODE_ENV=test, so CDK reports in memory).
import { fileURLToPath } from 'node:url';
import { App, NestedStack, Names, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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

/**
 * A stack's template with its nested stacks' resources, parameters and outputs merged in: the stateless
 * stack keeps the configuration routes' functions and the alarms in nested stacks (CloudFormation's
 * 500-resource limit), and the tests ask about all of them at once. Logical ids hash construct paths, so
 * they never collide; a collision would fail here.
 */
export function templateWithNested(stack: Stack): Template {
  // A copy: Template.fromStack hands out the template it keeps for the stack.
  const merged = structuredClone(Template.fromStack(stack).toJSON()) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  const nestedStacks = stack.node
    .findAll()
    .filter((c): c is NestedStack => c instanceof NestedStack && c.nestedStackParent === stack);
  for (const nested of nestedStacks) {
    const part = templateWithNested(nested).toJSON() as Record<string, Record<string, unknown> | undefined>;
    for (const section of ['Resources', 'Parameters', 'Outputs', 'Conditions']) {
      for (const [id, value] of Object.entries(part[section] ?? {})) {
        const into = (merged[section] ??= {});
        if (id in into)
          throw new Error(`${section} ${id} is in both ${stack.node.path} and ${nested.node.path}`);
        into[id] = value;
      }
    }
  }
  return Template.fromJSON(merged, { skipCyclicalDependenciesCheck: true });
}

/** The logical id of a construct's resource in whichever stack (nested or not) it sits in. */
export const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string => {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(resource).getLogicalId(resource);
};

/**
 * Whether a template fragment refers to a construct's resource: by logical id within its own stack, or,
 * from another (nested) stack, by the parameter or output CDK names after the resource's unique id.
 */
export function refersTo(fragment: unknown, construct: { node: { defaultChild?: unknown } }): boolean {
  const json = JSON.stringify(fragment);
  const resource = construct.node.defaultChild as CfnElement;
  return json.includes(`"${logicalIdOf(construct)}"`) || json.includes(Names.uniqueId(resource));
}
