// CrisisFunction.bindTable on its own: an index is granted only when named, never `index/*`.
import { describe, expect, it } from '@jest/globals';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CrisisFunction } from '../../infra/constructs/crisis-function.js';

function fixture(bind: (fn: CrisisFunction, table: Table) => void) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Fixture');
  const key = new Key(stack, 'Key');
  const table = new Table(stack, 'Table', {
    partitionKey: { name: 'PK', type: AttributeType.STRING },
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
  });
  const logs = { key, retention: RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY, level: 'INFO' };
  bind(new CrisisFunction(stack, 'Fn', { name: 'health', logs }), table);
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
  const statements = policies.flatMap(
    (p) => p.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[],
  );
  return { stack, table, statements };
}

describe('bindTable', () => {
  it('grants the named index, and only it', () => {
    const { stack, table, statements } = fixture((fn, t) =>
      fn.bindTable(t, 'read-write', { indexes: ['due'] }),
    );
    const dynamo = statements.find((s) => s.Action.includes('dynamodb:Query'));
    const arn = stack.resolve(table.tableArn);
    expect(dynamo?.Resource).toEqual([arn, { 'Fn::Join': ['', [arn, '/index/due']] }]);
  });

  it('defaults: 512 MB, 10 s, its own log group', () => {
    const { stack } = fixture(() => {});
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
    });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
  });
});
