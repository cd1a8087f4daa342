import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface CrisisAlarmsProps {
  readonly alarmTopic: ITopic;
  readonly timerDeadLetters: IQueue;
  readonly asyncDeadLetters: IQueue;
}

/** The EMF metrics the functions write (Powertools: namespace + the `service` dimension). */
export const crisisMetric = (metricName: string, statistic = 'Sum') =>
  new Metric({
    namespace: 'CrisisRouter',
    metricName,
    dimensionsMap: { service: 'crisis-router' },
    statistic,
    period: Duration.minutes(1),
  });

/**
 * Alarms that mean a request may be waiting on a machine, not a person. Each goes to the alarm topic
 * (operators subscribe their email or pager to it); docs/runbook.md says what to do for each.
 */
export class CrisisAlarms extends Construct {
  constructor(scope: Construct, id: string, props: CrisisAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.alarmTopic);
    const anyAbove0 = (name: string, metric: IMetric, description: string) => {
      const alarm = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    };
    anyAbove0(
      'TimerDeadLetters',
      props.timerDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      'A timer message failed 5 times and was dead-lettered: its request relies on the sweeper now.',
    );
    anyAbove0(
      'AsyncDeadLetters',
      props.asyncDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      'A sweeper run or an SMS reply failed after retries.',
    );
    anyAbove0(
      'SweeperFoundOverdue',
      crisisMetric('SweeperOverdue'),
      'The sweeper advanced overdue requests: the timer queue missed a step (escalation was late).',
    );
    anyAbove0(
      'RequestUnanswered',
      crisisMetric('Unanswered'),
      'A request exhausted its escalation policy: the fallback contacts are being paged.',
    );
    anyAbove0(
      'OpsAlerts',
      crisisMetric('OpsAlerts'),
      'A contact method broke (opted out, invalid number) or a timer could not be scheduled.',
    );
  }
}
