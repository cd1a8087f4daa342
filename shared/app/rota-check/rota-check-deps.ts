import type { ClinicStore } from '../../ports/clinic-store.js';
import type { CoverRequestStore } from '../../ports/cover-request-store.js';
import type { Clock } from '../../ports/clock.js';
import type { ClinicDirectory, GapAlertStore, ShiftNoticeStore } from '../../ports/rota-notice-store.js';
import type { RequestStore } from '../../ports/request-store.js';
import type { Pager } from '../../ports/pager.js';
import type { Signals } from '../../ports/signals.js';

export interface RotaCheckDeps {
  clinics: ClinicStore;
  directory: ClinicDirectory;
  gapAlerts: GapAlertStore;
  shiftNotices: ShiftNoticeStore;
  /** Cover requests: expired when untaken, and follow-ups finished that a dead function left undone. */
  covers: CoverRequestStore;
  /** Read for a shift's summary: the pages of the requests made in it. */
  requests: RequestStore;
  pager: Pager;
  clock: Clock;
  signals: Signals;
  /** The web interface's public URL (no trailing slash): the alert links its admin console. */
  publicBaseUrl: string;
}
