import { Duration, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  type Alarm,
  type HorizontalAnnotation,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  channelMetric,
  crisisMetric,
  DELIVERY_CHANNELS,
  FAILURE_CLASSES,
  PAGE_FAILURE_RATE_PERCENT,
  pageFailureRate,
  smsSpendMetric,
} from './alarms.js';

export interface CrisisDashboardProps {
  readonly stage: string;
  readonly alarms: readonly Alarm[];
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly apiStage: Stage;
  readonly timerDeadLetters: IQueue;
  readonly asyncDeadLetters: IQueue;
  readonly timerQueue: IQueue;
  /** The web ACL's name (AWS/WAFV2 `WebACL` dimension). */
  readonly webAclName: string;
  readonly smsSpend: { readonly limitUsd: number; readonly alarmPercent: number };
}

const FIVE_MINUTES = Duration.minutes(5);

/** One CloudWatch dashboard per stage: alarm states first, then paging, safety net, API and functions. */
export class CrisisDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: CrisisDashboardProps) {
    super(scope, id);
    const sum = (name: string) => crisisMetric(name, 'Sum', FIVE_MINUTES);
    const graph = (
      title: string,
      left: IMetric[],
      extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {},
    ) => new GraphWidget({ title, left, width: 8, height: 6, ...extra });
    const perFunction = (of: (fn: IFunction, label: string) => IMetric) =>
      [...props.functions].map(([name, fn]) => of(fn, name));
    const waf = (metricName: string) =>
      new Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        dimensionsMap: { WebACL: props.webAclName, Rule: 'ALL', Region: Stack.of(this).region },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    const spendLine = (value: number, label: string): HorizontalAnnotation => ({ value, label });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `crisis-router-${props.stage}`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# crisis-router ${props.stage}\nEvery alarm below has an entry in **docs/runbook.md** (what it means, what to check, what to do).`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(
      graph('Pages and escalations', ['PagesSent', 'PageFailures', 'Escalations', 'Unanswered'].map(sum)),
      graph('Page failure rate (%)', [pageFailureRate()], {
        leftAnnotations: [{ value: PAGE_FAILURE_RATE_PERCENT, label: 'alarm' }],
      }),
      graph(
        'Time to acknowledge',
        ['p50', 'p90', 'Maximum'].map((statistic) =>
          crisisMetric('TimeToAcknowledge', statistic, FIVE_MINUTES).with({ label: statistic }),
        ),
      ),
    );
    const perChannel = (metric: string, statistic = 'Sum') =>
      DELIVERY_CHANNELS.map((c) => channelMetric(metric, c, statistic).with({ label: `${c} ${statistic}` }));
    this.dashboard.addWidgets(
      graph('Delivery by channel: sends and failures', [
        ...perChannel('ChannelSends'),
        ...perChannel('ChannelFailures'),
      ]),
      graph(
        'Failures by channel and reason',
        DELIVERY_CHANNELS.flatMap((c) =>
          FAILURE_CLASSES.map((r) =>
            channelMetric('ChannelFailuresByReason', c, 'Sum', FIVE_MINUTES, r).with({ label: `${c} ${r}` }),
          ),
        ),
      ),
      graph('Time to provider acceptance (ms)', [
        ...perChannel('ProviderAcceptMs', 'p50'),
        ...perChannel('ProviderAcceptMs', 'p99'),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Safety net: sweeper found overdue, ops alerts', ['SweeperOverdue', 'OpsAlerts'].map(sum)),
      graph('Queues', [
        props.timerQueue.metricApproximateNumberOfMessagesVisible({
          label: 'timers due',
          period: FIVE_MINUTES,
        }),
        props.timerQueue.metricApproximateNumberOfMessagesNotVisible({
          label: 'timers waiting',
          period: FIVE_MINUTES,
        }),
        props.timerDeadLetters.metricApproximateNumberOfMessagesVisible({
          label: 'timer DLQ',
          period: FIVE_MINUTES,
        }),
        props.asyncDeadLetters.metricApproximateNumberOfMessagesVisible({
          label: 'async DLQ',
          period: FIVE_MINUTES,
        }),
      ]),
      graph('SMS spend this month (USD)', [smsSpendMetric(Duration.hours(1))], {
        leftAnnotations: [
          spendLine(props.smsSpend.limitUsd, 'monthly limit'),
          spendLine((props.smsSpend.limitUsd * props.smsSpend.alarmPercent) / 100, 'alarm'),
        ],
      }),
    );
    this.dashboard.addWidgets(
      graph('API requests and errors', [
        props.apiStage.metricCount({ period: FIVE_MINUTES, statistic: 'Sum', label: 'requests' }),
        props.apiStage.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }),
        props.apiStage.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' }),
      ]),
      graph(
        'API latency (ms)',
        ['p50', 'p99'].map((statistic) =>
          props.apiStage.metricLatency({ period: FIVE_MINUTES, statistic, label: statistic }),
        ),
      ),
      graph('WAF', [waf('AllowedRequests'), waf('BlockedRequests'), waf('CountedRequests')]),
    );
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        perFunction((fn, label) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label })),
      ),
      graph(
        'Function throttles',
        perFunction((fn, label) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum', label })),
      ),
      graph(
        'Function duration p99 (ms)',
        perFunction((fn, label) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label })),
      ),
    );
  }
}
