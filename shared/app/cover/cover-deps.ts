import type { CoverRequestStore } from '../../ports/cover-request-store.js';
import type { Pager } from '../../ports/pager.js';
import type { Signals } from '../../ports/signals.js';
import type { AdminDeps } from '../deps.js';

/** What the cover-request use cases need: the rota, the requests, and a way to tell people. */
export interface CoverDeps extends AdminDeps {
  covers: CoverRequestStore;
  pager: Pager;
  signals: Signals;
  /** The web interface's public URL (no trailing slash): offers link `/cover/<token>`, admins the console. */
  publicBaseUrl: string;
}
