import { Duration } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface CrisisAlarmsProps {
  /** Alarm names are `crisis-router-<stage>-<Name>` (docs/runbook.md lists them). */
  readonly stage: string;
  readonly alarmTopic: ITopic;
  readonly timerDeadLetters: IQueue;
  readonly asyncDeadLetters: IQueue;
  /** Every function of the stage by folder name: errors and throttles alarm per function. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly sweeper: IFunction;
  readonly apiStage: Stage;
  /** The SNS SMS monthly spend limit the account is set to, and the share of it that alarms. */
  readonly smsSpend: { readonly limitUsd: number; readonly alarmPercent: number };
}

/** Every alarm of a stage is named with this prefix; the key policy lets CloudWatch use the key for these only. */
export const alarmNamePrefix = (stage: string) => `crisis-router-${stage}-`;

/** The EMF metrics the functions write (Powertools: namespace + the `service` dimension). */
export const crisisMetric = (metricName: string, statistic = 'Sum', period = Duration.minutes(1)) =>
  new Metric({
    namespace: 'CrisisRouter',
    metricName,
    dimensionsMap: { service: 'crisis-router' },
    statistic,
    period,
  });

/** The channels pages go out on: each has its own sends, failures and provider latency (`Channel` dimension). */
export const DELIVERY_CHANNELS = ['sms', 'email'] as const;
export const FAILURE_CLASSES = ['opted_out', 'invalid_destination', 'throttled', 'account', 'other'] as const;

/** A per-channel EMF metric (emf-signals.ts `delivery`): the service dimension plus Channel (and Reason). */
export const channelMetric = (
  metricName: string,
  channel: string,
  statistic = 'Sum',
  period = Duration.minutes(5),
  reason?: string,
) =>
  new Metric({
    namespace: 'CrisisRouter',
    metricName,
    dimensionsMap: { service: 'crisis-router', Channel: channel, ...(reason && { Reason: reason }) },
    statistic,
    period,
  });

/** One channel's failed share over 15 minutes, once at least 3 sends were tried on it (else 0). */
export const channelFailureRate = (channel: string) =>
  new MathExpression({
    label: `${channel} failure rate (%)`,
    expression:
      'IF(FILL(sent, 0) + FILL(failed, 0) >= 3, 100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0)), 0)',
    usingMetrics: {
      sent: channelMetric('ChannelSends', channel, 'Sum', Duration.minutes(15)),
      failed: channelMetric('ChannelFailures', channel, 'Sum', Duration.minutes(15)),
    },
    period: Duration.minutes(15),
  });

/** Month-to-date SMS spend of the account in this region (AWS/SNS, no dimensions; Maximum is its statistic). */
export const smsSpendMetric = (period = Duration.minutes(5)) =>
  new Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', statistic: 'Maximum', period });

/** Failed share of page sends over 15 minutes, once at least 3 sends were tried (else 0). */
export const pageFailureRate = () =>
  new MathExpression({
    label: 'Page failure rate (%)',
    expression:
      'IF(FILL(sent, 0) + FILL(failed, 0) >= 3, 100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0)), 0)',
    usingMetrics: {
      sent: crisisMetric('PagesSent', 'Sum', Duration.minutes(15)),
      failed: crisisMetric('PageFailures', 'Sum', Duration.minutes(15)),
    },
    period: Duration.minutes(15),
  });

export const PAGE_FAILURE_RATE_PERCENT = 25;

/**
 * Alarms that mean a request may be waiting on a machine, not a person, or that the service is
 * degrading. Each goes to the alarm topic with its recovery; docs/runbook.md says what to do for each.
 */
export class CrisisAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: CrisisAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.alarmTopic);
    const alarm = (
      name: string,
      description: string,
      metric: IMetric,
      options: {
        threshold?: number;
        comparison?: ComparisonOperator;
        missing?: TreatMissingData;
        /** Heading in docs/runbook.md, when not the alarm's own name. */
        runbook?: string;
      } = {},
    ) => {
      const created = new Alarm(this, name, {
        alarmName: `${alarmNamePrefix(props.stage)}${name}`,
        alarmDescription: `${description} Runbook: docs/runbook.md#${(options.runbook ?? name).toLowerCase()}`,
        metric,
        threshold: options.threshold ?? 0,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const deepest = { period: Duration.minutes(1), statistic: 'Maximum' };

    alarm(
      'TimerDeadLetters',
      'A timer message failed 5 times and was dead-lettered: its request relies on the sweeper now.',
      props.timerDeadLetters.metricApproximateNumberOfMessagesVisible(deepest),
    );
    alarm(
      'AsyncDeadLetters',
      'A sweeper run or an SMS reply failed after retries.',
      props.asyncDeadLetters.metricApproximateNumberOfMessagesVisible(deepest),
    );
    alarm(
      'SweeperFoundOverdue',
      'The sweeper advanced overdue requests: the timer queue missed a step (escalation was late).',
      crisisMetric('SweeperOverdue'),
    );
    alarm(
      'SweeperNotRunning',
      'The sweeper (the safety net under the timers) has not run for 10 minutes.',
      props.sweeper.metricInvocations({ period: Duration.minutes(10), statistic: 'Sum' }),
      {
        threshold: 1,
        comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
        missing: TreatMissingData.BREACHING,
      },
    );
    alarm(
      'RequestUnanswered',
      'A request exhausted its escalation policy: the fallback contacts are being paged.',
      crisisMetric('Unanswered'),
    );
    alarm(
      'OpsAlerts',
      'A contact method broke (opted out, invalid number) or a timer could not be scheduled.',
      crisisMetric('OpsAlerts'),
    );
    alarm(
      'PageFailureRate',
      `More than ${PAGE_FAILURE_RATE_PERCENT}% of page sends failed in 15 minutes (at least 3 tried).`,
      pageFailureRate(),
      { threshold: PAGE_FAILURE_RATE_PERCENT },
    );
    // Per channel too: email failing quietly behind a healthy SMS rate is a channel nobody can rely on.
    for (const channel of DELIVERY_CHANNELS)
      alarm(
        `ChannelFailureRate-${channel}`,
        `More than ${PAGE_FAILURE_RATE_PERCENT}% of ${channel} sends failed in 15 minutes (at least 3 tried).`,
        channelFailureRate(channel),
        { threshold: PAGE_FAILURE_RATE_PERCENT, runbook: 'ChannelFailureRate' },
      );
    const spendThreshold = Math.round(props.smsSpend.limitUsd * props.smsSpend.alarmPercent) / 100;
    alarm(
      'SmsSpendNearLimit',
      `Month-to-date SMS spend passed ${props.smsSpend.alarmPercent}% of the ${props.smsSpend.limitUsd} USD monthly limit (${spendThreshold} USD); at the limit SNS stops sending SMS pages.`,
      smsSpendMetric(),
      // Spend is published only as SMS go out: keep the last state between data points.
      {
        threshold: spendThreshold,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        missing: TreatMissingData.IGNORE,
      },
    );
    alarm(
      'Api5xx',
      'The API answered 5xx (an unhandled error, a Lambda failure or an integration timeout).',
      props.apiStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    );

    for (const [name, fn] of props.functions) {
      const id = pascalCase(name);
      alarm(
        `${id}Errors`,
        `Function ${name} failed (crash, timeout or out of memory; HTTP errors are Api5xx).`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        { runbook: 'FunctionErrors' },
      );
      alarm(
        `${id}Throttles`,
        `Function ${name} was throttled: its reserved concurrency or the account's Lambda quota is exhausted.`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        { runbook: 'FunctionThrottles' },
      );
    }
  }
}

export const pascalCase = (name: string) =>
  name.replace(/(^|-)([a-z0-9])/g, (_match: string, _dash: string, char: string) => char.toUpperCase());
