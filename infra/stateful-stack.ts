import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  DUE_INDEX,
  QUEUE_INDEX,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../shared/adapters/aws/table-definition.js';
import { PagingResources } from './constructs/paging-resources.js';
import { PushKeys } from './constructs/push-keys.js';
import { TwoWaySms, type TwoWaySmsProps } from './constructs/two-way-sms.js';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /**
   * Deletion protection on the table, and table and key RETAINed when the stack is deleted, so a
   * mistaken `cdk destroy` cannot lose a clinic's rota or open requests. Required in production;
   * a dev stage may turn it off to be torn down completely.
   */
  readonly protectData: boolean;
  /** Point-in-time recovery window, 1..35 days. */
  readonly backupDays: number;
  /** Subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** The stage's SMS number (own, requested, or none): its two-way channel goes to the inbound topic. */
  readonly sms: TwoWaySmsProps['sms'];
  /** Retention and removal of this stack's log groups (the two-way wiring's and the VAPID key generator's). */
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** What must outlive any deploy: the data key, the single table, the queues and topics. */
export class StatefulStack extends Stack {
  readonly key: Key;
  readonly table: Table;
  readonly paging: PagingResources;
  readonly twoWaySms: TwoWaySms;
  /** Push pages' VAPID key pair: kept here, whether or not the stage sends push, so no deploy loses it. */
  readonly pushKeys: PushKeys;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.key = new Key(this, 'DataKey', {
      description: `crisis-router ${props.stage}: table, queues, topics and log encryption`,
      alias: `alias/crisis-router-${props.stage}`,
      enableKeyRotation: true,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Only used when a dev stage without data protection is destroyed: the shortest wait AWS allows.
      ...(props.protectData ? {} : { pendingWindow: Duration.days(7) }),
    });
    // The stateless stack's log groups use this key too; CloudWatch Logs may use it only for log
    // groups of this account and region (the documented encryption-context condition).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );

    // `Table` (CfnTable) rather than TableV2, so cdk-nag's DynamoDB rules can see PITR and the key.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: props.backupDays,
      },
      deletionProtection: props.protectData,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    // Sparse: only open requests carry duePK/dueSK; the sweeper reads keys and then the item.
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX.name,
      partitionKey: { name: DUE_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: DUE_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    // Every request by clinic and creation time, in an open and a closed partition; projects only the small
    // `listing`. One index, not an open and an all index: CloudFormation creates at most one index on an
    // existing table per update, so a stage upgrades in one deploy.
    this.table.addGlobalSecondaryIndex({
      indexName: QUEUE_INDEX.name,
      partitionKey: { name: QUEUE_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: QUEUE_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...QUEUE_INDEX.projected],
    });
    this.paging = new PagingResources(this, 'Paging', {
      stage: props.stage,
      key: this.key,
      alarmEmail: props.alarmEmail,
    });
    this.twoWaySms = new TwoWaySms(this, 'TwoWay', {
      stage: props.stage,
      inboundTopic: this.paging.inboundSmsTopic,
      inboundTopicPolicy: this.paging.inboundSmsPublish,
      sms: props.sms,
      protectData: props.protectData,
      logs: { key: this.key, retention: props.logRetention, removalPolicy: props.logRemovalPolicy },
    });
    this.pushKeys = new PushKeys(this, 'PushKeys', {
      stage: props.stage,
      key: this.key,
      protectData: props.protectData,
      logs: { retention: props.logRetention, removalPolicy: props.logRemovalPolicy },
    });
    Validations.of(this.table).acknowledge({
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason:
        'Point-in-time recovery (continuous, up to 35 days by config), deletion protection and RETAIN in production cover recovery; long-term or cross-account copies belong to the operator’s AWS Backup / organization backup policy, not to this app.',
    });

    // What docs/deploy.md tells the operator to look up after the first deploy.
    new CfnOutput(this, 'TableName', {
      description: 'The table (infra/scripts/create-platform-key.ts --table)',
      value: this.table.tableName,
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      description: 'Two-way SMS destination: set it on the origination number in AWS End User Messaging SMS',
      value: this.paging.inboundSmsTopic.topicArn,
    });
    new CfnOutput(this, 'EmailPagesTopicArn', {
      description: "Email pages: subscribe each clinician's address with a filter policy on clinicianId",
      value: this.paging.emailTopic.topicArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Alarms go here; subscribe more endpoints (pager, chat) as needed',
      value: this.paging.alarmTopic.topicArn,
    });
  }
}
