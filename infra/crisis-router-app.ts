import { RemovalPolicy, Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { DeploymentConfig } from './config.js';
import { pushSubject } from './push-config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface CrisisRouterStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Both stacks of one stage, as its validated config says, plus the cdk-nag packs, on the given App.
 * infra/app.ts calls it for `cdk synth`/`deploy`; the infra tests call it on an App that skips bundling.
 */
export function addCrisisRouter(app: App, config: DeploymentConfig): CrisisRouterStacks {
  const { stage } = config;
  // Env-agnostic unless the config pins both: synth never needs credentials either way.
  const env: Environment | undefined =
    config.account && config.region ? { account: config.account, region: config.region } : undefined;

  // Production keeps its logs when the stack goes; dev cleans up after itself.
  const logRemovalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const stateful = new StatefulStack(app, `CrisisRouter-${stage}-Stateful`, {
    stage,
    env,
    description: `crisis-router ${stage}: data (table, key, queues, topics)`,
    protectData: config.protectData,
    backupDays: config.retention.backupDays,
    alarmEmail: config.alarmEmail,
    sms: config.sms,
    logRetention: config.retention.logDays,
    logRemovalPolicy,
  });
  const stateless = new StatelessStack(app, `CrisisRouter-${stage}-Stateless`, {
    stage,
    env,
    description: `crisis-router ${stage}: API, functions, alarms and dashboard`,
    table: stateful.table,
    paging: stateful.paging,
    logKey: stateful.key,
    // Logs hold ids and codes, never summaries or phone numbers (test/infra/log-redaction.test.ts).
    logRetention: config.retention.logDays,
    logRemovalPolicy,
    logLevel: config.logLevel,
    publicBaseUrl: config.publicBaseUrl,
    // The configured number, or the one the stateful stack requested (a cross-stack reference).
    smsOriginationNumber: stateful.twoWaySms.originationNumber,
    smsSpend: { limitUsd: config.sms.monthlySpendLimitUsd, alarmPercent: config.sms.spendAlarmPercent },
    allowedOrigins: config.cors.allowedOrigins,
    ...(config.voice && { voice: config.voice }),
    ...(config.push.enabled && {
      push: { secret: stateful.pushKeys.secret, subject: pushSubject(config.push, config.alarmEmail) },
    }),
    reservedConcurrency: config.reservedConcurrency,
    ...(config.provisionedConcurrency && { provisionedConcurrency: config.provisionedConcurrency }),
    wafRateLimitPer5Minutes: config.waf.rateLimitPer5Minutes,
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
