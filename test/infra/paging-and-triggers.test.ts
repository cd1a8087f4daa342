// Paging's infrastructure: the timer queue and its dead letters, the page and reply topics, the three
// trigger functions and their wiring, who may page, and the alarms that say a request waits on a machine.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { routes } from '../../functions/routes.js';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let stateful: Template;
let stateless: Template;
let stack: StatelessStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  const app = synthCrisisRouter('dev');
  stack = app.stateless;
  stateful = Template.fromStack(app.stateful);
  stateless = templateWithNested(app.stateless);
  resources = stateless.toJSON().Resources as Record<string, Resource>;
});

function policyStatementsOf(name: string): Statement[] {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  const roleId = logicalIdOf(fn.role!);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')
    .filter((r) => JSON.stringify(r.Properties.Roles ?? []).includes(roleId))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('stateful paging resources', () => {
  it('the timer queue is KMS-encrypted and dead-letters after 5 receives', () => {
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
      VisibilityTimeout: 60,
    });
  });

  it('every queue and topic is encrypted with the customer key', () => {
    for (const queue of Object.values(stateful.findResources('AWS::SQS::Queue')))
      expect(queue.Properties.KmsMasterKeyId).toBeDefined();
    const topics = Object.values(stateful.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(3);
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('two-way SMS (sms-voice.amazonaws.com) may publish replies to the inbound topic', () => {
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'sms-voice.amazonaws.com' } }),
        ]),
      }),
    });
  });
});

describe('triggers', () => {
  it('escalate consumes the timer queue and reports partial batch failures', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('the sweeper runs every minute and is the only function that may query the due index', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    const withIndex = [...stack.functions.keys()].filter((name) =>
      policyStatementsOf(name).some((s) => JSON.stringify(s.Resource).includes('/index/due')),
    );
    expect(withIndex).toEqual(['sweeper']);
  });

  it('the rota check runs every 5 minutes, sending with no timer queue', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    const statements = policyStatementsOf('rota-check');
    expect(statements.filter((s) => asArray(s.Action).includes('sqs:SendMessage'))).toHaveLength(1); // its DLQ
    expect(JSON.stringify(statements)).not.toContain('TimerQueue');
    expect(JSON.stringify(statements)).toContain('/index/byClinic');
  });

  it('sms-inbound is subscribed to the inbound SMS topic', () => {
    stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
  });

  it('the asynchronously invoked functions (sweeper, gap check, sms-inbound) have a dead-letter queue', () => {
    for (const name of ['sweeper', 'rota-check', 'sms-inbound']) {
      const fn = stack.functions.get(name)!;
      const props = resources[logicalIdOf(fn)]?.Properties;
      expect(props?.DeadLetterConfig).toBeDefined();
    }
  });
});

describe('who may page', () => {
  const contactRoutes = new Set(routes.filter((r) => r.contacts).map((r) => r.name));
  const noticeRoutes = new Set(routes.filter((r) => r.notifies).map((r) => r.name));
  const pagers = new Set([
    ...routes.filter((r) => r.pages).map((r) => r.name),
    'escalate',
    'sweeper',
    'sms-inbound',
  ]);

  it.each([...routes.map((r) => r.name), 'escalate', 'sweeper', 'sms-inbound'])('%s', (name) => {
    const statements = policyStatementsOf(name);
    const sns = statements.filter((s) => asArray(s.Action).includes('sns:Publish'));
    const sqs = statements.filter((s) => asArray(s.Action).includes('sqs:SendMessage'));
    const fn = stack.functions.get(name)!;
    const env = (
      resources[logicalIdOf(fn)]?.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    if (contactRoutes.has(name) || noticeRoutes.has(name)) {
      // Codes and test pages, cover offers and their outcome leave like pages (topic and phone numbers),
      // with no timer queue at all.
      expect(sns.map((s) => (asArray(s.Resource).includes('*') ? '*' : 'topic')).sort()).toEqual([
        '*',
        'topic',
      ]);
      expect(sqs).toEqual([]);
      expect(env[ENV.timerQueueUrl]).toBeUndefined();
      expect(env[ENV.emailTopicArn]).toBeDefined();
      if (!contactRoutes.has(name)) return;
      const subscriptions = statements.filter((s) => asArray(s.Action).some((a) => /Subscri/.test(a)));
      expect(
        subscriptions.map((s) => [
          asArray(s.Action).sort(),
          JSON.stringify(s.Resource).includes('EmailPages'),
        ]),
      ).toEqual(
        expect.arrayContaining([
          [['sns:Publish', 'sns:Subscribe'], true],
          [['sns:GetSubscriptionAttributes', 'sns:Unsubscribe'], false],
        ]),
      );
      return;
    }
    if (!pagers.has(name)) {
      expect(sns).toEqual([]);
      expect(sqs).toEqual([]);
      expect(env[ENV.timerQueueUrl]).toBeUndefined();
      return;
    }
    // Send to the one timer queue; publish to the one email topic and (SMS) to phone numbers.
    // The timer queue once; the asynchronously invoked ones also send failed events to their DLQ.
    const timerQueue = sqs.filter((s) => JSON.stringify(s.Resource).includes('TimerQueue'));
    const deadLetters = sqs.filter((s) => JSON.stringify(s.Resource).includes('AsyncDeadLetters'));
    expect(timerQueue).toHaveLength(1);
    expect(deadLetters).toHaveLength(['sweeper', 'sms-inbound'].includes(name) ? 1 : 0);
    expect(sqs).toHaveLength(timerQueue.length + deadLetters.length);
    expect(sns.map((s) => (asArray(s.Resource).includes('*') ? '*' : 'topic')).sort()).toEqual([
      '*',
      'topic',
    ]);
    expect(env[ENV.timerQueueUrl]).toBeDefined();
    expect(env[ENV.emailTopicArn]).toBeDefined();
  });
});

describe('alarms', () => {
  it('DLQs, overdue sweeps, unanswered requests and ops alerts alarm on their first occurrence', () => {
    for (const [name, metric] of [
      ['TimerDeadLetters', 'ApproximateNumberOfMessagesVisible'],
      ['AsyncDeadLetters', 'ApproximateNumberOfMessagesVisible'],
      ['SweeperFoundOverdue', 'SweeperOverdue'],
      ['RequestUnanswered', 'Unanswered'],
      ['OpsAlerts', 'OpsAlerts'],
    ]) {
      stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `crisis-router-dev-${name}`,
        MetricName: metric,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [Match.anyValue()],
      });
    }
  });
});
