// Clinicians: who they are, whether a page can reach them (and why not, in plain words), their contact
// methods; add, edit (name, active), manage methods, delete (a 409 names where they are still on the rota).
import { ApiError } from '../lib/api.js';
import { el, setText } from '../lib/dom.js';
import type { Clinician, Console } from './context.js';
import { idFromName, idProblem } from './errors.js';
import { describeMethod, methodsBlock, warningWords } from './methods.js';
import {
  action,
  clearErrors,
  confirmDialog,
  field,
  input,
  openDialog,
  showErrors,
  uid,
  words,
} from './ui.js';

const invalid = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', 'Check the form', [{ path, message }]);

export function cliniciansSection(ctx: Console, root: HTMLElement): { show(): Promise<void> } {
  const notice = el('p', { class: 'status-note', role: 'status' });
  const addButton = el('button', { type: 'button', class: 'primary' }, 'Add a clinician');
  const list = el('ul', { class: 'items', role: 'list', 'aria-busy': 'true' });
  root.append(el('div', { class: 'section-actions' }, addButton, notice), list);
  const open = new Set<string>();
  const say = (text: string) => setText(notice, text);

  function statusLine(c: Clinician): HTMLElement {
    if (c.pageable) return el('p', { class: 'ok' }, 'Active, can be paged.');
    return el('p', { class: 'error' }, `${warningWords(c.warning ?? 'no_verified_contact')}.`);
  }

  function summaryLine(c: Clinician): HTMLElement {
    return el(
      'p',
      { class: 'muted small' },
      c.contacts.length
        ? c.contacts.map(describeMethod).join(' ')
        : 'No contact methods yet: add one so pages can reach them.',
    );
  }

  function item(c: Clinician): HTMLElement {
    const id = c.clinicianId;
    const titleId = uid('clin');
    const regionId = uid('clin-methods');
    const region = el('div', { id: regionId, class: 'expand' });
    region.hidden = !open.has(id);
    if (open.has(id))
      region.append(methodsBlock(ctx, { path: contactsPath(id), owner: c.name, changed: refreshSoon }));
    const toggle = el(
      'button',
      { type: 'button', 'aria-expanded': String(open.has(id)), 'aria-controls': regionId },
      'Contact methods',
    );
    toggle.addEventListener('click', () => {
      const now = !open.has(id);
      if (now) open.add(id);
      else open.delete(id);
      toggle.setAttribute('aria-expanded', String(now));
      region.hidden = !now;
      if (now && !region.childElementCount)
        region.append(methodsBlock(ctx, { path: contactsPath(id), owner: c.name, changed: refreshSoon }));
    });

    const broken = (c.brokenContacts ?? []).map((channel) =>
      el(
        'p',
        { class: 'error' },
        `${channel === 'sms' ? 'SMS' : channel} marked broken (the provider refused it for good, e.g. an opt-out): it is skipped. `,
        action(
          `Trust ${channel === 'sms' ? 'SMS' : channel} again`,
          async () => {
            await ctx.request('DELETE', `/clinicians/${encodeURIComponent(id)}/broken-contacts/${channel}`);
            say(`${c.name}: ${channel} is used again.`);
            await render(id);
          },
          (error) => say(words(error)),
        ),
      ),
    );
    return el(
      'li',
      { class: 'item', 'data-clinician': id, 'aria-labelledby': titleId },
      el('h3', { id: titleId }, c.name, el('span', { class: 'id' }, ` (${id})`)),
      statusLine(c),
      summaryLine(c),
      ...broken,
      el(
        'div',
        { class: 'row-actions' },
        action(
          'Edit',
          async (b) => edit(c, b),
          (e) => say(words(e)),
          { 'aria-label': `Edit ${c.name}` },
        ),
        toggle,
        action(
          'Delete',
          async (b) => remove(c, b),
          (e) => say(words(e)),
          { 'aria-label': `Delete ${c.name}` },
        ),
      ),
      region,
    );
  }

  const contactsPath = (id: string) => `/clinicians/${encodeURIComponent(id)}/contacts`;
  let timer = 0;
  /** After a method changed: the status line and summary follow, without moving the focus. */
  function refreshSoon(): void {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void render(undefined, true), 400);
  }

  async function render(focusId?: string, keepFocus = false): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    await ctx.loadClinicians();
    if (keepFocus) {
      // Replace only the summary lines, so an open methods block (and the focus in it) stays.
      for (const c of ctx.clinicians) {
        const li = list.querySelector<HTMLElement>(`li[data-clinician="${CSS.escape(c.clinicianId)}"]`);
        if (!li) continue;
        li.querySelector('h3 + p')?.replaceWith(statusLine(c));
        li.querySelector('p.small')?.replaceWith(summaryLine(c));
      }
    } else {
      list.replaceChildren(
        ...(ctx.clinicians.length
          ? ctx.clinicians.map(item)
          : [el('li', { class: 'item muted' }, 'No clinicians yet. Add the first one.')]),
      );
    }
    list.setAttribute('aria-busy', 'false');
    if (focusId)
      list
        .querySelector<HTMLButtonElement>(`li[data-clinician="${CSS.escape(focusId)}"] .row-actions button`)
        ?.focus();
  }

  const AGE_GROUPS = [
    ['child', 'Children'],
    ['adolescent', 'Adolescents'],
    ['adult', 'Adults'],
    ['older_adult', 'Older adults'],
  ] as const;

  function form(c: Clinician | null, opener: HTMLElement): void {
    const idInput = input({ spellcheck: 'false', autocapitalize: 'off' });
    const nameInput = input({ autocomplete: 'off' });
    const phone = input({ type: 'tel', placeholder: '+447700900123' });
    const email = input({ type: 'email' });
    const active = el('input', { type: 'checkbox' });
    active.checked = c?.active ?? true;
    const languages = input({ spellcheck: 'false', autocapitalize: 'off', placeholder: 'en, es' });
    languages.value = (c?.languages ?? []).join(', ');
    const ageBoxes = AGE_GROUPS.map(([value, label]) => {
      const box = el('input', { type: 'checkbox', value });
      box.checked = c?.ageGroups?.includes(value) ?? false;
      return el('label', { class: 'choice' }, box, el('span', {}, label));
    });
    const notice = input({ type: 'number', min: '0', max: '1440', step: '5', inputmode: 'numeric' });
    notice.value = String(c?.shiftNoticeMinutes ?? 60);
    nameInput.value = c?.name ?? '';
    let idTouched = false;
    idInput.addEventListener('input', () => (idTouched = true));
    nameInput.addEventListener('input', () => {
      if (!c && !idTouched) idInput.value = idFromName(nameInput.value);
    });
    const save = el('button', { type: 'submit', class: 'primary' }, c ? 'Save' : 'Add clinician');
    const cancel = el('button', { type: 'button' }, 'Cancel');
    const fields = el(
      'form',
      { novalidate: '' },
      field(nameInput, { label: 'Name', path: 'name', hint: 'Shown on timelines and to the hotline.' }),
      c
        ? el('p', {}, 'ID: ', el('code', {}, c.clinicianId))
        : field(idInput, {
            label: 'Clinician ID',
            path: 'clinicianId',
            hint: 'Letters, digits, - or _. How keys and the rota name them; it cannot change later.',
          }),
      c
        ? ''
        : field(phone, {
            label: 'Mobile number (optional)',
            path: 'phone',
            hint: 'International format. Adds a text-message method and sends it a code.',
          }),
      c
        ? ''
        : field(email, {
            label: 'Email (optional)',
            path: 'email',
            hint: 'Adds an email method the same way.',
          }),
      el(
        'label',
        { class: 'choice' },
        active,
        el(
          'span',
          {},
          'Active',
          el('br', {}),
          el('span', { class: 'muted' }, 'An inactive clinician stays on the rota but is never paged.'),
        ),
      ),
      field(languages, {
        label: 'Languages for crisis calls (optional)',
        path: 'languages',
        hint: 'Language codes, separated by commas (en, es, pt-BR): a caller who needs one is matched to them.',
      }),
      el(
        'fieldset',
        { class: 'choices' },
        el('legend', {}, 'Age groups they work with (optional)'),
        ...ageBoxes,
      ),
      field(notice, {
        label: 'Shift notice, minutes before (0 for none)',
        path: 'shiftNoticeMinutes',
        hint: 'They are told this long before their time on call starts, and get a summary when it ends.',
      }),
      el('div', { class: 'actions' }, cancel, save),
    );
    const box = openDialog(c ? `Edit ${c.name}` : 'Add a clinician', [fields], opener);
    cancel.addEventListener('click', () => box.close());
    fields.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(fields, box.error);
      const id = c?.clinicianId ?? idInput.value.trim();
      if (!c) {
        const problem = idProblem(id);
        if (problem) return void showErrors(fields, box.error, invalid('clinicianId', problem));
        if (ctx.clinicians.some((x) => x.clinicianId === id))
          return void showErrors(
            fields,
            box.error,
            invalid('clinicianId', 'There is already a clinician with this ID.'),
          );
      }
      save.disabled = true;
      try {
        await ctx.request('PUT', `/clinicians/${encodeURIComponent(id)}`, {
          name: nameInput.value.trim(),
          active: active.checked,
          languages: languages.value
            .split(',')
            .map((tag) => tag.trim())
            .filter(Boolean),
          ageGroups: ageBoxes.flatMap((label) => {
            const box = label.querySelector('input');
            return box?.checked ? [box.value] : [];
          }),
          // Sent as typed: the API says what is wrong with "abc" or 2000 in words.
          shiftNoticeMinutes: notice.value.trim() === '' ? 60 : Number(notice.value),
          ...(!c && phone.value.trim() && { phone: phone.value.trim() }),
          ...(!c && email.value.trim() && { email: email.value.trim() }),
        });
        box.close();
        say(
          c
            ? `${nameInput.value.trim()}: saved.`
            : `${nameInput.value.trim()} added.${phone.value || email.value ? ' A code was sent: type it under Contact methods when they read it out.' : ''}`,
        );
        await render(id);
      } catch (error) {
        showErrors(fields, box.error, error);
      } finally {
        save.disabled = false;
      }
    });
  }

  const edit = async (c: Clinician, opener: HTMLElement) => form(c, opener);

  async function remove(c: Clinician, opener: HTMLElement): Promise<void> {
    confirmDialog({
      title: `Delete ${c.name}?`,
      message: `${c.name} is removed from the clinic and their clinician keys stop working. Requests already sent keep their names. This cannot be undone.`,
      confirm: 'Delete',
      opener,
      run: async () => {
        await ctx.request('DELETE', `/clinicians/${encodeURIComponent(c.clinicianId)}`);
        open.delete(c.clinicianId);
        say(`${c.name} deleted.`);
        await render();
        return addButton;
      },
    });
  }

  addButton.addEventListener('click', () => form(null, addButton));

  return {
    async show() {
      await render();
    },
  };
}
