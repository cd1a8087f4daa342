import type { ClinicStore } from '../../ports/clinic-store.js';
import type { Clock } from '../../ports/clock.js';
import type { ClinicDirectory, GapAlertStore } from '../../ports/gap-alert-store.js';
import type { Pager } from '../../ports/pager.js';
import type { Signals } from '../../ports/signals.js';

export interface GapCheckDeps {
  clinics: ClinicStore;
  directory: ClinicDirectory;
  gapAlerts: GapAlertStore;
  pager: Pager;
  clock: Clock;
  signals: Signals;
  /** The web interface's public URL (no trailing slash): the alert links its admin console. */
  publicBaseUrl: string;
}
