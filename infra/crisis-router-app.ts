import { RemovalPolicy, Validations, type App, type Environment } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface CrisisRouterStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Both stacks of one stage plus the cdk-nag packs, on the given App. infra/app.ts calls it for
 * `cdk synth`/`deploy`; the infra tests call it on an App that skips bundling.
 */
export function addCrisisRouter(app: App, stage: string): CrisisRouterStacks {
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(
      `stage "${stage}" must be lowercase letters, digits and dashes (it names stacks and aliases)`,
    );
  }
  const env = environmentFromContext(app);
  const prod = stage === 'prod';

  const stateful = new StatefulStack(app, `CrisisRouter-${stage}-Stateful`, {
    stage,
    env,
    description: `crisis-router ${stage}: data (table, key)`,
  });
  const stateless = new StatelessStack(app, `CrisisRouter-${stage}-Stateless`, {
    stage,
    env,
    description: `crisis-router ${stage}: API and functions`,
    table: stateful.table,
    paging: stateful.paging,
    logKey: stateful.key,
    // Logs hold ids and codes, never summaries or phone numbers; a year of prod history serves
    // incident reviews, dev keeps a month and is cleaned up with its stack.
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    logRemovalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    publicBaseUrl: optionalContext(app, 'publicBaseUrl'),
  });
  Validations.of(stateless).acknowledge({
    id: 'Annotation::@aws-cdk/core:crossStackReferencesDefaultStrong',
    reason:
      'Strong (export/import) references are what we want: CloudFormation then refuses to drop the table or key exports while the API still uses them.',
  });

  // cdk-nag 3: validation plugins report at synth time; acknowledgements sit next to their constructs.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { stateful, stateless };
}

// Env-agnostic unless both are given (`-c account=… -c region=…`): synth never needs credentials.
function environmentFromContext(app: App): Environment | undefined {
  const account = optionalContext(app, 'account');
  const region = optionalContext(app, 'region');
  return account && region ? { account, region } : undefined;
}

function optionalContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
