import { RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { DUE_INDEX, TABLE_KEYS, TTL_ATTRIBUTE } from '../shared/adapters/aws/table-definition.js';
import { PagingResources } from './constructs/paging-resources.js';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
}

/**
 * What must outlive any deploy: the data key and the single table. Both are retained when the
 * stack is deleted, so a mistaken `cdk destroy` cannot lose a clinic's rota or open requests.
 */
export class StatefulStack extends Stack {
  readonly key: Key;
  readonly table: Table;
  readonly paging: PagingResources;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.key = new Key(this, 'DataKey', {
      description: `crisis-router ${props.stage}: table, queues, topics and log encryption`,
      alias: `alias/crisis-router-${props.stage}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
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
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    // Sparse: only open requests carry duePK/dueSK; the sweeper reads keys and then the item.
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX.name,
      partitionKey: { name: DUE_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: DUE_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.paging = new PagingResources(this, 'Paging', { stage: props.stage, key: this.key });
    Validations.of(this.table).acknowledge({
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason:
        'Point-in-time recovery (35 days, continuous), deletion protection and RETAIN cover recovery; long-term or cross-account copies belong to the operator’s AWS Backup / organization backup policy, not to this app.',
    });
  }
}
