// My contact methods: a clinician signs in with their own key and sees how pages reach them, adds a number
// (a code is sent at once), types the code, sends a test page, removes a method, and turns on notifications
// for this browser (Web Push), and asks for or takes cover (me-cover.ts). Everything goes through the API
// a clinician key may use on itself.
import { ApiError, call } from './lib/api.js';
import { byId, el, setText } from './lib/dom.js';
import { mountCover } from './me-cover.js';

interface Method {
  contactId: string;
  type: 'sms' | 'voice' | 'email' | 'push';
  value: string;
  verified: boolean;
  state: 'verified' | 'pending_code' | 'pending_confirmation' | 'unverified';
  lastResult: { kind: string; outcome: string; code?: string } | null;
}
interface Contacts {
  contacts: Method[];
  plan: Array<{ contactId: string; channel: string; afterSeconds: number }>;
  shiftNoticeMinutes: number;
  pageable: boolean;
  warning?: string;
}
interface Me {
  clinicId: string;
  clinicianId: string;
  key: string;
}

const STORE = 'crisis-router.key.clinician';
const TYPE_WORDS: Record<Method['type'], string> = {
  sms: 'Text message',
  voice: 'Voice call',
  email: 'Email',
  push: 'Notifications',
};
let me: Me;

const base = () =>
  `/v1/clinics/${encodeURIComponent(me.clinicId)}/clinicians/${encodeURIComponent(me.clinicianId)}/contacts`;
const notice = (text: string): void => {
  setText(byId('me-notice'), text);
};
/** A method in a sentence: a push subscription's value is its keys, never shown. */
const named = (m: Method) => (m.type === 'push' ? TYPE_WORDS.push : `${TYPE_WORDS[m.type]} ${m.value}`);
const words = (error: unknown) =>
  error instanceof ApiError
    ? [error.message, ...error.details.map((d) => `${d.path}: ${d.message}`)].join(' — ')
    : 'Something went wrong. Try again.';

function describe(m: Method): string {
  const value = m.type === 'push' ? 'this or another browser' : m.value;
  const state = {
    verified: 'verified',
    pending_code: 'waiting for its code',
    pending_confirmation: 'waiting for the confirmation link in the email',
    unverified: 'not verified: add it again for a new code',
  }[m.state];
  const last = m.lastResult
    ? ` Last ${m.lastResult.kind}: ${m.lastResult.outcome}${m.lastResult.code ? ` (${m.lastResult.code})` : ''}.`
    : '';
  return `${TYPE_WORDS[m.type]}, ${value}: ${state}.${last}`;
}

function button(label: string, action: () => Promise<void>): HTMLButtonElement {
  const node = el('button', { type: 'button' }, label);
  node.addEventListener('click', async () => {
    node.disabled = true;
    try {
      await action();
    } catch (error) {
      notice(words(error));
    } finally {
      node.disabled = false;
    }
  });
  return node;
}

function codeForm(m: Method): HTMLFormElement {
  const id = `code-${m.contactId}`;
  const input = el('input', {
    id,
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: '6',
  });
  const form = el(
    'form',
    { class: 'inline' },
    el('label', { for: id }, 'Code'),
    input,
    el('button', { type: 'submit' }, 'Verify'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('POST', `${base()}/${m.contactId}/verify`, {
        key: me.key,
        json: { code: input.value.trim() },
      });
      notice(`${named(m)}: verified. Pages can reach you there now.`);
      await render();
    } catch (error) {
      notice(words(error));
      input.focus();
    }
  });
  return form;
}

async function render(): Promise<void> {
  const view = await call<Contacts>('GET', base(), { key: me.key });
  setText(
    byId('me-pageable'),
    view.pageable
      ? `Pages reach you by ${view.plan
          .map((p) => {
            const how = TYPE_WORDS[p.channel as Method['type']].toLowerCase();
            return p.afterSeconds ? `${how} after ${p.afterSeconds} s` : how;
          })
          .join(', ')}.`
      : 'Warning: no verified contact method, so pages cannot reach you and you are not on call.',
  );
  byId('me-pageable').className = view.pageable ? '' : 'error';
  const minutes = byId<HTMLInputElement>('me-notice-minutes');
  if (document.activeElement !== minutes) minutes.value = String(view.shiftNoticeMinutes);
  const list = byId('me-list');
  list.replaceChildren(
    ...view.contacts.map((m) =>
      el(
        'li',
        { 'data-contact': m.contactId },
        el('span', {}, describe(m)),
        m.state === 'pending_code' ? codeForm(m) : '',
        m.verified
          ? button('Send a test page', async () => {
              const tested = await call<Method>('POST', `${base()}/${m.contactId}/test`, { key: me.key });
              notice(
                `Test page: ${tested.lastResult?.outcome ?? 'unknown'}${tested.lastResult?.code ? ` (${tested.lastResult.code})` : ''}.`,
              );
              await render();
            })
          : '',
        button('Remove', async () => {
          await call('DELETE', `${base()}/${m.contactId}`, { key: me.key });
          notice(`${named(m)}: removed.`);
          await render();
        }),
      ),
    ),
  );
}

/**
 * Until the registration's own worker is active (subscribe() needs one). Not navigator.serviceWorker.ready:
 * that waits for a worker whose scope covers this page, and one scoped to assets/ never does.
 */
async function activated(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.installing ?? registration.waiting;
  if (registration.active || !worker) return;
  await new Promise<void>((resolve, reject) =>
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('the service worker did not install'));
    }),
  );
}

async function turnOnPush(): Promise<void> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window))
    return notice('This browser cannot show notifications from a web page.');
  const { publicKey } = await call<{ publicKey: string }>('GET', '/v1/push-key', { key: me.key }).catch(
    () => ({ publicKey: '' }),
  );
  if (!publicKey) return notice('Notifications are not set up on this deployment yet.');
  const registration = await navigator.serviceWorker.register(new URL('assets/sw.js', document.baseURI), {
    scope: new URL('assets/', document.baseURI).pathname,
  });
  await activated(registration);
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: publicKey,
  });
  await call('POST', base(), {
    key: me.key,
    json: { type: 'push', value: JSON.stringify(subscription.toJSON()) },
  });
  notice('A code was sent to this browser as a notification: type it next to "Notifications" below.');
  await render();
}

function showSignedIn(): void {
  for (const id of ['me-methods', 'me-add', 'me-notices', 'me-push']) byId(id).hidden = false;
  byId('me-signin').hidden = true;
  byId('who').hidden = false;
  setText(byId('who-name'), `${me.clinicianId} · ${me.clinicId}`);
  mountCover(me, byId('me-methods'));
}

async function start(): Promise<void> {
  const saved = sessionStorage.getItem(STORE);
  if (saved) {
    me = JSON.parse(saved) as Me;
    showSignedIn();
    return render().catch((error: unknown) => notice(words(error)));
  }
  const form = byId<HTMLFormElement>('me-signin');
  form.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
    me = { clinicId: value('me-clinic'), clinicianId: value('me-clinician'), key: value('me-key') };
    try {
      await render();
      sessionStorage.setItem(STORE, JSON.stringify(me));
      showSignedIn();
    } catch (error) {
      setText(byId('me-signin-error'), words(error));
    }
  });
}

byId('me-add').addEventListener('submit', async (event) => {
  event.preventDefault();
  const type = byId<HTMLSelectElement>('me-add-type').value;
  const value = byId<HTMLInputElement>('me-add-number').value.trim();
  try {
    await call('POST', base(), { key: me.key, json: { type, value } });
    setText(byId('me-add-error'), '');
    byId<HTMLInputElement>('me-add-number').value = '';
    notice(`A code was sent to ${value}: type it below.`);
    await render();
  } catch (error) {
    setText(byId('me-add-error'), words(error));
  }
});
byId('me-notices').addEventListener('submit', async (event) => {
  event.preventDefault();
  const typed = byId<HTMLInputElement>('me-notice-minutes').value.trim();
  try {
    // Only the minutes: the notification rules stay as they are.
    await call('PUT', base().replace(/\/contacts$/, '/notification-rules'), {
      key: me.key,
      json: { shiftNoticeMinutes: typed === '' ? Number.NaN : Number(typed) },
    });
    setText(byId('me-notices-error'), '');
    notice(
      Number(typed) === 0
        ? 'Shift notices are off.'
        : `Saved: you will be told ${typed} minutes before your time on call.`,
    );
    await render();
  } catch (error) {
    setText(byId('me-notices-error'), words(error));
  }
});
byId('me-push-on').addEventListener(
  'click',
  () => void turnOnPush().catch((error: unknown) => notice(words(error))),
);
byId('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(STORE);
  location.reload();
});
void start();
