// cdk-nag 3 runs as a CDK validation plugin at synth. A stage must synthesize with no unacknowledged
// AwsSolutions or HIPAA.Security finding, errors and warnings alike, and every acknowledgement
// must be one we reviewed (adding one means adding it here, with its reason in the code).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { addCrisisRouter } from '../../infra/crisis-router-app.js';
import { acknowledgements, synthCrisisRouter } from './synth-crisis-router.js';

describe.each(['dev', 'prod'])('stage %s', (stage) => {
  it('synthesizes with no unacknowledged finding and no warning', () => {
    const { app, assembly, stateful, stateless } = synthCrisisRouter(stage); // throws on nag errors
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
      expect(pack.validateScope(app).violations).toEqual([]); // warnings too
    }
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    for (const stack of [stateful, stateless]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });
});

it('acknowledges only reviewed rules, each with a specific reason', () => {
  const { app } = synthCrisisRouter('dev');
  const acks = acknowledgements(app);
  expect([...new Set(acks.map((a) => a.id))].sort()).toEqual([
    '@aws-cdk/core:crossStackReferencesDefaultStrong',
    'AwsSolutions-APIG3',
    'AwsSolutions-APIG4',
    'AwsSolutions-COG4',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-SQS3',
    'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
    'HIPAA.Security-APIGWSSLEnabled',
    'HIPAA.Security-DynamoDBInBackupPlan',
    'HIPAA.Security-LambdaConcurrency',
    'HIPAA.Security-LambdaDLQ',
    'HIPAA.Security-LambdaInsideVPC',
  ]);
  expect(acks.filter((a) => a.reason.length < 60)).toEqual([]);
  // Never blanket: no acknowledgement on the app or a whole stack, except CDK's own cross-stack note.
  const broad = acks.filter((a) => !a.path.includes('/') && !a.id.startsWith('@aws-cdk/'));
  expect(broad).toEqual([]);
});

it('the packs really run: an unacknowledged finding fails synth', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  addCrisisRouter(app, 'dev');
  new Queue(new Stack(app, 'Careless'), 'Queue'); // no DLQ, no TLS-only policy
  expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
});
