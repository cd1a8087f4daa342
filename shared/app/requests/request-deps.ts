import type { ClinicStore } from '../../ports/clinic-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Pager } from '../../ports/pager.js';
import type { RequestStore } from '../../ports/request-store.js';
import type { Timer } from '../../ports/timer.js';

/** Operational signals (metrics, alarms): the AWS wiring turns them into EMF metrics, tests record them. */
export interface Signals {
  count(metric: SignalName, value?: number): void;
  alert(reason: string): void;
}

export type SignalName =
  'PagesSent' | 'PageFailures' | 'Escalations' | 'Unanswered' | 'SweeperOverdue' | 'TimeToAcknowledge';

export interface RequestDeps {
  clinics: ClinicStore;
  requests: RequestStore;
  pager: Pager;
  timer: Timer;
  clock: Clock;
  signals: Signals;
  /** Where ack links point: the API's public URL, without a trailing slash. */
  publicBaseUrl: string;
}

export const silentSignals: Signals = { count: () => undefined, alert: () => undefined };
