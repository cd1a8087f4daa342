// Intake: the hotline's form, then a live status view of the request until a clinician accepts.
import { ApiError, call, clinicPath, get, serverNow, type Service, type Session } from './lib/api.js';
import { byId, el, setText } from './lib/dom.js';
import { describe, levelText, type RequestView } from './lib/requests.js';
import { signIn, signOut } from './lib/session.js';
import { duration, formatter, spokenDuration } from './lib/time.js';

const POLL_MS = 1_500;
const POLL_ACKNOWLEDGED_MS = 5_000;
const FIELDS = ['serviceId', 'urgency', 'summary', 'callbackPhone', 'requesterName'] as const;
type Field = (typeof FIELDS)[number];

const clock = formatter(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
let session: Session;
const services = new Map<string, Service>();
const serviceName = (id: string) => services.get(id)?.name ?? id;

// ---- The form -------------------------------------------------------------------------------------------

const form = byId<HTMLFormElement>('compose');
const fields = byId<HTMLFieldSetElement>('compose-fields');
const send = byId<HTMLButtonElement>('send');
const composeError = byId('compose-error');

/** One key per filled-in form: a retry of the same form is the same request, never a second one. */
let idempotencyKey = crypto.randomUUID();
/** Set while the outcome of a send is unknown: the form stays locked so a retry sends the same body. */
let pendingBody: Record<string, string> | null = null;
let sending = false;

function input(name: Field): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  const element = form.elements.namedItem(name);
  return element instanceof RadioNodeList ? null : (element as HTMLInputElement | null);
}

function readForm(): Record<string, string> {
  const data = new FormData(form);
  const body: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = String(data.get(name) ?? '').trim();
    if (value) body[name] = value;
  }
  return body;
}

function fieldError(name: string, message: string): void {
  const error = document.getElementById(`${name === 'serviceId' ? 'service' : name}-error`);
  if (error) setText(error, message);
  const target = input(name as Field);
  if (target) target.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function clearErrors(): void {
  for (const name of FIELDS) fieldError(name, '');
  setText(composeError, '');
}

/** What the browser can check before sending; the server checks again and its details land on the fields. */
function check(body: Record<string, string>): boolean {
  let first: Field | null = null;
  const fail = (name: Field, message: string) => {
    fieldError(name, message);
    first ??= name;
  };
  if (!body.serviceId) fail('serviceId', 'Choose the service.');
  if (!body.urgency) fail('urgency', 'Choose emergency or urgent.');
  if (!body.summary) fail('summary', 'Say briefly what is happening.');
  if (body.callbackPhone && !/^\+[1-9][0-9]{6,14}$/.test(body.callbackPhone))
    fail('callbackPhone', 'Use the international format: + then country code and number, no spaces.');
  if (first) {
    const target =
      first === 'urgency' ? form.querySelector<HTMLInputElement>('[name=urgency]') : input(first);
    target?.focus();
  }
  return first === null;
}

function setSending(on: boolean, label: string): void {
  sending = on;
  send.disabled = on;
  setText(send, label);
  send.setAttribute('aria-busy', String(on));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return;
  clearErrors();
  const body = pendingBody ?? readForm();
  if (!pendingBody && !check(body)) return;
  // Locked from the first click: a double click, Enter twice or a retry all send this very body and key.
  fields.disabled = true;
  setSending(true, 'Sending…');
  try {
    const view = await call<RequestView>('POST', clinicPath(session, '/requests'), {
      key: session.key,
      json: body,
      headers: { 'idempotency-key': idempotencyKey },
    });
    pendingBody = null;
    watch(view);
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
    if (failure.status === 401) return signOut('intake', 'Your key is no longer accepted. Sign in again.');
    if (failure.uncertain || failure.status === 429) {
      // It may have arrived: keep the form as sent; "Try again" repeats it with the same key.
      pendingBody = body;
      setText(
        composeError,
        `${failure.message} The request may not have been sent. Press “Try again”: it is safe, the clinician is paged once only.`,
      );
      setSending(false, 'Try again');
      return;
    }
    // Rejected before anything was stored (400, 403): correct the form; the same key is fine. A 409 means
    // this key was already used with other details: whatever is sent next is a new request, with a new key.
    if (failure.status === 409) idempotencyKey = crypto.randomUUID();
    fields.disabled = false;
    setSending(false, 'Send to on-call clinician');
    for (const detail of failure.details) fieldError(detail.path.split('.')[0] ?? '', detail.message);
    setText(composeError, failure.message);
  }
});

function resetForm(): void {
  form.reset();
  clearErrors();
  pendingBody = null;
  idempotencyKey = crypto.randomUUID();
  fields.disabled = false;
  setSending(false, 'Send to on-call clinician');
}

// ---- The status view ------------------------------------------------------------------------------------

const watchSection = byId('watch');
const statusLine = byId('status-line');
const banner = byId('banner');
const countdown = byId('countdown');
const notice = byId('watch-notice');
const timeline = byId<HTMLOListElement>('timeline');
let current: RequestView | null = null;
let pollTimer: number | undefined;
let failures = 0;

const STATUS_WORDS: Record<RequestView['status'], string> = {
  paging: 'Paging',
  acknowledged: 'Accepted',
  resolved: 'Resolved',
  cancelled: 'Cancelled',
  unanswered: 'Unanswered',
};

function names(view: RequestView): string {
  return view.paging.map((who) => who.name).join(', ') || 'nobody';
}

function summaryLine(view: RequestView): string {
  switch (view.status) {
    case 'paging':
      return `Paging ${names(view)}, ${levelText(view, services.get(view.routedServiceId)).toLowerCase()}. Waiting for them to accept.`;
    case 'unanswered':
      return `Nobody has accepted yet. Paging the fallback contacts: ${names(view)}.`;
    case 'acknowledged':
      return `${view.assignee?.name ?? 'A clinician'} accepted and will call back.`;
    case 'resolved':
      return `Resolved by ${view.assignee?.name ?? 'the clinician'}.`;
    case 'cancelled':
      return 'Cancelled. Nobody is being paged.';
  }
}

function render(view: RequestView): void {
  const before = current;
  current = view;
  setText(byId('ref'), view.reference);
  const pill = byId('pill');
  setText(pill, STATUS_WORDS[view.status]);
  pill.className = `pill ${view.status}`;
  document.title = `${STATUS_WORDS[view.status]} · ${view.reference} · crisis-router`;
  setText(statusLine, summaryLine(view));

  if (view.status === 'unanswered') {
    if (!banner.firstChild)
      banner.append(
        'Follow your emergency protocol now.',
        el('p', {}, view.emergencyProtocol ?? 'No clinician has accepted this request.'),
      );
  } else banner.replaceChildren();

  setText(byId('f-service'), `${serviceName(view.routedServiceId)} · ${view.urgency}`);
  const open = view.status === 'paging' || view.status === 'unanswered';
  setText(byId('f-paging-label'), open ? 'Being paged' : 'Accepted by');
  setText(byId('f-paging'), open ? names(view) : (view.assignee?.name ?? '—'));
  setText(byId('f-level'), open ? levelText(view, services.get(view.routedServiceId)) : '—');
  setText(byId('f-next-label'), view.status === 'unanswered' ? 'Pages again in' : 'Next escalation in');
  tick();

  if (!before || before.timeline.length !== view.timeline.length || before.requestId !== view.requestId)
    timeline.replaceChildren(
      ...view.timeline.map((entry) => {
        const { text, tone } = describe(entry, serviceName);
        return el(
          'li',
          tone ? { class: tone } : {},
          el('time', { datetime: entry.at }, clock.format(Date.parse(entry.at))),
          text,
        );
      }),
    );
  byId('cancel').hidden = !(open || view.status === 'acknowledged');
  if (byId('cancel').hidden) byId('cancel-confirm').hidden = true;
  setText(byId('updated'), `Updated ${clock.format(Date.now())}`);
}

/** The countdown runs every 250 ms between polls; it is a timer, not announced each second. */
function tick(): void {
  const due = current?.nextEscalationAt ? Date.parse(current.nextEscalationAt) : null;
  const open = current?.status === 'paging' || current?.status === 'unanswered';
  if (!open || due === null) {
    setText(countdown, '—');
    countdown.removeAttribute('aria-label');
    return;
  }
  const left = due - serverNow();
  setText(countdown, left > 0 ? duration(left) : 'now');
  countdown.setAttribute('aria-label', left > 0 ? spokenDuration(left) : 'now');
}

async function poll(): Promise<void> {
  if (!current) return;
  const { requestId } = current;
  try {
    const view = await get<RequestView>(session, `/requests/${encodeURIComponent(requestId)}`);
    if (current?.requestId !== requestId) return;
    failures = 0;
    setText(notice, '');
    render(view);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401)
      return signOut('intake', 'Your key is no longer accepted. Sign in again.');
    failures++;
    if (failures >= 2)
      setText(
        notice,
        `Can’t reach the server (${(error as Error).message}). Still trying; the request itself keeps paging.`,
      );
  }
  schedule();
}

function schedule(): void {
  window.clearTimeout(pollTimer);
  const status = current?.status;
  if (!status || status === 'resolved' || status === 'cancelled') return;
  pollTimer = window.setTimeout(poll, status === 'acknowledged' ? POLL_ACKNOWLEDGED_MS : POLL_MS);
}

function watch(view: RequestView): void {
  history.replaceState(null, '', `${location.pathname}#request=${encodeURIComponent(view.requestId)}`);
  form.hidden = true;
  watchSection.hidden = false;
  current = null;
  render(view);
  byId('watch-title').focus();
  schedule();
}

byId('watch-title').tabIndex = -1;
window.setInterval(tick, 250);

byId('new-request').addEventListener('click', () => {
  window.clearTimeout(pollTimer);
  current = null;
  history.replaceState(null, '', location.pathname);
  document.title = 'Intake · crisis-router';
  watchSection.hidden = true;
  resetForm();
  form.hidden = false;
  byId<HTMLSelectElement>('service').focus();
});

byId('cancel').addEventListener('click', () => {
  byId('cancel').hidden = true;
  byId('cancel-confirm').hidden = false;
  byId('cancel-no').focus();
});
byId('cancel-no').addEventListener('click', () => {
  byId('cancel-confirm').hidden = true;
  byId('cancel').hidden = false;
  byId('cancel').focus();
});
byId('cancel-yes').addEventListener('click', async () => {
  if (!current) return;
  const yes = byId<HTMLButtonElement>('cancel-yes');
  yes.disabled = true;
  try {
    const path = `/requests/${encodeURIComponent(current.requestId)}/cancel`;
    render(await call<RequestView>('POST', clinicPath(session, path), { key: session.key, json: {} }));
    byId('cancel-confirm').hidden = true;
  } catch (error) {
    setText(notice, `Could not cancel: ${(error as Error).message}`);
  } finally {
    yes.disabled = false;
  }
});

// ---- Start ----------------------------------------------------------------------------------------------

signIn('intake', async (signedIn) => {
  session = signedIn;
  try {
    const list = await get<{ services: Service[] }>(session, '/services');
    const select = byId<HTMLSelectElement>('service');
    for (const service of [...list.services].sort((a, b) => a.name.localeCompare(b.name))) {
      services.set(service.serviceId, service);
      select.append(el('option', { value: service.serviceId }, service.name));
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401)
      return signOut('intake', 'Your key is no longer accepted. Sign in again.');
    setText(composeError, `Could not load the services: ${(error as Error).message}`);
  }
  const requestId = new URLSearchParams(location.hash.slice(1)).get('request');
  if (requestId) {
    try {
      return watch(await get<RequestView>(session, `/requests/${encodeURIComponent(requestId)}`));
    } catch {
      history.replaceState(null, '', location.pathname);
    }
  }
  form.hidden = false;
});
