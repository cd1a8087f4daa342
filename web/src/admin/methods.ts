// A person's contact methods, managed by the clinic admin: a clinician's (…/clinicians/{id}/contacts) or a
// fallback contact's (…/fallback-contacts/{id}/contacts). List with each method's state, add one (a code
// goes to it), type the code the person read out, send a test page, remove. The clinic settings' number of
// a fallback contact shows as `settings-sms`: testable, changed in the settings, never removed here.
import { el, setText } from '../lib/dom.js';
import type { Console, Method, MethodsView } from './context.js';
import { action, clearErrors, field, input, select, showErrors, uid, words } from './ui.js';
import { seconds } from './words.js';

const TYPE_WORDS: Record<Method['type'], string> = {
  sms: 'Text message',
  voice: 'Voice call',
  email: 'Email',
  push: 'Notifications',
};

const STATE_WORDS: Record<Method['state'], string> = {
  verified: 'verified, paged',
  pending_code: 'waiting for its code (not paged yet)',
  pending_confirmation: 'waiting for the confirmation link in the email (not paged yet)',
  unverified: 'not verified (not paged): add it again for a new code',
};

const WARNING_WORDS: Record<string, string> = {
  clinician_inactive: 'Inactive: never paged (their levels are skipped)',
  no_verified_contact: 'No verified contact method: pages cannot reach them',
};
export const warningWords = (warning: string) => WARNING_WORDS[warning] ?? `Cannot be paged (${warning})`;

export function describeMethod(m: Method): string {
  const value = m.type === 'push' ? 'a browser' : m.value;
  const settings = m.contactId === 'settings-sms' ? ' (the number in the clinic settings)' : '';
  const last = m.lastResult
    ? ` Last ${m.lastResult.kind === 'test' ? 'test page' : 'code'}: ${m.lastResult.outcome}${m.lastResult.code ? ` (${m.lastResult.code})` : ''}.`
    : '';
  return `${TYPE_WORDS[m.type]}, ${value}${settings}: ${STATE_WORDS[m.state]}.${last}`;
}

export interface MethodsOptions {
  /** `/clinicians/ana/contacts` or `/fallback-contacts/fb-1/contacts`. */
  path: string;
  /** Whose methods, in words: "Dr Ana Okafor". */
  owner: string;
  /** Heading level of the block's title (inside a card with an h3: 4). */
  level?: 3 | 4;
  /** After any change (the list the section shows may need the new state). */
  changed?: () => void;
}

/** The methods block; it loads itself and reloads after each change. */
export function methodsBlock(ctx: Console, options: MethodsOptions): HTMLElement {
  const titleId = uid('methods');
  const title = el(
    `h${options.level ?? 4}` as 'h4',
    { id: titleId, tabindex: '-1' },
    `How pages reach ${options.owner}`,
  );
  const summary = el('p', {});
  const list = el('ul', { class: 'methods' });
  const status = el('p', { class: 'status-note', role: 'status' });
  const block = el(
    'section',
    { class: 'methods-block', 'aria-labelledby': titleId },
    title,
    summary,
    list,
    status,
  );
  const say = (text: string) => setText(status, text);
  const report = (error: unknown) => say(words(error));

  const type = select([
    ['sms', 'Text message (SMS)'],
    ['voice', 'Voice call'],
    ['email', 'Email'],
  ]);
  const value = input({ type: 'tel', autocomplete: 'off', spellcheck: 'false' });
  const valueField = field(value, {
    label: 'Phone number, international format',
    path: 'value',
    hint: 'A code is sent to it at once; it is paged only after the code is typed here.',
  });
  const addError = el('p', { class: 'error', role: 'alert' });
  const addButton = el('button', { type: 'submit' }, 'Add and send a code');
  const add = el(
    'form',
    { class: 'add-method', novalidate: '' },
    el('div', { class: 'two' }, field(type, { label: 'Add a method', path: 'type' }), valueField),
    addError,
    el('div', { class: 'actions' }, addButton),
  );
  type.addEventListener('change', () => {
    const email = type.value === 'email';
    value.type = email ? 'email' : 'tel';
    const label = valueField.querySelector('label');
    if (label) label.textContent = email ? 'Email address' : 'Phone number, international format';
  });
  add.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (addButton.disabled) return;
    clearErrors(add, addError);
    addButton.disabled = true;
    try {
      const added = await ctx.request<Method>('POST', options.path, {
        type: type.value,
        value: value.value.trim(),
      });
      value.value = '';
      say(`A code was sent to ${added.value}: type it in next to it when ${options.owner} reads it out.`);
      await render();
      list.querySelector<HTMLInputElement>(`input[data-code-for="${CSS.escape(added.contactId)}"]`)?.focus();
      options.changed?.();
    } catch (error) {
      showErrors(add, addError, error);
    } finally {
      addButton.disabled = false;
    }
  });
  block.append(add);

  function codeForm(m: Method): HTMLFormElement {
    const code = input({
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: '6',
      'data-code-for': m.contactId,
    });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el(
      'form',
      { class: 'inline', novalidate: '' },
      field(code, { label: `Code for ${m.value}`, path: 'code', className: 'inline-field' }),
      el('button', { type: 'submit' }, 'Verify'),
      error,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form, error);
      try {
        await ctx.request('POST', `${options.path}/${encodeURIComponent(m.contactId)}/verify`, {
          code: code.value.trim(),
        });
        say(`${TYPE_WORDS[m.type]} ${m.value}: verified. Pages reach ${options.owner} there now.`);
        await render();
        title.focus();
        options.changed?.();
      } catch (failure) {
        showErrors(form, error, failure);
      }
    });
    return form;
  }

  async function render(): Promise<void> {
    const view = await ctx.request<MethodsView>('GET', options.path);
    const plan = view.plan
      .map((p) => {
        const how = (TYPE_WORDS[p.channel as Method['type']] ?? p.channel).toLowerCase();
        return p.afterSeconds ? `${how} after ${seconds(p.afterSeconds)}` : how;
      })
      .join(', ');
    summary.className = view.pageable ? '' : 'error';
    setText(
      summary,
      view.pageable
        ? `A page reaches ${options.owner} by ${plan || 'nothing yet'}.`
        : `${warningWords(view.warning ?? 'no_verified_contact')}.`,
    );
    list.replaceChildren(
      ...view.contacts.map((m) =>
        el(
          'li',
          { 'data-contact': m.contactId },
          el('span', {}, describeMethod(m)),
          m.state === 'pending_code' ? codeForm(m) : '',
          m.verified
            ? action(
                'Send a test page',
                async () => {
                  const tested = await ctx.request<Method>(
                    'POST',
                    `${options.path}/${encodeURIComponent(m.contactId)}/test`,
                  );
                  say(
                    `Test page to ${m.value}: ${tested.lastResult?.outcome ?? 'unknown'}${tested.lastResult?.code ? ` (${tested.lastResult.code})` : ''}.`,
                  );
                  await render();
                  list
                    .querySelector<HTMLButtonElement>(`li[data-contact="${CSS.escape(m.contactId)}"] button`)
                    ?.focus();
                },
                report,
                { 'aria-label': `Send a test page to ${m.value}` },
              )
            : '',
          m.contactId === 'settings-sms'
            ? ''
            : action(
                'Remove',
                async () => {
                  await ctx.request('DELETE', `${options.path}/${encodeURIComponent(m.contactId)}`);
                  say(`${TYPE_WORDS[m.type]} ${m.value}: removed.`);
                  await render();
                  title.focus();
                  options.changed?.();
                },
                report,
                { 'aria-label': `Remove ${TYPE_WORDS[m.type].toLowerCase()} ${m.value}` },
              ),
        ),
      ),
    );
  }

  render().catch(report);
  return block;
}
