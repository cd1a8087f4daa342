import type { ClinicStore } from '../ports/clinic-store.js';
import type { Clock } from '../ports/clock.js';
import type { KeyStore } from '../ports/key-store.js';

/** What the admin use cases need; each environment (AWS, local, tests) builds one. */
export interface AdminDeps {
  clinics: ClinicStore;
  keys: KeyStore;
  clock: Clock;
}
