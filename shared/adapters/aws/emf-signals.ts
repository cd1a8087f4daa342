import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { SignalName, Signals } from '../../ports/signals.js';

const UNITS: Record<SignalName, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  PagesSent: MetricUnit.Count,
  PageFailures: MetricUnit.Count,
  CallsUnanswered: MetricUnit.Count,
  Escalations: MetricUnit.Count,
  Unanswered: MetricUnit.Count,
  SweeperOverdue: MetricUnit.Count,
  TimeToAcknowledge: MetricUnit.Milliseconds,
  GapAlerts: MetricUnit.Count,
  GapAlertsUndelivered: MetricUnit.Count,
  CoverRequests: MetricUnit.Count,
  CoverExpired: MetricUnit.Count,
};

/** Signals as CloudWatch EMF metrics (flushed by the handler's middleware) and alerts as warning logs. */
export function emfSignals(metrics: Metrics, logger: Logger): Signals {
  return {
    count: (metric, value = 1) => metrics.addMetric(metric, UNITS[metric], value),
    alert: (reason) => {
      metrics.addMetric('OpsAlerts', MetricUnit.Count, 1);
      logger.warn('ops alert', { reason });
    },
    // Per channel (and failures per class too): dimensioned metrics, each in its own EMF record.
    delivery: ({ channel, outcome, failure, latencyMs }) => {
      const byChannel = metrics.singleMetric();
      byChannel.addDimension('Channel', channel);
      byChannel.addMetric(outcome === 'sent' ? 'ChannelSends' : 'ChannelFailures', MetricUnit.Count, 1);
      const latency = metrics.singleMetric();
      latency.addDimension('Channel', channel);
      latency.addMetric('ProviderAcceptMs', MetricUnit.Milliseconds, latencyMs);
      if (outcome === 'failed') {
        const byReason = metrics.singleMetric();
        byReason.addDimensions({ Channel: channel, Reason: failure ?? 'other' });
        byReason.addMetric('ChannelFailuresByReason', MetricUnit.Count, 1);
      }
    },
  };
}
