import type { Logger } from '@aws-lambda-powertools/logger';
import type { DeliverySignal, SignalName, Signals } from '../../shared/ports/signals.js';

/** Local metrics: counted in memory (the e2e script and benchmarks read them) and alerts logged. */
export function localSignals(
  logger: Logger,
): Signals & { counts: Partial<Record<SignalName, number>>; deliveries: DeliverySignal[] } {
  const counts: Partial<Record<SignalName, number>> = {};
  const deliveries: DeliverySignal[] = [];
  return {
    counts,
    deliveries,
    delivery: (event) => {
      deliveries.push(event);
    },
    count: (metric, value = 1) => {
      counts[metric] = (counts[metric] ?? 0) + value;
    },
    alert: (reason) => logger.warn('ops alert', { reason }),
  };
}
