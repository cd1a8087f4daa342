// The data layer: one table that must survive anything (PITR, deletion protection, RETAIN) and is
// encrypted with our own rotating key; its keys and index come from shared/adapters/aws/table-definition.ts.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  createTableInput,
  DUE_INDEX,
  QUEUE_INDEX,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../../shared/adapters/aws/table-definition.js';
import { synthCrisisRouter } from './synth-crisis-router.js';

let template: Template;
let prodTemplate: Template;
let keyArn: unknown;

beforeAll(() => {
  const { stateful } = synthCrisisRouter('dev');
  template = Template.fromStack(stateful);
  keyArn = stateful.resolve(stateful.key.keyArn);
  prodTemplate = Template.fromStack(synthCrisisRouter('prod').stateful);
});

describe('the table', () => {
  it('is on-demand, keyed PK/SK, with TTL on the shared attribute', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('in production: point-in-time recovery (35 days), deletion protection, retained with the stack', () => {
    prodTemplate.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('in dev (protectData false): point-in-time recovery still, but removable with the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
        DeletionProtectionEnabled: false,
      }),
      DeletionPolicy: 'Delete',
    });
  });

  it('is encrypted with the customer-managed key of this stack', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: keyArn,
      },
    });
  });

  it('has the sparse `due` index (keys only) and the queue index (the listing only)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: DUE_INDEX.name,
          KeySchema: [
            { AttributeName: DUE_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: DUE_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: QUEUE_INDEX.name,
          KeySchema: [
            { AttributeName: QUEUE_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: QUEUE_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['listing'] },
        },
      ],
    });
  });

  it('has exactly the keys and indexes of the embedded engines (createTableInput): the two cannot drift', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table')) as Array<{
      Properties: Record<string, unknown>;
    }>;
    const embedded = createTableInput('t');
    const byName = <T extends { AttributeName?: string; IndexName?: string }>(list: readonly T[]) =>
      [...list].sort((a, b) =>
        String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
      );
    expect(byName(table?.Properties.AttributeDefinitions as [])).toEqual(
      byName(embedded.AttributeDefinitions),
    );
    expect(table?.Properties.KeySchema).toEqual(embedded.KeySchema);
    expect(byName(table?.Properties.GlobalSecondaryIndexes as [])).toEqual(
      byName(embedded.GlobalSecondaryIndexes),
    );
  });
});

describe('the key', () => {
  it('rotates; retained with the stack in production', () => {
    prodTemplate.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 7 }),
      DeletionPolicy: 'Delete',
    });
  });

  it('lets CloudWatch Logs use it only for log groups of this account and region', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.anyValue() },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });
});

describe('what the operator needs', () => {
  it('the alarm topic has the configured email subscribed in production (none configured in dev)', () => {
    prodTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall-ops@example.org',
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('outputs the table name, the inbound SMS, email page and alarm topics', () => {
    for (const output of ['TableName', 'InboundSmsTopicArn', 'EmailPagesTopicArn', 'AlarmTopicArn'])
      expect(Object.keys(prodTemplate.findOutputs(output))).toEqual([output]);
  });
});
