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
import { loadDeploymentConfig } from '../../infra/config.js';
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

const REVIEWED = [
  '@aws-cdk/core:crossStackReferencesDefaultStrong',
  'AwsSolutions-APIG4',
  'AwsSolutions-COG4',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-SMG4',
  'AwsSolutions-SQS3',
  'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
  'HIPAA.Security-APIGWSSLEnabled',
  'HIPAA.Security-DynamoDBInBackupPlan',
  'HIPAA.Security-LambdaConcurrency',
  'HIPAA.Security-LambdaDLQ',
  'HIPAA.Security-LambdaInsideVPC',
  'HIPAA.Security-SecretsManagerRotationEnabled',
];

// Prod reserves concurrency for every function that serves traffic; there the functions acknowledged for
// LambdaConcurrency are the deploy-time ones: the two-way SMS wiring (AwsCustomResource's provider) and the
// VAPID key generator.
// AwsSolutions-APIG3 (no WAF) is gone: the stage has a web ACL (test/infra/security.test.ts).
const WIRING_PROVIDER = /\/AWS679f53fac002430cb0da5b7982bd2287$/;

it.each(['dev', 'prod'])('%s acknowledges only reviewed rules, each with a specific reason', (stage) => {
  const { app } = synthCrisisRouter(stage);
  const acks = acknowledgements(app);
  expect([...new Set(acks.map((a) => a.id))].sort()).toEqual(REVIEWED);
  expect(acks.filter((a) => a.reason.length < 60)).toEqual([]);
  // Never blanket: no acknowledgement on the app or a whole stack, except CDK's own cross-stack note.
  const broad = acks.filter((a) => !a.path.includes('/') && !a.id.startsWith('@aws-cdk/'));
  expect(broad).toEqual([]);
});

it('prod acknowledges LambdaConcurrency only on the deploy-time functions', () => {
  const concurrency = acknowledgements(synthCrisisRouter('prod').app).filter(
    (a) => a.id === 'HIPAA.Security-LambdaConcurrency',
  );
  expect(concurrency.map((a) => a.path)).toEqual([
    expect.stringMatching(WIRING_PROVIDER),
    'CrisisRouter-prod-Stateful/PushKeys/Generator',
  ]);
});

it('with CORS origins configured the preflight methods are acknowledged, and nothing else changes', () => {
  const { app, stateless } = synthCrisisRouter('prod', {
    cors: { allowedOrigins: ['https://hotline.example.org'] },
  }); // throws on nag errors
  const preflights = stateless.api.methods.filter((m) => m.httpMethod === 'OPTIONS');
  expect(preflights.length).toBeGreaterThan(0);
  const acks = acknowledgements(app);
  for (const method of preflights) {
    const on = acks.filter((a) => a.path === method.node.path).map((a) => a.id);
    expect(on.sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
  }
  expect([...new Set(acks.map((a) => a.id))].sort()).toEqual(REVIEWED);
});

it('the packs really run: an unacknowledged finding fails synth', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  addCrisisRouter(app, loadDeploymentConfig('dev'));
  new Queue(new Stack(app, 'Careless'), 'Queue'); // no DLQ, no TLS-only policy
  expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
});
