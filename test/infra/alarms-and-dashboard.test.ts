// Alarms and the dashboard: every alarm goes to the alarm topic (the configured email in prod) with its
// recovery, names its runbook entry, and the dashboard shows the same signals.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import type { DeploymentConfig } from '../../infra/config.js';
import { DELIVERY_CHANNELS } from '../../infra/constructs/alarms.js';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import { refersTo, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

type Alarm = { Properties: Record<string, unknown> };

let stack: StatelessStack;
let template: Template;
let config: DeploymentConfig;
let alarms: Alarm[];

beforeAll(() => {
  const app = synthCrisisRouter('prod');
  stack = app.stateless;
  config = app.config;
  template = templateWithNested(stack);
  alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
});

const named = (name: string) => {
  const alarm = alarms.find((a) => a.Properties.AlarmName === `crisis-router-prod-${name}`);
  if (!alarm) throw new Error(`no alarm ${name}`);
  return alarm.Properties;
};

describe('alarms', () => {
  it('every alarm notifies the alarm topic when it fires and when it recovers', () => {
    const alarmTopic = { 'Fn::ImportValue': expect.stringMatching(/PagingAlarms/) };
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([alarmTopic]);
      expect(alarm.Properties.OKActions).toEqual([alarmTopic]);
    }
  });

  it('every alarm names its entry in docs/runbook.md, and the entry exists', () => {
    const runbook = readFileSync('docs/runbook.md', 'utf8');
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
        (m[1] ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const alarm of alarms) {
      const anchor = /docs\/runbook\.md#([a-z0-9-]+)/.exec(String(alarm.Properties.AlarmDescription))?.[1];
      expect([alarm.Properties.AlarmName, anchor && anchors.has(anchor)]).toEqual([
        alarm.Properties.AlarmName,
        true,
      ]);
    }
  });

  it('errors and throttles of every function', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => r.Properties as Record<string, unknown>,
    );
    for (const fn of stack.functions.values()) {
      for (const metric of ['Errors', 'Throttles']) {
        const found = alarms.filter(
          (a) =>
            a.Namespace === 'AWS/Lambda' &&
            a.MetricName === metric &&
            refersTo(a.Dimensions, fn) &&
            a.Threshold === 0 &&
            a.ComparisonOperator === 'GreaterThanThreshold',
        );
        expect([fn.node.id, metric, found.length]).toEqual([fn.node.id, metric, 1]);
      }
    }
  });

  it('5xx answers of the API stage', () => {
    expect(named('Api5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Dimensions: expect.arrayContaining([{ Name: 'Stage', Value: expect.anything() }]),
      Threshold: 0,
    });
  });

  it('page failure rate over 25% of at least 3 sends in 15 minutes', () => {
    const alarm = named('PageFailureRate');
    expect(alarm).toMatchObject({ Threshold: 25, ComparisonOperator: 'GreaterThanThreshold' });
    const metrics = alarm.Metrics as {
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string }; Period: number };
    }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toMatch(/>= 3, 100 \* FILL\(failed, 0\)/);
    expect(
      metrics.flatMap((m) => (m.MetricStat ? [[m.MetricStat.Metric.MetricName, m.MetricStat.Period]] : [])),
    ).toEqual([
      ['PagesSent', 900],
      ['PageFailures', 900],
    ]);
  });

  it('SMS spend at the configured share of the configured monthly limit, keeping its state between data points', () => {
    expect(named('SmsSpendNearLimit')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Statistic: 'Maximum',
      Threshold: (config.sms.monthlySpendLimitUsd * config.sms.spendAlarmPercent) / 100, // 80 of 100 USD
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'ignore',
    });
  });

  it('the sweeper not running for 10 minutes (missing data counts as not running)', () => {
    expect(named('SweeperNotRunning')).toMatchObject({
      MetricName: 'Invocations',
      Period: 600,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('the issue-3 alarms are still there: DLQs, overdue sweeps, unanswered requests, ops alerts', () => {
    for (const name of [
      'TimerDeadLetters',
      'AsyncDeadLetters',
      'SweeperFoundOverdue',
      'RequestUnanswered',
      'OpsAlerts',
    ])
      expect(named(name).Threshold).toBe(0);
  });

  it("one failure-rate alarm per delivery channel, on that channel's own sends and failures", () => {
    for (const channel of DELIVERY_CHANNELS) {
      const alarm = named(`ChannelFailureRate-${channel}`);
      expect(alarm.Threshold).toBe(25);
      const metrics = JSON.stringify(alarm.Metrics);
      for (const name of ['ChannelSends', 'ChannelFailures']) expect(metrics).toContain(`"${name}"`);
      expect(metrics).toContain(`{"Name":"Channel","Value":"${channel}"}`);
    }
  });

  it('nothing else: 9 service alarms, 1 per delivery channel, plus 2 per function', () => {
    expect(alarms).toHaveLength(9 + DELIVERY_CHANNELS.length + 2 * stack.functions.size);
  });
});

describe('dashboard', () => {
  let body: string;
  beforeAll(() => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard).toHaveLength(1);
    expect(dashboard[0]?.Properties.DashboardName).toBe('crisis-router-prod');
    body = JSON.stringify(dashboard[0]?.Properties.DashboardBody);
  });

  it.each([
    'PagesSent',
    'PageFailures',
    'Escalations',
    'Unanswered',
    'TimeToAcknowledge',
    'SweeperOverdue',
    'OpsAlerts',
    'ChannelSends',
    'ChannelFailures',
    'ChannelFailuresByReason',
    'ProviderAcceptMs',
    'SMSMonthToDateSpentUSD',
    'ApproximateNumberOfMessagesVisible',
    '5XXError',
    'BlockedRequests',
    'Errors',
    'Throttles',
  ])('shows %s', (metric) => {
    expect(body).toContain(`\\"${metric}\\"`);
  });

  it('shows every alarm in an alarm status widget', () => {
    expect(body).toContain('alarm');
    for (const id of Object.keys(template.findResources('AWS::CloudWatch::Alarm')))
      expect(body).toContain(id);
  });

  it('marks the SMS spend limit and its alarm threshold', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardBody: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    expect(body).toContain('{\\"value\\":100,\\"label\\":\\"monthly limit\\"');
    expect(body).toContain('{\\"value\\":80,\\"label\\":\\"alarm\\"');
  });
});
