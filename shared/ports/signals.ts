/** Operational signals (metrics, alarms): the AWS wiring turns them into EMF metrics, tests record them. */
export interface Signals {
  count(metric: SignalName, value?: number): void;
  alert(reason: string): void;
}

export type SignalName =
  'PagesSent' | 'PageFailures' | 'Escalations' | 'Unanswered' | 'SweeperOverdue' | 'TimeToAcknowledge';

export const silentSignals: Signals = { count: () => undefined, alert: () => undefined };
