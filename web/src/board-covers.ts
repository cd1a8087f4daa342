// The board's open cover requests: who asks for cover of what and when, and which wait for an admin.
// Admin keys may list them; an intake key gets 403, and then the panel stays hidden without a word.
import { ApiError, get, type Session } from './lib/api.js';
import { el, setText } from './lib/dom.js';
import type { CoverRequest } from './me-cover.js';

export interface CoverPanel {
  /** Lists the open ones again; a 401 or any failure but 403 is thrown for the board to report. */
  refresh(): Promise<void>;
}

/** The panel, put before `before`; `span` writes a window in the clinic's time. */
export function coverPanel(
  session: Session,
  before: HTMLElement,
  span: (start: number, end: number) => string,
): CoverPanel {
  const list = el('ul', { class: 'methods', id: 'board-covers-list' });
  const panel = el(
    'section',
    { id: 'board-covers', class: 'card', hidden: '', 'aria-labelledby': 'board-covers-title' },
    el('h2', { id: 'board-covers-title' }, 'Cover requests'),
    list,
  );
  before.before(panel);
  let allowed = true;

  const line = (c: CoverRequest) => {
    const asks = `${c.requester.name} asks for cover ${span(Date.parse(c.start), Date.parse(c.end))}`;
    const state =
      c.state === 'awaiting_approval'
        ? `taken by ${c.acceptedBy?.name ?? 'a colleague'}, awaiting approval by an admin`
        : 'offered to colleagues, nobody has taken it yet';
    return `${c.serviceName}: ${asks}; ${state}.`;
  };

  return {
    async refresh() {
      if (!allowed) return;
      let items: CoverRequest[];
      try {
        ({ items } = await get<{ items: CoverRequest[] }>(session, '/cover-requests'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) {
          allowed = false;
          panel.hidden = true;
          return;
        }
        throw error;
      }
      const open = items.filter((c) => c.open);
      const text = open.map(line);
      // Only when something changed: the list is not rebuilt under a reader every minute.
      if (list.dataset.shown !== JSON.stringify(text)) {
        list.dataset.shown = JSON.stringify(text);
        list.replaceChildren(
          ...open.map((c, i) =>
            el('li', { 'data-cover': c.coverId, 'data-state': c.state }, el('span', {}, text[i] ?? '')),
          ),
        );
      }
      panel.hidden = open.length === 0;
      setText(panel.querySelector('h2') ?? panel, `Cover requests (${open.length} open)`);
    },
  };
}
