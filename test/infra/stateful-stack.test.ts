// The data layer: one table that must survive anything (PITR, deletion protection, RETAIN) and is
// encrypted with our own rotating key; its keys and index come from shared/adapters/aws/table-definition.ts.
import { beforeAll, describe, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DUE_INDEX, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/adapters/aws/table-definition.js';
import { synthCrisisRouter } from './synth-crisis-router.js';

let template: Template;
let keyArn: unknown;

beforeAll(() => {
  const { stateful } = synthCrisisRouter('dev');
  template = Template.fromStack(stateful);
  keyArn = stateful.resolve(stateful.key.keyArn);
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

  it('has point-in-time recovery and deletion protection, and is retained with the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
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

  it('has the sparse `due` index, keys only', () => {
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
      ],
    });
  });
});

describe('the key', () => {
  it('rotates and is retained with the stack', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
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
