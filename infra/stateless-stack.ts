import { CfnOutput, NestedStack, Stack, type RemovalPolicy, type StackProps } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { routes as allRoutes, type RouteDefinition } from '../functions/routes.js';
import { ENV } from '../shared/config/env-names.js';
import { CrisisAlarms } from './constructs/alarms.js';
import type { CrisisFunction, FunctionLogs } from './constructs/crisis-function.js';
import { CrisisDashboard } from './constructs/dashboard.js';
import { HttpApi } from './constructs/http-api.js';
import type { PagingResources } from './constructs/paging-resources.js';
import { Triggers } from './constructs/triggers.js';
import { addWebInterface } from './constructs/web-interface.js';
import { bundleChannels, channelsOfStage } from './constructs/bundled-channels.js';
import { VoiceCalls } from './constructs/voice-calls.js';
import type { VoiceConfig } from './voice-config.js';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly table: ITable;
  /** Timer queue, page and SMS-reply topics, alarm topic (the stateful stack's). */
  readonly paging: PagingResources;
  /** Customer-managed key for every log group of this stack (the stateful stack's key). */
  readonly logKey: IKey;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** Powertools log level of every function. */
  readonly logLevel: string;
  /** Base of the links in pages (a custom domain); defaults to the stage's execute-api URL. */
  readonly publicBaseUrl?: string;
  /** The number SMS pages are sent from (two-way SMS replies come back to it). */
  readonly smsOriginationNumber?: string;
  /** The account's SMS monthly spend limit and the share of it that alarms. */
  readonly smsSpend: { readonly limitUsd: number; readonly alarmPercent: number };
  /** Browser origins allowed to call the API (CORS); none by default. */
  readonly allowedOrigins?: readonly string[];
  /** Reserved concurrency per function folder name, with a default; none reserved when absent. */
  readonly reservedConcurrency?: { readonly default: number; readonly functions: Record<string, number> };
  /** Provisioned concurrency by function folder name (config `provisionedConcurrency`); none when absent. */
  readonly provisionedConcurrency?: Readonly<Record<string, number>>;
  readonly wafRateLimitPer5Minutes: number;
  /** Voice pages' calls (Connect or End User Messaging); none when absent. */
  readonly voice?: VoiceConfig;
  /** Push pages: the VAPID keys' secret (the stateful stack's) and subject (default: the stage's address). */
  readonly push?: { readonly secret: ISecret; readonly subject?: string };
  /** The HTTP routes; defaults to functions/routes.ts. */
  readonly routes?: readonly RouteDefinition[];
}

/** The API and its functions: replaceable at any deploy, holds no data. */
export class StatelessStack extends Stack {
  readonly api: RestApi;
  /** By folder under functions/: every route's function plus `authorizer`, `web` and the triggers. */
  readonly functions = new Map<string, CrisisFunction>();
  /**
   * The alarms and the dashboard, in a nested stack of their own: two alarms per function would take this
   * stack past CloudFormation's 500 resources; their references to the functions become its parameters.
   */
  readonly monitoring: NestedStack;
  /**
   * The functions of the configuration routes (clinic, keys, people, services, overrides, contact methods,
   * feeds), each with its role, policy and log group, in a nested stack: five resources a function would
   * otherwise take this stack past CloudFormation's 500. Their methods stay on the API here; the request
   * path (submit, status, acknowledgements, pages, on-call) stays in this stack.
   */
  readonly clinicAdmin: NestedStack;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    bundleChannels(this, channelsOfStage(props.voice, props.push !== undefined));
    const logs = functionLogs(props);
    const reserved = reservedConcurrency(props);
    const provisioned = (name: string) => props.provisionedConcurrency?.[name];

    const http = new HttpApi(this, {
      stage: props.stage,
      table: props.table,
      logs,
      allowedOrigins: props.allowedOrigins ?? [],
      wafRateLimitPer5Minutes: props.wafRateLimitPer5Minutes,
      reservedConcurrency: reserved,
      provisionedConcurrency: provisioned,
    });
    this.api = http.api;
    const publicBaseUrl = props.publicBaseUrl ?? http.stageUrl;
    const voice = props.voice
      ? new VoiceCalls(this, 'VoiceCalls', { stage: props.stage, voice: props.voice, key: props.logKey })
      : undefined;
    const pushKeys = props.push && {
      secret: props.push.secret,
      subject: props.push.subject ?? publicBaseUrl,
    };
    const paging = {
      targets: {
        timerQueue: props.paging.timerQueue,
        emailTopic: props.paging.emailTopic,
        key: props.logKey,
        ...(voice && { voice: voice.targets }),
        ...(pushKeys && { pushKeys }),
      },
      environment: pagingEnvironment(publicBaseUrl, props.smsOriginationNumber),
    };
    const triggers = new Triggers(this, 'Triggers', {
      table: props.table,
      paging: props.paging,
      logs,
      environment: paging.environment,
      reservedConcurrency: reserved,
      provisionedConcurrency: provisioned,
      ...(voice && { voice }),
      ...(pushKeys && { pushKeys }),
    });
    this.clinicAdmin = new NestedStack(this, 'ClinicAdmin', {
      description: `crisis-router ${props.stage}: the configuration routes' functions`,
    });
    http.addRoutes(props.routes ?? allRoutes, {
      publicBaseUrl,
      paging,
      functionScope: (route) => (isConfigurationRoute(route) ? this.clinicAdmin : this),
    });
    const web = addWebInterface(this, http, { logs, reservedConcurrentExecutions: reserved('web') });

    for (const [name, fn] of http.functions) this.functions.set(name, fn);
    this.functions.set('web', web);
    for (const fn of [
      triggers.escalate,
      triggers.sweeper,
      triggers.rotaCheck,
      triggers.smsInbound,
      ...triggers.voiceFunctions,
    ])
      this.functions.set(fn.node.id, fn);

    this.monitoring = new NestedStack(this, 'Monitoring', {
      description: `crisis-router ${props.stage}: alarms and dashboard`,
    });
    const alarms = new CrisisAlarms(this.monitoring, 'Alarms', {
      stage: props.stage,
      alarmTopic: props.paging.alarmTopic,
      timerDeadLetters: props.paging.timerDeadLetters,
      asyncDeadLetters: triggers.asyncDeadLetters,
      functions: this.functions,
      sweeper: triggers.sweeper,
      apiStage: this.api.deploymentStage,
      smsSpend: props.smsSpend,
    });
    const dashboard = new CrisisDashboard(this.monitoring, 'Dashboard', {
      stage: props.stage,
      alarms: alarms.alarms,
      functions: this.functions,
      apiStage: this.api.deploymentStage,
      timerQueue: props.paging.timerQueue,
      timerDeadLetters: props.paging.timerDeadLetters,
      asyncDeadLetters: triggers.asyncDeadLetters,
      webAclName: http.firewall.name,
      smsSpend: props.smsSpend,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'WebUrl', { value: `${publicBaseUrl}/` });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
  }
}

/** A route that changes or reads a clinic's set-up, never a request: nothing on the path of a page. */
export function isConfigurationRoute(route: RouteDefinition): boolean {
  const requestPath = /\/(requests|oncall|shifts)(\/|$)/.test(route.path);
  // A cover offer's page changes the rota, never a crisis request: configuration, though it has no key.
  if (route.auth === 'none') return route.path.startsWith('/cover/');
  return route.auth === 'key' && !route.pages && !requestPath && route.path.startsWith('/v1/clinics/');
}

function functionLogs(props: StatelessStackProps): FunctionLogs {
  return {
    key: props.logKey,
    retention: props.logRetention,
    removalPolicy: props.logRemovalPolicy,
    level: props.logLevel,
  };
}

/** Reserved concurrency of a function by folder name: its own, else the default; none without a config. */
function reservedConcurrency(props: StatelessStackProps): (name: string) => number | undefined {
  const config = props.reservedConcurrency;
  return (name) => (config ? (config.functions[name] ?? config.default) : undefined);
}

/** Every function that may page: where links point, which number SMS come from. */
function pagingEnvironment(publicBaseUrl: string, smsOriginationNumber?: string): Record<string, string> {
  return {
    [ENV.publicBaseUrl]: publicBaseUrl,
    ...(smsOriginationNumber ? { [ENV.smsOriginationNumber]: smsOriginationNumber } : {}),
  };
}
