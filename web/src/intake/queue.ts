// The clinic's request queue (GET …/requests): open ones first, unanswered at the top in red, polled every
// few seconds while the tab shows, "Load more" along nextCursor, a filter and a search by reference.
import { ApiError, get, serverNow } from '../lib/api.js';
import { byId, setText } from '../lib/dom.js';
import { Poller } from '../lib/poller.js';
import { STATUS_RANK, type RequestSummary, type RequestView } from '../lib/requests.js';
import { signedOutBy, type IntakeContext } from './context.js';
import { QueueRow } from './queue-row.js';
import type { Show } from './state.js';

const POLL_MS = 4_000;
const PAGE_SIZE = 25;
/** A page refresh re-reads at most this many pages: older ones stay as last loaded. */
const MAX_REFRESH_PAGES = 4;

interface Page {
  requests: RequestSummary[];
  nextCursor: string | null;
}

export interface QueueEvents {
  open(requestId: string): void;
  /** The count of unanswered requests in view changed (the page title shows it). */
  unanswered(count: number): void;
}

export class Queue {
  private show: Show = 'open';
  private reference = '';
  private pages = 1;
  private rows: RequestSummary[] = [];
  private cursor: string | null = null;
  /** Bumped when the filter changes: an answer to an older filter is dropped. */
  private generation = 0;
  private readonly elements = new Map<string, QueueRow>();
  private readonly views = new Map<string, RequestView>();
  private watched = new Set<string>();
  private readonly poller = new Poller(
    () => this.refresh(),
    () => POLL_MS,
  );
  private readonly list = byId<HTMLOListElement>('queue-list');
  private readonly more = byId<HTMLButtonElement>('load-more');
  private readonly state = byId('queue-state');
  private readonly updated = byId('queue-updated');

  constructor(
    private readonly ctx: IntakeContext,
    private readonly events: QueueEvents,
  ) {
    this.more.addEventListener('click', () => void this.loadMore());
    window.setInterval(() => this.elements.forEach((row) => row.tick(serverNow())), 1_000);
  }

  /** Sets what the queue lists (from the URL) and reloads it if that changed. */
  filter(show: Show, reference: string): void {
    if (show === this.show && reference === this.reference && this.poller.started) return;
    this.show = show;
    this.reference = reference;
    this.pages = 1;
    this.generation++;
    this.rows = [];
    this.render();
    setText(this.state, 'Loading…');
    this.poller.stop();
    this.poller.start();
  }

  markWatched(ids: readonly string[]): void {
    this.watched = new Set(ids);
    for (const id of [...this.views.keys()]) if (!this.watched.has(id)) this.views.delete(id);
    this.render();
  }

  /** A watched request's full view: fresher than the row, and it names who is being paged. */
  noteView(view: RequestView): void {
    this.views.set(view.requestId, view);
    this.render();
  }

  private query(cursor: string | null): string {
    // A reference is searched among open and closed requests alike: the caller may ring about either.
    const params = new URLSearchParams({
      status: this.reference ? 'all' : this.show,
      limit: String(PAGE_SIZE),
    });
    if (this.reference) params.set('reference', this.reference);
    if (cursor) params.set('cursor', cursor);
    return `/requests?${params}`;
  }

  private async fetchPages(count: number, from: string | null): Promise<Page> {
    const requests: RequestSummary[] = [];
    let cursor = from;
    for (let n = 0; n < count; n++) {
      const page = await get<Page>(this.ctx.session, this.query(cursor));
      requests.push(...page.requests);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { requests, nextCursor: cursor };
  }

  private async refresh(): Promise<void> {
    const generation = this.generation;
    const pages = Math.min(this.pages, MAX_REFRESH_PAGES);
    try {
      const page = await this.fetchPages(pages, null);
      if (generation !== this.generation) return;
      const kept = this.pages > pages ? this.rows.slice(pages * PAGE_SIZE) : [];
      const fresh = new Set(page.requests.map((r) => r.requestId));
      this.rows = [...page.requests, ...kept.filter((r) => !fresh.has(r.requestId))];
      if (this.pages <= pages) this.cursor = page.nextCursor;
      this.render();
      setText(this.updated, `Updated ${new Date().toLocaleTimeString()}`);
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  private async loadMore(): Promise<void> {
    if (!this.cursor) return;
    const generation = this.generation;
    this.more.disabled = true;
    try {
      const page = await this.fetchPages(1, this.cursor);
      if (generation !== this.generation) return;
      const known = new Set(this.rows.map((r) => r.requestId));
      const added = page.requests.filter((r) => !known.has(r.requestId));
      this.rows.push(...added);
      this.cursor = page.nextCursor;
      this.pages++;
      this.render();
      // The button goes when there is no more: focus the first row it brought instead of losing focus.
      if (!this.cursor && added[0]) this.elements.get(added[0].requestId)?.focus();
    } catch (error) {
      this.failed(error);
    } finally {
      this.more.disabled = false;
    }
  }

  private failed(error: unknown): void {
    if (signedOutBy(error)) return this.poller.stop();
    const message =
      error instanceof ApiError && error.status === 400
        ? `Not a reference code: ${error.details[0]?.message ?? error.message}`
        : error instanceof ApiError && error.status === 404
          ? 'This server has no request queue yet.'
          : `Can’t load the queue (${(error as Error).message}). Still trying.`;
    setText(this.state, message);
  }

  private merged(row: RequestSummary): RequestSummary & Partial<RequestView> {
    return { ...row, ...this.views.get(row.requestId) };
  }

  private render(): void {
    const rows = this.rows
      .map((row, index) => ({ row: this.merged(row), index }))
      .sort((a, b) => STATUS_RANK[a.row.status] - STATUS_RANK[b.row.status] || a.index - b.index)
      .map(({ row }) => row);
    const now = serverNow();
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.requestId);
      let element = this.elements.get(row.requestId);
      if (!element) {
        element = new QueueRow(this.ctx, row.requestId, () => this.events.open(row.requestId));
        this.elements.set(row.requestId, element);
      }
      element.render(row, this.watched.has(row.requestId), now);
    }
    for (const [id, element] of this.elements)
      if (!seen.has(id)) {
        element.root.remove();
        this.elements.delete(id);
      }
    // Re-append only when the order changed: moving a row that holds focus would drop the focus.
    const order = rows.map((row) => this.elements.get(row.requestId)?.root);
    const current = [...this.list.children];
    if (order.length !== current.length || order.some((root, i) => root !== current[i]))
      for (const root of order) if (root) this.list.append(root);

    this.more.hidden = !this.cursor;
    const unanswered = rows.filter((row) => row.status === 'unanswered').length;
    this.events.unanswered(unanswered);
    setText(this.state, this.summary(rows.length, unanswered));
  }

  private summary(count: number, unanswered: number): string {
    if (this.reference)
      return count
        ? `${count} request${count === 1 ? '' : 's'} with reference ${this.reference}`
        : `No request with reference ${this.reference}.`;
    const what = { open: 'open request', closed: 'closed request', all: 'request' }[this.show];
    if (!count) return `No ${what}s.`;
    const more = this.cursor ? ' shown (more below)' : '';
    return `${count} ${what}${count === 1 ? '' : 's'}${more}${unanswered ? `, ${unanswered} unanswered` : ''}`;
  }
}
