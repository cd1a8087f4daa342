// Keys: the clinic's keys (label, role, clinician, created, revoked), a new one (its secret is shown once,
// with a copy button), and revoking one (after a confirmation).
import { el, setText } from '../lib/dom.js';
import { formatter } from '../lib/time.js';
import type { Console, KeyView } from './context.js';
import {
  action,
  clearErrors,
  confirmDialog,
  field,
  input,
  openDialog,
  select,
  showErrors,
  uid,
  words,
} from './ui.js';

const ROLE_WORDS: Record<KeyView['role'], string> = {
  admin: 'Admin key (this console)',
  intake: 'Intake key (the hotline)',
  clinician: 'Clinician key',
  platform: 'Platform key',
};

export function keysSection(ctx: Console, root: HTMLElement): { show(): Promise<void> } {
  const label = input({});
  const role = select([
    ['intake', 'Intake (the hotline)'],
    ['clinician', 'Clinician (one person)'],
    ['admin', 'Admin (this console)'],
  ]);
  const clinician = select([]);
  const clinicianField = field(clinician, { id: 'key-clinician', label: 'Clinician', path: 'clinicianId' });
  const general = el('p', { class: 'error', role: 'alert' });
  const create = el('button', { type: 'submit', class: 'primary' }, 'Create key');
  const form = el(
    'form',
    { class: 'card', novalidate: '', 'aria-labelledby': 'key-form-title' },
    el('h3', { id: 'key-form-title' }, 'Create a key'),
    el(
      'div',
      { class: 'two' },
      field(label, {
        id: 'key-label',
        label: 'Label',
        path: 'label',
        hint: 'Who or what uses it: “front desk PC”, “Dr Okafor’s phone”.',
      }),
      field(role, { id: 'key-role', label: 'Role', path: 'role' }),
      clinicianField,
    ),
    general,
    el('div', { class: 'actions' }, create),
  );
  const notice = el('p', { class: 'status-note', role: 'status' });
  const list = el('ul', { class: 'items grid', role: 'list' });
  const listTitle = el('h3', { id: 'keys-list-title', tabindex: '-1' }, 'Keys of this clinic');
  root.append(form, el('section', { 'aria-labelledby': 'keys-list-title' }, listTitle, notice, list));
  const say = (text: string) => setText(notice, text);

  const syncRole = () => (clinicianField.hidden = role.value !== 'clinician');
  role.addEventListener('change', syncRole);

  const when = () =>
    formatter(ctx.timeZone, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });

  function item(k: KeyView): HTMLElement {
    const f = when();
    const titleId = uid('key');
    return el(
      'li',
      { class: `item${k.revokedAt ? ' past' : ''}`, 'data-key': k.keyId, 'aria-labelledby': titleId },
      el('h3', { id: titleId }, k.label, el('span', { class: 'id' }, k.revokedAt ? ' (revoked)' : '')),
      el(
        'p',
        {},
        ROLE_WORDS[k.role] ?? k.role,
        k.clinicianId ? ` of ${ctx.nameOf(k.clinicianId)} (${k.clinicianId})` : '',
      ),
      el(
        'p',
        { class: 'muted small' },
        `Created ${f.format(Date.parse(k.createdAt))}`,
        k.revokedAt ? `; revoked ${f.format(Date.parse(k.revokedAt))}.` : '. In use until revoked.',
      ),
      k.revokedAt
        ? ''
        : el(
            'div',
            { class: 'row-actions' },
            action(
              'Revoke',
              async (button) => {
                confirmDialog({
                  title: `Revoke “${k.label}”?`,
                  message: `Whoever uses this ${k.role} key is refused from then on (a deployed stage may accept it for up to 5 more minutes). This cannot be undone: they would need a new key.`,
                  confirm: 'Revoke key',
                  opener: button,
                  run: async () => {
                    await ctx.request('DELETE', `/keys/${encodeURIComponent(k.keyId)}`);
                    say(`“${k.label}” revoked.`);
                    await render();
                    return listTitle;
                  },
                });
              },
              (e) => say(words(e)),
              { 'aria-label': `Revoke ${k.label}` },
            ),
          ),
    );
  }

  async function render(): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    const keys = await ctx.all<KeyView>('/keys', 'keys');
    // Working keys first (newest first), then the revoked ones.
    keys.sort(
      (a, b) =>
        Number(!!a.revokedAt) - Number(!!b.revokedAt) || Date.parse(b.createdAt) - Date.parse(a.createdAt),
    );
    list.replaceChildren(...(keys.length ? keys.map(item) : [el('li', { class: 'item muted' }, 'No keys.')]));
    list.setAttribute('aria-busy', 'false');
  }

  function showSecret(created: { key: string; label: string; role: string }, opener: HTMLElement): void {
    const secret = input({ readonly: '', spellcheck: 'false', class: 'secret' });
    secret.value = created.key;
    const copied = el('p', { class: 'status-note', role: 'status' });
    const copy = el('button', { type: 'button', class: 'primary' }, 'Copy the key');
    const done = el('button', { type: 'button' }, 'I have copied it');
    const box = openDialog(
      'Your new key',
      [
        el(
          'p',
          { class: 'notice-strong' },
          'Copy it now: you will not see it again. Only a hash of it is kept, so nobody can show it later; if it is lost, revoke it and create a new one.',
        ),
        field(secret, { label: `The ${created.role} key “${created.label}”` }),
        copied,
        el('div', { class: 'actions' }, copy, done),
      ],
      opener,
    );
    secret.addEventListener('focus', () => secret.select());
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(created.key);
        setText(copied, 'Copied to the clipboard.');
      } catch {
        secret.focus();
        secret.select();
        const ok = document.execCommand('copy');
        setText(
          copied,
          ok ? 'Copied to the clipboard.' : 'Could not copy: the key is selected, press Ctrl+C (⌘C).',
        );
      }
    });
    done.addEventListener('click', () => box.close());
    copy.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (create.disabled) return;
    clearErrors(form, general);
    create.disabled = true;
    try {
      const created = await ctx.request<{ keyId: string; key: string; role: string; label: string }>(
        'POST',
        '/keys',
        {
          role: role.value,
          label: label.value.trim(),
          ...(role.value === 'clinician' && { clinicianId: clinician.value }),
        },
      );
      label.value = '';
      say(`“${created.label}” created.`);
      await render();
      showSecret(created, create);
    } catch (error) {
      showErrors(form, general, error);
    } finally {
      create.disabled = false;
    }
  });

  return {
    async show() {
      await Promise.all([ctx.loadClinicians(), ctx.clinic ? null : ctx.loadClinic()]);
      const chosen = clinician.value;
      clinician.replaceChildren(...ctx.clinicians.map((c) => el('option', { value: c.clinicianId }, c.name)));
      if (chosen) clinician.value = chosen;
      syncRole();
      await render();
    },
  };
}
