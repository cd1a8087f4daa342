// Local phones: the local stack's outbox (GET /local/outbox) as one phone per recipient, with the page's ack
// link and a reply box that posts to /local/sms-inbound as that phone. Local stack only; no key needed.
import { ApiError, call } from './lib/api.js';
import { byId, el, setText } from './lib/dom.js';
import { SiteLinks } from './lib/links.js';
import { formatter } from './lib/time.js';

interface Message {
  to: string;
  channel: 'sms' | 'email' | string;
  clinicianId?: string;
  text: string;
  ackUrl: string;
  code: string;
  /** On reminders and on the reply to an acceptance: the acceptor's case page. */
  caseUrl?: string;
  sentAt: string;
  /** A voice call's id: keys pressed on it go to /local/voice-inbound. */
  callId?: string;
  /** 'verification' (a code) or 'test': a message about a contact method, not a page. */
  purpose?: string;
}

interface Phone {
  name: string;
  root: HTMLElement;
  subtitle: HTMLElement;
  screen: HTMLElement;
  number: string | null;
}

const POLL_MS = 1_500;
/** Bubbles kept per phone: the outbox keeps every run's messages in DATA_DIR. */
const KEEP = 30;
const clock = formatter(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const container = byId('phones');
const phones = new Map<string, Phone>();
/** Replies come back addressed to the phone number only: this finds the clinician's phone for them. */
const numberToPhone = new Map<string, string>();
let seen = 0;
let first = true;
const links = new SiteLinks();

function phoneFor(message: Message): Phone {
  const id = message.clinicianId ?? numberToPhone.get(message.to) ?? message.to;
  let phone = phones.get(id);
  if (!phone) {
    const subtitle = el('span', {}, message.clinicianId ? '' : 'fallback contact');
    const headingId = `phone-${phones.size}`;
    const screen = el('div', { class: 'screen', tabindex: '0', role: 'log', 'aria-labelledby': headingId });
    const root = el(
      'section',
      { class: 'phone', 'aria-labelledby': headingId },
      el('h2', { id: headingId }, id, subtitle),
      screen,
    );
    phone = { name: id, root, subtitle, screen, number: null };
    phones.set(id, phone);
    container.append(root);
  }
  if (message.channel === 'sms' && phone.number === null) {
    phone.number = message.to;
    numberToPhone.set(message.to, id);
    if (message.clinicianId) setText(phone.subtitle, message.to);
    phone.root.append(replyForm(phone, message.to));
  }
  return phone;
}

/** What the clinician would type back: the page's code accepts, the code with N declines. */
async function reply(phone: Phone, number: string, body: string): Promise<void> {
  await call('POST', '/local/sms-inbound', { json: { from: number, body } });
  const meta = el('span', { class: 'meta' }, `You replied · ${clock.format(Date.now())}`);
  bubble(phone, el('div', { class: 'bubble mine' }, meta, body));
  void poll();
}

function quickReplies(phone: Phone, number: string, code: string): HTMLElement {
  const button = (label: string, body: string) => {
    const node = el('button', { type: 'button' }, label);
    node.addEventListener('click', async () => {
      node.disabled = true;
      try {
        await reply(phone, number, body);
      } catch (error) {
        setText(byId('phones-notice'), `The reply was not sent: ${(error as Error).message}`);
      } finally {
        node.disabled = false;
      }
    });
    return node;
  };
  return el(
    'div',
    { class: 'quick' },
    button(`Reply ${code} (accept)`, code),
    button(`Reply ${code}N (decline)`, `${code}N`),
  );
}

function replyForm(phone: Phone, number: string): HTMLFormElement {
  const inputId = `reply-${number.replace(/\W/g, '')}`;
  const input = el('input', {
    id: inputId,
    type: 'text',
    autocomplete: 'off',
    placeholder: 'Reply, e.g. the code',
  });
  const button = el('button', { type: 'submit' }, 'Send');
  const form = el(
    'form',
    { class: 'reply' },
    el('label', { for: inputId, class: 'visually-hidden' }, `Reply by SMS from ${number}`),
    input,
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) return input.focus();
    button.disabled = true;
    try {
      await reply(phone, number, body);
      input.value = '';
    } catch (error) {
      setText(byId('phones-notice'), `The reply was not sent: ${(error as Error).message}`);
    } finally {
      button.disabled = false;
      input.focus();
    }
  });
  return form;
}

/** Keys pressed during a call, as the calling provider passes them on; the call says what was recorded. */
function keypad(phone: Phone, callId: string): HTMLElement {
  const key = (digit: string, label: string) => {
    const node = el('button', { type: 'button' }, `Press ${digit} (${label})`);
    node.addEventListener('click', async () => {
      node.disabled = true;
      try {
        const answer = await call<{ say: string }>('POST', '/local/voice-inbound', {
          json: { callId, digits: digit },
        });
        const meta = el('span', { class: 'meta' }, `You pressed ${digit} · the call says`);
        bubble(phone, el('div', { class: 'bubble mine' }, meta, answer.say));
        void poll();
      } catch (error) {
        setText(byId('phones-notice'), `The key was not sent: ${(error as Error).message}`);
      } finally {
        node.disabled = false;
      }
    });
    return node;
  };
  return el('div', { class: 'quick' }, key('1', 'accept'), key('2', 'decline'));
}

function bubble(phone: Phone, node: HTMLElement): void {
  phone.screen.append(node);
  while (phone.screen.childElementCount > KEEP) phone.screen.firstElementChild?.remove();
  phone.screen.scrollTop = phone.screen.scrollHeight;
}

function render(message: Message): void {
  const phone = phoneFor(message);
  const purpose =
    message.purpose === 'verification'
      ? ' (a code)'
      : message.purpose === 'test'
        ? ' (test)'
        : message.purpose === 'gap-alert'
          ? ' (rota alert)'
          : message.purpose === 'shift-notice'
            ? ' (shift notice)'
            : '';
  const toOther = message.to === phone.number ? '' : ` to ${message.to}`;
  const kind =
    message.channel === 'sms'
      ? `SMS${toOther}${purpose}`
      : message.channel === 'email'
        ? `Email to ${message.to}`
        : message.channel === 'voice'
          ? `Incoming call from crisis-router${toOther}${purpose}`
          : message.channel;
  if (message.ackUrl) links.learnFrom(message.ackUrl);
  if (message.caseUrl) links.learnFrom(message.caseUrl);
  // Links in the text (the ack link, the case link in a reply) are tappable when they lead to this site.
  const node = el(
    'div',
    { class: 'bubble' },
    el('span', { class: 'meta' }, `${kind} · ${clock.format(Date.parse(message.sentAt))}`),
    el('span', { class: 'text' }, ...links.render(message.text)),
  );
  const caseHref = message.caseUrl ? links.href(message.caseUrl) : null;
  if (caseHref && !node.querySelector('a.case'))
    node.append(
      el('br'),
      el(
        'a',
        { class: 'case', href: caseHref, target: '_blank', rel: 'noopener noreferrer' },
        'Open the case',
      ),
    );
  if (message.ackUrl && message.channel === 'voice' && message.callId) {
    // A call has no link to tap: the person answers with a key.
    node.append(keypad(phone, message.callId));
    if (!first) setText(byId('arrivals'), `Incoming call on ${phone.name}'s phone`);
  } else if (message.ackUrl) {
    const href = links.href(message.ackUrl);
    if (href && !node.querySelector('a.ack'))
      node.append(
        el('br'),
        el('a', { class: 'ack', href, target: '_blank', rel: 'noopener noreferrer' }, 'Open the ack link'),
      );
    if (message.channel === 'sms' && message.code && phone.number)
      node.append(quickReplies(phone, phone.number, message.code));
    if (!first) setText(byId('arrivals'), `New page on ${phone.name}'s phone`);
  }
  bubble(phone, node);
}

let polling: Promise<void> | null = null;

/** One poll at a time, so a message is never rendered twice. */
function poll(): Promise<void> {
  polling ??= pollOnce().finally(() => (polling = null));
  return polling;
}

async function pollOnce(): Promise<void> {
  try {
    const { messages } = await call<{ messages: Message[] }>('GET', '/local/outbox');
    if (messages.length < seen) {
      // The outbox was reset (a new DATA_DIR): start over.
      container.replaceChildren();
      phones.clear();
      numberToPhone.clear();
      seen = 0;
    }
    for (const message of messages.slice(seen)) render(message);
    seen = messages.length;
    first = false;
    byId('empty').hidden = seen > 0;
    setText(byId('phones-notice'), '');
  } catch (error) {
    const local = !(error instanceof ApiError && error.status === 404);
    setText(
      byId('phones-notice'),
      local
        ? `Can’t reach the local stack: ${(error as Error).message}`
        : 'The phones view exists on the local stack only.',
    );
  }
}

let timer: number | undefined;
async function loop(): Promise<void> {
  await poll();
  timer = window.setTimeout(loop, POLL_MS);
}
window.addEventListener('pagehide', () => window.clearTimeout(timer));
void loop();
