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
import { alarmNamePrefix } from '../../infra/constructs/alarms.js';
import { synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

let template: Template;
let prodApp: ReturnType<typeof synthCrisisRouter>;
let prodTemplate: Template;
let prodKeyPolicy: { Statement: unknown[] };
let keyArn: unknown;

beforeAll(() => {
  const { stateful } = synthCrisisRouter('dev');
  template = Template.fromStack(stateful);
  keyArn = stateful.resolve(stateful.key.keyArn);
  prodApp = synthCrisisRouter('prod');
  prodTemplate = Template.fromStack(prodApp.stateful);
  const [key] = Object.values(prodTemplate.findResources('AWS::KMS::Key'));
  prodKeyPolicy = key?.Properties.KeyPolicy as { Statement: unknown[] };
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

describe('the key policy: services act only for this account and region', () => {
  type Statement = { Principal?: { Service?: unknown }; Condition?: Record<string, Record<string, unknown>> };
  const statementsFor = (service: string) =>
    (prodKeyPolicy.Statement as Statement[]).filter(
      (s) => JSON.stringify(s.Principal?.Service) === `"${service}"`,
    );
  const sourceArn = (statement: Statement | undefined) =>
    JSON.stringify(statement?.Condition?.ArnLike?.['aws:SourceArn']);

  it('sms-voice (two-way replies): exactly one statement, for End User Messaging resources of this account', () => {
    const [smsVoice, ...more] = statementsFor('sms-voice.amazonaws.com');
    expect(more).toEqual([]);
    expect(smsVoice).toMatchObject({
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(sourceArn(smsVoice)).toMatch(
      /":sms-voice:",\{"Ref":"AWS::Region"\},":",\{"Ref":"AWS::AccountId"\},":\*"/,
    );
  });

  it("cloudwatch (alarms to the encrypted alarm topic): one statement, for this stage's alarms", () => {
    const [cloudwatch, ...more] = statementsFor('cloudwatch.amazonaws.com');
    expect(more).toEqual([]);
    expect(cloudwatch).toMatchObject({
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(sourceArn(cloudwatch)).toContain(`":alarm:${alarmNamePrefix('prod')}*"`);
  });

  it("every alarm of the stage is named so the key's cloudwatch statement covers it", () => {
    const alarms = Object.values(
      templateWithNested(prodApp.stateless).findResources('AWS::CloudWatch::Alarm'),
    );
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmName).toMatch(new RegExp(`^${alarmNamePrefix('prod')}`));
  });

  it('no service principal without a condition', () => {
    const unconditioned = (prodKeyPolicy.Statement as Statement[]).filter(
      (s) => s.Principal?.Service && !s.Condition,
    );
    expect(unconditioned).toEqual([]);
  });
});

describe('what the operator needs', () => {
  it('the alarm topic has the configured email subscribed in production (none configured in dev)', () => {
    prodTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: prodApp.config.alarmEmail,
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('outputs the table name, the inbound SMS, email page and alarm topics, and whether two-way SMS is on', () => {
    for (const output of [
      'TableName',
      'InboundSmsTopicArn',
      'EmailPagesTopicArn',
      'AlarmTopicArn',
      'TwoWaySms',
    ])
      expect(Object.keys(prodTemplate.findOutputs(output))).toEqual([output]);
  });
});
