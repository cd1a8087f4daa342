// What the intake page shows, kept in the URL's fragment so Back, reload and a shared tab restore it:
// #watch=req_a,req_b&new=1&show=closed&ref=R7KQ. Request ids only: nothing about the caller.

export type Show = 'open' | 'closed' | 'all';

export interface DeskState {
  /** Watched requests, in panel order. */
  watch: string[];
  /** The submit form is open beside the watched requests. */
  compose: boolean;
  show: Show;
  /** The reference searched for, upper case, or ''. */
  reference: string;
}

const SHOWS: readonly Show[] = ['open', 'closed', 'all'];
const ID = /^[\w-]{1,128}$/;
/** Panels at most: each polls its request. */
export const MAX_WATCHED = 6;

export function readState(hash = location.hash): DeskState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  // #request=<id> is what the page wrote before it could watch several requests.
  const ids = (params.get('watch') ?? params.get('request') ?? '').split(',').filter((id) => ID.test(id));
  const show = params.get('show') as Show | null;
  return {
    watch: [...new Set(ids)].slice(0, MAX_WATCHED),
    compose: params.get('new') === '1',
    show: show && SHOWS.includes(show) ? show : 'open',
    reference: (params.get('ref') ?? '').toUpperCase().replace(/[^A-Z0-9]/g, ''),
  };
}

export function stateHash(state: DeskState): string {
  const parts: string[] = [];
  if (state.watch.length) parts.push(`watch=${state.watch.map(encodeURIComponent).join(',')}`);
  if (state.compose && state.watch.length) parts.push('new=1');
  if (state.show !== 'open') parts.push(`show=${state.show}`);
  if (state.reference) parts.push(`ref=${encodeURIComponent(state.reference)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/**
 * Writes the state into the URL: 'push' for what Back should undo (watching, closing, a new request),
 * 'replace' for the rest (filters, a search). Nothing is written when nothing changed.
 */
export function writeState(state: DeskState, mode: 'push' | 'replace'): void {
  const hash = stateHash(state);
  if (hash === location.hash || (hash === '' && location.hash === '')) return;
  const url = `${location.pathname}${location.search}${hash}`;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
