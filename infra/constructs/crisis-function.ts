import { fileURLToPath } from 'node:url';
import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
  type AddToPrincipalPolicyResult,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Alias, Architecture, Runtime, Tracing, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { ENV } from '../../shared/config/env-names.js';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { bundledChannelsOf, channelDefines } from './bundled-channels.js';
import type { VoiceTargets } from './voice-calls.js';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

// Only the DynamoDB calls the adapters make (Get/Query, Put/Update/Delete): no batches, no Scan, no
// streams, no transactions (docs/architecture.md: each state change is one conditional write).
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
// What DynamoDB needs of the caller on a customer-managed key: CDK's own table grants, with the
// ReEncrypt*/GenerateDataKey* families spelled out (no wildcard; DynamoDB never asks for key pairs).
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

export type TableAccess = 'read' | 'read-write';

/** What a function that pages needs: where timers go and where email pages go. */
export interface PagingTargets {
  readonly timerQueue: IQueue;
  readonly emailTopic: ITopic;
  readonly key: IKey;
  /** Voice pages' calls, when the stage config sets them up. */
  readonly voice?: VoiceTargets;
  /** Push pages' VAPID keys, when the stage sends push. */
  readonly pushKeys?: PushKeysTargets;
}

/** What a function that sends push (or answers the public key) gets: the key pair's secret and subject. */
export interface PushKeysTargets {
  readonly secret: ISecret;
  /** The VAPID subject: a mailto: or https: URL push services may contact the sender at. */
  readonly subject: string;
}

export interface FunctionLogs {
  /** Customer-managed key for the log group (HIPAA: log groups encrypted with KMS). */
  readonly key: IKey;
  readonly retention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Powertools log level (POWERTOOLS_LOG_LEVEL) of every function. */
  readonly level: string;
}

export interface CrisisFunctionProps {
  /** Folder under functions/ whose index.ts exports `handler`. */
  readonly name: string;
  readonly logs: FunctionLogs;
  readonly description?: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** For asynchronously invoked functions: where events land after Lambda's own retries. */
  readonly deadLetterQueue?: IQueue;
  /** Capacity kept for this function alone, and its ceiling (production config); none when absent. */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Environments kept initialised (stage config `provisionedConcurrency`): served through the `live` alias,
   * so API Gateway and the event sources invoke it, never the bare function; none when absent.
   */
  readonly provisionedConcurrentExecutions?: number;
  /** Why none is reserved even in production (a function only CloudFormation invokes); default: a dev stage. */
  readonly unreservedReason?: string;
  /** A fixed name, for a function another resource must name before it exists (the Connect flow). */
  readonly functionName?: string;
  /** Shell commands run after esbuild, given the bundle's output directory (files shipped beside it). */
  readonly afterBundling?: (outputDir: string) => string[];
}

/**
 * A role whose statements go into one customer-managed policy attached to it alone, instead of
 * CDK's inline default policy (HIPAA.Security-IAMNoInlinePolicy), and with no AWS managed
 * AWSLambdaBasicExecutionRole (its logs:* on every log group is more than one function needs).
 */
class FunctionRole extends Role {
  private readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.policy = new ManagedPolicy(this, 'Policy', { roles: [this] });
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}

/**
 * Every crisis-router Lambda: Node 24 on arm64, X-Ray active, ESM bundle, its own encrypted log
 * group with retention, its own role. Permissions come only from the bind* methods.
 */
export class CrisisFunction extends NodejsFunction {
  /**
   * What callers invoke: the `live` alias with its provisioned concurrency where the stage config keeps
   * some (a cold start then happens at deploy, not on a first page), else the function itself.
   */
  readonly live: IFunction;

  constructor(scope: Construct, id: string, props: CrisisFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      encryptionKey: props.logs.key,
      retention: props.logs.retention,
      removalPolicy: props.logs.removalPolicy,
    });
    const role = new FunctionRole(scope, `${id}Role`);
    super(scope, id, {
      entry: `${FUNCTIONS_DIR}${props.name}/index.ts`,
      handler: 'handler',
      ...(props.functionName && { functionName: props.functionName }),
      description: props.description ?? `crisis-router ${props.name}`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      role,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      environment: {
        [ENV.serviceName]: 'crisis-router',
        [ENV.logLevel]: props.logs.level,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        // No source maps: Node would read the map (≈1 MB) on every cold start (docs/benchmarks.md), and
        // the logs record error names only, never stack traces.
        sourceMap: false,
        // Bundle everything, AWS SDK v3 included: the clients run at the versions in our lock file,
        // the ones the tests ran against, not whatever the runtime image ships that month.
        externalModules: [],
        // The clients' default credential chain, environment only: what Lambda provides (lambda-credentials.ts).
        // Leaves out the SSO, INI, process and web-identity providers and their STS/SSO clients (≈100 KB).
        esbuildArgs: {
          '--alias': ['@aws-sdk/credential-provider-node=./shared/adapters/aws/lambda-credentials.ts'],
        },
        // The voice and push clients only on stages whose config uses them (bundled-channels.ts).
        define: channelDefines(bundledChannelsOf(scope)),
        // CommonJS dependencies inside an ESM bundle still call require().
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        ...(props.afterBundling
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) =>
                  props.afterBundling?.(outputDir) ?? [],
              },
            }
          : {}),
      },
    });
    logGroup.grantWrite(this);
    this.live = props.provisionedConcurrentExecutions
      ? new Alias(this, 'Live', {
          aliasName: 'live',
          version: this.currentVersion,
          provisionedConcurrentExecutions: props.provisionedConcurrentExecutions,
        })
      : this;

    this.acknowledgeWildcards(role, 'nothing');
    Validations.of(this).acknowledge({
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        'The functions reach only AWS APIs (DynamoDB, KMS, SNS, SQS, X-Ray) over TLS with IAM auth and hold no network-reachable resources; a VPC would add NAT/endpoints and cold-start cost without narrowing access.',
    });
    if (props.reservedConcurrentExecutions === undefined) {
      Validations.of(this).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          props.unreservedReason ??
          'Non-production stage: its config reserves no concurrency, so a test account with a small Lambda quota can deploy it; production configs must reserve it for every function (infra/config.ts refuses one that does not).',
      });
    }
  }

  /**
   * Sets TABLE_NAME and grants exactly the data actions of `access` on this one table (and on the
   * named indexes only), plus the matching use of the table's KMS key.
   */
  bindTable(table: ITable, access: TableAccess, options: { indexes?: readonly string[] } = {}): this {
    this.addEnvironment(ENV.tableName, table.tableName);
    const indexArns = (options.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
        resources: [table.tableArn, ...indexArns],
      }),
    );
    table.encryptionKey?.grant(
      this,
      ...(access === 'read' ? KEY_READ_ACTIONS : [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS]),
    );
    return this;
  }

  /**
   * Lets the function page: send timer messages to the one queue, publish email pages to the one
   * topic, publish SMS directly to phone numbers, and use the key those two are encrypted with.
   */
  bindPaging(targets: PagingTargets): this {
    this.addEnvironment(ENV.timerQueueUrl, targets.timerQueue.queueUrl);
    this.addEnvironment(ENV.emailTopicArn, targets.emailTopic.topicArn);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [targets.timerQueue.queueArn] }),
    );
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [targets.emailTopic.topicArn] }),
    );
    // A direct SMS publish names a phone number, not an ARN: IAM offers no narrower resource.
    this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    targets.key.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.bindChannels(targets);
    this.acknowledgeWildcards(this.role as Role, 'pages');
    return this;
  }

  /**
   * A contact route sends a verification code or a test page the way pages leave (no timers), and keeps the
   * email topic's subscriptions: subscribe an address to the topic, read a subscription's state, remove it.
   */
  bindContacts(targets: PagingTargets): this {
    const topicArn = targets.emailTopic.topicArn;
    this.addEnvironment(ENV.emailTopicArn, topicArn);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish', 'sns:Subscribe'], resources: [topicArn] }),
    );
    // SNS authorizes these on no resource type (a subscription ARN cannot be named): "*" is the only form.
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['sns:GetSubscriptionAttributes', 'sns:Unsubscribe'],
        resources: ['*'],
      }),
    );
    // A direct SMS publish names a phone number, not an ARN: IAM offers no narrower resource.
    this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    targets.key.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.bindChannels(targets);
    this.acknowledgeWildcards(this.role as Role, 'contacts');
    return this;
  }

  /**
   * Sends rota alerts: SMS and email the way pages leave, and push where the stage has it. No timers and no
   * calls (an alert never rings a phone).
   */
  bindNotices(targets: PagingTargets): this {
    this.addEnvironment(ENV.emailTopicArn, targets.emailTopic.topicArn);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [targets.emailTopic.topicArn] }),
    );
    // A direct SMS publish names a phone number, not an ARN: IAM offers no narrower resource.
    this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    targets.key.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
    if (targets.pushKeys) this.bindPushKeys(targets.pushKeys);
    this.acknowledgeWildcards(this.role as Role, 'pages');
    return this;
  }

  /** Reads the VAPID key pair: GetSecretValue on that one secret, and decrypting with its key. */
  bindPushKeys(push: PushKeysTargets): this {
    this.addEnvironment(ENV.pushKeysSecretArn, push.secret.secretArn);
    this.addEnvironment(ENV.pushSubject, push.subject);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [push.secret.secretArn] }),
    );
    push.secret.encryptionKey?.grant(this, 'kms:Decrypt');
    return this;
  }

  /** The channels beyond SMS and email that the stage set up: voice calls and push keys. */
  private bindChannels(targets: PagingTargets): void {
    this.bindVoice(targets.voice);
    if (targets.pushKeys) this.bindPushKeys(targets.pushKeys);
  }

  /** Places voice pages' calls (and verification and test calls) where the stage has a calling provider. */
  private bindVoice(voice: VoiceTargets | undefined): void {
    if (!voice) return;
    for (const [name, value] of Object.entries(voice.environment)) this.addEnvironment(name, value);
    for (const statement of voice.statements) this.addToRolePolicy(statement);
    if (this.role) acknowledgeConnectContacts(this.role, voice.statements);
  }

  private acknowledgeWildcards(role: Role | undefined, sends: 'nothing' | 'pages' | 'contacts'): void {
    if (!role) return;
    const xray =
      'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords; X-Ray has no resource-level permissions)';
    const sms = 'sns:Publish for SMS published directly to a phone number, which has no ARN to name';
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: {
        nothing: `Only the X-Ray statement added by tracing: ${xray}.`,
        pages: `Two statements only: ${xray} and ${sms}.`,
        contacts: `Three statements only: ${xray}, ${sms}, and sns:GetSubscriptionAttributes and sns:Unsubscribe, which SNS authorizes on no resource type (a subscription cannot be named in a policy).`,
      }[sends],
    });
  }
}

/**
 * Connect authorizes calls on the instance's contacts, and a call is a contact whose id exists only once
 * Connect creates it: `<instance>/contact/*` is the narrowest resource there is, and names one instance.
 */
function acknowledgeConnectContacts(role: IConstruct, statements: readonly PolicyStatement[]): void {
  const contacts = statements.flatMap((s) => s.resources).filter((r) => /:connect:.*\/contact\/\*$/.test(r));
  for (const resource of new Set(contacts))
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${resource}]`,
      reason:
        "A call is a new contact of the Connect instance, its id unknown until Connect creates it: the instance's contacts (one instance, named in full) are the narrowest resource StartOutboundVoiceContact and GetContactAttributes take.",
    });
}
