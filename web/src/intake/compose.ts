// The hotline's submit form: browser checks, server details on the fields, and one Idempotency-Key per
// filled-in form so a double click, Enter twice or a retry after a timeout never pages twice.
import { ApiError, call, clinicPath } from '../lib/api.js';
import { byId, setText } from '../lib/dom.js';
import type { RequestView } from '../lib/requests.js';
import { signedOutBy, type IntakeContext } from './context.js';

const FIELDS = [
  'serviceId',
  'urgency',
  'summary',
  'callbackPhone',
  'requesterName',
  'language',
  'ageGroup',
] as const;
type Field = (typeof FIELDS)[number];
const SEND_LABEL = 'Send to on-call clinician';

export interface Compose {
  show(): void;
  hide(): void;
  readonly visible: boolean;
}

export function createCompose(ctx: IntakeContext, onSent: (view: RequestView) => void): Compose {
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

  /** After a request was made: the next "New request" starts from an empty form with a new key. */
  function resetForm(): void {
    form.reset();
    clearErrors();
    pendingBody = null;
    idempotencyKey = crypto.randomUUID();
    fields.disabled = false;
    setSending(false, SEND_LABEL);
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
      const view = await call<RequestView>('POST', clinicPath(ctx.session, '/requests'), {
        key: ctx.session.key,
        json: body,
        headers: { 'idempotency-key': idempotencyKey },
      });
      resetForm();
      onSent(view);
    } catch (error) {
      if (signedOutBy(error)) return;
      const failure = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
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
      setSending(false, SEND_LABEL);
      for (const detail of failure.details) fieldError(detail.path.split('.')[0] ?? '', detail.message);
      setText(composeError, failure.message);
    }
  });

  return {
    // Showing or hiding keeps what was typed (and an unsent body with its key): only a sent form is reset.
    show() {
      form.hidden = false;
    },
    hide() {
      form.hidden = true;
    },
    get visible() {
      return !form.hidden;
    },
  };
}
