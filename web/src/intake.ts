// Intake: the hotline's desk. The submit form, the requests being watched (a status panel each, side by
// side) and the clinic's request queue. What is shown lives in the URL (#watch=…), so Back and reload work.
import { get, type Service } from './lib/api.js';
import { byId, el, setText } from './lib/dom.js';
import type { RequestView } from './lib/requests.js';
import { signIn } from './lib/session.js';
import { createCompose } from './intake/compose.js';
import { signedOutBy, type IntakeContext } from './intake/context.js';
import { Queue } from './intake/queue.js';
import { MAX_WATCHED, readState, writeState, type DeskState, type Show } from './intake/state.js';
import { Watchlist } from './intake/watch.js';

const TITLE = 'Intake · crisis-router';

async function loadServices(ctx: IntakeContext): Promise<void> {
  const select = byId<HTMLSelectElement>('service');
  try {
    const list = await get<{ services: Service[] }>(ctx.session, '/services');
    for (const service of [...list.services].sort((a, b) => a.name.localeCompare(b.name))) {
      ctx.services.set(service.serviceId, service);
      select.append(el('option', { value: service.serviceId }, service.name));
    }
  } catch (error) {
    if (!signedOutBy(error))
      setText(byId('compose-error'), `Could not load the services: ${(error as Error).message}`);
  }
}

function startDesk(ctx: IntakeContext): void {
  let state: DeskState = readState();
  const notice = byId('desk-notice');
  const newRequest = byId<HTMLButtonElement>('new-request');
  const composeClose = byId<HTMLButtonElement>('compose-close');
  const refInput = byId<HTMLInputElement>('queue-ref');
  const refError = byId('queue-ref-error');
  const filter = byId<HTMLFieldSetElement>('queue-filter');

  const compose = createCompose(ctx, (view: RequestView) => {
    watchlist.open(view.requestId, view);
    go({ watch: [...state.watch.filter((id) => id !== view.requestId), view.requestId], compose: false });
    watchlist.get(view.requestId)?.focus();
  });
  const watchlist = new Watchlist(ctx, byId('panels'), {
    close: (id) => {
      const index = state.watch.indexOf(id);
      go({ watch: state.watch.filter((other) => other !== id) });
      // Focus goes to the neighbour panel, else back to the queue.
      const next = state.watch[Math.min(index, state.watch.length - 1)];
      if (next) watchlist.get(next)?.focus();
      else (compose.visible ? byId('service') : newRequest).focus();
    },
    update: (view) => queue.noteView(view),
  });
  const queue = new Queue(ctx, {
    open: (id) => {
      if (!state.watch.includes(id)) {
        if (state.watch.length >= MAX_WATCHED)
          return void setText(notice, `${MAX_WATCHED} requests are watched already: close one first.`);
        go({ watch: [...state.watch, id] });
      }
      watchlist.get(id)?.focus();
    },
    unanswered: (count) => (document.title = count ? `(${count} unanswered) ${TITLE}` : TITLE),
  });

  /** Shows `state`: the panels it names, the form if asked for (always when nothing is watched). */
  function apply(next: DeskState): void {
    state = next;
    setText(notice, '');
    watchlist.sync(state.watch);
    queue.markWatched(state.watch);
    queue.filter(state.show, state.reference);
    const composing = state.compose || state.watch.length === 0;
    if (composing) compose.show();
    else compose.hide();
    newRequest.hidden = composing;
    composeClose.hidden = state.watch.length === 0;
    refInput.value = state.reference;
    byId('queue-clear').hidden = !state.reference;
    filter.disabled = Boolean(state.reference);
    for (const radio of filter.querySelectorAll<HTMLInputElement>('input[name=show]'))
      radio.checked = radio.value === state.show;
  }

  /** A change Back should undo ('push'), or one it should not (a filter: 'replace'). */
  function go(change: Partial<DeskState>, mode: 'push' | 'replace' = 'push'): void {
    apply({ ...state, ...change });
    writeState(state, mode);
  }

  newRequest.addEventListener('click', () => {
    go({ compose: true });
    byId<HTMLSelectElement>('service').focus();
  });
  composeClose.addEventListener('click', () => {
    go({ compose: false });
    newRequest.focus();
  });
  filter.addEventListener('change', (event) => {
    const value = (event.target as HTMLInputElement).value as Show;
    go({ show: value }, 'replace');
  });
  byId<HTMLFormElement>('queue-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const reference = refInput.value.trim().toUpperCase();
    const valid = /^R[A-Z0-9]{3,4}$/.test(reference);
    setText(refError, valid || !reference ? '' : 'A reference is R and 3 or 4 letters or digits, like R7KQ.');
    refInput.setAttribute('aria-invalid', String(!valid && Boolean(reference)));
    if (valid || !reference) go({ reference });
  });
  byId('queue-clear').addEventListener('click', () => {
    go({ reference: '' });
    refInput.focus();
  });
  byId('to-queue').addEventListener('click', () => {
    byId('queue-title').focus();
    byId('queue').scrollIntoView({ block: 'start' });
  });
  window.addEventListener('popstate', () => {
    // An in-page link (the skip link's #main) is a fragment, not a state: keep the state, put it back.
    if (location.hash && !location.hash.includes('=')) return writeState(state, 'replace');
    apply(readState());
  });

  apply(state);
  // An old #request=<id> link becomes #watch=<id>.
  writeState(state, 'replace');
  byId('desk').hidden = false;
}

signIn('intake', async (session) => {
  const ctx: IntakeContext = { session, services: new Map() };
  await loadServices(ctx);
  startDesk(ctx);
});
