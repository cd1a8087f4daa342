import type { ClinicStore } from '../ports/clinic-store.js';
import type { Clock } from '../ports/clock.js';
import type { KeyStore } from '../ports/key-store.js';
import type { GapAlertStore } from '../ports/rota-notice-store.js';

/** What the admin use cases need; each environment (AWS, local, tests) builds one. */
export interface AdminDeps {
  clinics: ClinicStore;
  keys: KeyStore;
  clock: Clock;
  /** Which gaps were alerted to the fallback contacts, for `alertedAt` on the shifts and gaps views. */
  gapAlerts?: Pick<GapAlertStore, 'listGapAlerts'>;
}
