// Cover on /me: the clinician's cover requests (those offered to them, with "Take this cover", and their
// own, with "Withdraw" while open) and a form to ask colleagues to take part of their time on call. Times
// are the browser's local time: a clinician key cannot read the clinic's time zone.
import { ApiError, call } from './lib/api.js';
import { el, setText } from './lib/dom.js';
import { Poller } from './lib/poller.js';
import { formatter } from './lib/time.js';
import { action, clearErrors, field, input, showErrors, words } from './admin/ui.js';

export interface CoverSession {
  clinicId: string;
  clinicianId: string;
  key: string;
}
interface Person {
  clinicianId: string;
  name: string;
}
export type CoverState = 'open' | 'awaiting_approval' | 'covered' | 'cancelled' | 'expired';
export interface CoverRequest {
  coverId: string;
  serviceId: string;
  serviceName: string;
  requester: Person;
  start: string;
  end: string;
  note?: string;
  state: CoverState;
  open: boolean;
  acceptedBy?: Person;
  expiresAt: string;
  canAccept: boolean;
  offeredTo?: Person[];
}

const REFRESH_MS = 60_000;
const when = formatter(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const at = (iso: string) => when.format(Date.parse(iso));
/** "Tue 3 Mar, 02:00 – Tue 3 Mar, 04:00" */
export const coverSpan = (c: Pick<CoverRequest, 'start' | 'end'>) => `${at(c.start)} – ${at(c.end)}`;

/** What this clinician needs to know of one cover request, in a sentence or two. */
function describe(c: CoverRequest, me: string): string {
  const taker = c.acceptedBy?.clinicianId === me ? 'you' : (c.acceptedBy?.name ?? 'a colleague');
  const what = `${c.serviceName}, ${coverSpan(c)}`;
  const note = c.note ? ` Note: “${c.note}”` : '';
  if (c.requester.clinicianId === me) {
    const state = {
      open: `Offered to colleagues, expires ${at(c.expiresAt)}.`,
      awaiting_approval: `Taken by ${taker}, awaiting approval by an admin.`,
      covered: `Covered by ${taker}.`,
      cancelled: 'Withdrawn.',
      expired: 'Expired: nobody took it.',
    }[c.state];
    return `You asked for cover: ${what}. ${state}${note}`;
  }
  const state = {
    open: c.canAccept ? `Open until ${at(c.expiresAt)}.` : 'Open.',
    awaiting_approval: `Taken by ${taker}, awaiting approval by an admin.`,
    covered: `Covered by ${taker}.`,
    cancelled: `Withdrawn by ${c.requester.name}.`,
    expired: 'Expired: nobody took it.',
  }[c.state];
  return `${c.requester.name} asks for cover: ${what}. ${state}${note}`;
}

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g;
/** The API's field messages in this page's words: its instants in local time, "you" for the requester. */
function ours(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = error.details.map((d) => ({
    ...d,
    message: d.message.replace(INSTANT, (iso) => at(iso)).replace(/^the requester is\b/, 'you are'),
  }));
  return new ApiError(error.status, error.code, error.message, details);
}

/** A datetime-local value (browser time) as an ISO instant; null when empty or not a time. */
function instant(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Builds the two cards, puts them after `after`, and loads the list (then every minute while shown). */
export function mountCover(session: CoverSession, after: HTMLElement): void {
  const base = `/v1/clinics/${encodeURIComponent(session.clinicId)}`;
  const status = el('p', { class: 'status-note', id: 'me-cover-status', role: 'status' });
  const failure = el('p', { class: 'error', id: 'me-cover-error', role: 'alert' });
  const list = el('ul', { class: 'methods', id: 'me-cover-list' });
  const empty = el('p', { class: 'muted', id: 'me-cover-empty', hidden: '' }, 'No cover requests for you.');
  const section = el(
    'section',
    { id: 'me-cover', class: 'card', 'aria-labelledby': 'me-cover-title' },
    el('h2', { id: 'me-cover-title' }, 'Cover'),
    el(
      'p',
      { class: 'muted' },
      'Colleagues asking you to take part of their time on call, and your own requests.',
    ),
    status,
    failure,
    empty,
    list,
  );

  const service = input({ id: 'me-cover-service', name: 'service', list: 'me-cover-services' });
  const services = el('datalist', { id: 'me-cover-services' });
  const start = input({ id: 'me-cover-start', name: 'start', type: 'datetime-local' });
  const end = input({ id: 'me-cover-end', name: 'end', type: 'datetime-local' });
  const note = el('textarea', { id: 'me-cover-note', name: 'note', maxlength: '200', rows: '2' });
  const askError = el('p', { class: 'error', id: 'me-cover-ask-error', role: 'alert' });
  const asked = el('p', { class: 'status-note', id: 'me-cover-asked', role: 'status' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Ask colleagues');
  const form = el(
    'form',
    { id: 'me-cover-ask', class: 'card', novalidate: '', 'aria-labelledby': 'me-cover-ask-title' },
    el('h2', { id: 'me-cover-ask-title' }, 'Ask for cover'),
    el(
      'p',
      { class: 'muted' },
      'Part of your own time on call: it is offered at once to your colleagues on the service, and the first to take it is on call in your place.',
    ),
    field(service, {
      label: 'Service',
      path: 'serviceId',
      hint: 'The service’s ID, as your clinic names it.',
    }),
    services,
    field(start, { label: 'Starts (your local time)', path: 'start' }),
    field(end, { label: 'Ends (your local time)', path: 'end' }),
    field(note, {
      label: 'Note for colleagues (optional)',
      path: 'note',
      hint: 'No caller or patient details. At most 200 characters.',
    }),
    askError,
    el('div', { class: 'actions' }, submit),
    asked,
  );
  after.after(section, form);

  const report = (error: unknown): void => void setText(failure, words(error));
  const itemOf = (coverId: string) =>
    list.querySelector<HTMLElement>(`li[data-cover="${CSS.escape(coverId)}"]`);

  async function load(): Promise<void> {
    const { items } = await call<{ items: CoverRequest[] }>('GET', `${base}/cover-requests`, {
      key: session.key,
    });
    const now = Date.now();
    const shown = items.filter((c) => c.open || Date.parse(c.end) > now);
    empty.hidden = shown.length > 0;
    list.replaceChildren(...shown.map(row));
    // The services this clinician has cover requests on, to pick from; one known is filled in.
    const known = new Map(items.map((c) => [c.serviceId, c.serviceName]));
    services.replaceChildren(...[...known].map(([id, name]) => el('option', { value: id }, name)));
    if (!service.value && known.size === 1) service.value = [...known.keys()][0] ?? '';
  }
  const poller = new Poller(
    () => load().catch(report),
    () => REFRESH_MS,
  );

  /** After an action: the list again, the focus on the item it was about (its buttons may be gone). */
  async function settle(coverId: string, said: string): Promise<void> {
    setText(failure, '');
    setText(status, said);
    await poller.now();
    itemOf(coverId)?.focus();
  }

  function row(c: CoverRequest): HTMLLIElement {
    const textId = `me-cover-${c.coverId}`;
    const buttons: HTMLButtonElement[] = [];
    if (c.canAccept)
      buttons.push(
        action(
          'Take this cover',
          async () => {
            try {
              const taken = await call<CoverRequest>(
                'POST',
                `${base}/cover-requests/${encodeURIComponent(c.coverId)}/accept`,
                { key: session.key },
              );
              await settle(
                c.coverId,
                taken.state === 'awaiting_approval'
                  ? `You took it: ${c.serviceName}, ${coverSpan(c)}. Waiting for an admin’s approval.`
                  : `You cover ${c.serviceName}, ${coverSpan(c)}, for ${c.requester.name}.`,
              );
            } catch (error) {
              // 409: someone was first ("<name> has already taken this cover"), or it closed meanwhile.
              if (!(error instanceof ApiError) || error.status !== 409) throw error;
              await settle(c.coverId, '');
              setText(failure, words(error));
            }
          },
          report,
          { 'aria-describedby': textId, class: 'primary' },
        ),
      );
    if (c.requester.clinicianId === session.clinicianId && c.open)
      buttons.push(
        action(
          'Withdraw',
          async () => {
            await call('POST', `${base}/cover-requests/${encodeURIComponent(c.coverId)}/cancel`, {
              key: session.key,
            });
            await settle(c.coverId, `Withdrawn: ${c.serviceName}, ${coverSpan(c)}.`);
          },
          report,
          { 'aria-describedby': textId },
        ),
      );
    return el(
      'li',
      { 'data-cover': c.coverId, 'data-state': c.state, tabindex: '-1' },
      el('span', { id: textId }, describe(c, session.clinicianId)),
      ...buttons,
    );
  }

  /** A problem found before asking the API, shown beside its control like the API's own. */
  function mark(control: HTMLElement, message: string): void {
    control.setAttribute('aria-invalid', 'true');
    const line = form.querySelector<HTMLElement>(`#${CSS.escape(control.id)}-error`);
    if (line) setText(line, message);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    clearErrors(form, askError);
    setText(asked, '');
    const serviceId = service.value.trim();
    const from = instant(start.value);
    const until = instant(end.value);
    const problems: Array<[HTMLElement, string]> = [];
    if (!serviceId) problems.push([service, 'Enter the service.']);
    if (!from) problems.push([start, 'Enter when it starts.']);
    if (!until) problems.push([end, 'Enter when it ends.']);
    else if (from && until <= from) problems.push([end, 'Must be after the start.']);
    if (problems.length) {
      for (const [control, message] of problems) mark(control, message);
      setText(askError, `Check the ${problems.length === 1 ? 'field' : `${problems.length} fields`} marked.`);
      problems[0]?.[0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const text = note.value.trim();
      const created = await call<CoverRequest & { offers: { sent: number; failed: number } }>(
        'POST',
        `${base}/services/${encodeURIComponent(serviceId)}/cover-requests`,
        { key: session.key, json: { start: from, end: until, ...(text && { note: text }) } },
      );
      const n = created.offeredTo?.length ?? created.offers.sent;
      const late = created.offers.failed
        ? ` ${created.offers.failed} could not be reached yet: they are tried again within minutes.`
        : '';
      setText(asked, `Asked: offered to ${n} colleague${n === 1 ? '' : 's'}.${late}`);
      start.value = '';
      end.value = '';
      note.value = '';
      await poller.now();
      itemOf(created.coverId)?.focus();
    } catch (error) {
      showErrors(form, askError, ours(error));
      if (error instanceof ApiError && error.status === 404) {
        mark(service, 'No such service here. Check its ID.');
        service.focus();
      }
    } finally {
      submit.disabled = false;
    }
  });

  poller.start();
}
