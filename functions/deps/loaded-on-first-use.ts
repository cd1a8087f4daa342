import type { Pager } from '../../shared/ports/pager.js';

/**
 * A pager loaded on its first page: most invocations never call or push, so their cold start does not pay
 * for that provider's client. A failed load is a failed send (retried), and is tried again next time.
 */
export function loadedOnFirstUse(load: () => Promise<Pager>): Pager {
  let loading: Promise<Pager> | undefined;
  return {
    async send(page) {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).send(page);
    },
  };
}
