import type { ClinicStore } from '../../ports/clinic-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Pager } from '../../ports/pager.js';
import type { RequestStore } from '../../ports/request-store.js';
import type { Signals } from '../../ports/signals.js';
import type { Timer } from '../../ports/timer.js';

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
