// Clinic settings: name, fallback contacts (add, edit, remove, reorder), how often they are paged again,
// the emergency protocol the hotline is shown and whether a taken cover request needs approval; saved with PUT …/settings. The time zone is the
// platform's to set: shown, not editable. Below, each saved fallback contact's contact methods.
import { el, setText } from '../lib/dom.js';
import type { Clinic, Console } from './context.js';
import { methodsBlock } from './methods.js';
import {
  clearErrors,
  field,
  focusPart,
  input,
  moveControls,
  moveItem,
  select,
  showErrors,
  uid,
} from './ui.js';
import { seconds } from './words.js';

interface Draft {
  fallbackId?: string;
  name: string;
  phone: string;
}

const MAX_FALLBACK = 10;

export function settingsSection(ctx: Console, root: HTMLElement): { show(): Promise<void> } {
  const name = input({ autocomplete: 'organization' });
  const repeat = input({ type: 'number', inputmode: 'numeric', min: '10', max: '3600', step: '1' });
  const protocol = el('textarea', { rows: '6' });
  const approval = select([
    ['none', 'No: the first colleague to accept takes the shift'],
    ['admin', 'Yes: an admin approves each taken cover request'],
  ]);
  const zone = el('strong', {});
  const list = el('ol', { class: 'order-list', role: 'list' });
  const listError = el('p', { class: 'error', id: uid('fallback-error'), 'data-error': '' });
  const listAnchor = el('div', {
    tabindex: '-1',
    'data-path': 'fallback',
    id: listError.id.replace(/-error$/, ''),
    class: 'anchor',
  });
  const addContact = el('button', { type: 'button' }, 'Add a fallback contact');
  const general = el('p', { class: 'error', role: 'alert' });
  const saved = el('p', { class: 'status-note', role: 'status' });
  const save = el('button', { type: 'submit', class: 'primary' }, 'Save settings');
  const repeatHint = el('span', {});
  const legendId = uid('fallback-legend');

  const form = el(
    'form',
    { class: 'card', novalidate: '', 'aria-labelledby': 'settings-form-title' },
    el('h3', { id: 'settings-form-title' }, 'Name, fallback contacts and emergency protocol'),
    field(name, { label: 'Clinic name', path: 'name', hint: 'Printed on every page the clinicians get.' }),
    el(
      'p',
      {},
      'Time zone: ',
      zone,
      el(
        'span',
        { class: 'muted' },
        ' — rotations and handoffs are read in it. Only the platform can change it.',
      ),
    ),
    el(
      'fieldset',
      { class: 'group', 'aria-labelledby': legendId },
      el('legend', { id: legendId }, 'Fallback contacts'),
      el(
        'p',
        { class: 'hint' },
        'Paged by SMS (and any verified method of theirs) when nobody on the rota answers, and again until someone does. One at least, ten at most.',
      ),
      listAnchor,
      listError,
      list,
      el('div', { class: 'actions' }, addContact),
    ),
    field(repeat, {
      label: 'Page the fallback contacts again every (seconds)',
      path: 'fallbackRepeatSeconds',
      hint: '10 to 3600. Default 300 (5 min).',
    }),
    field(protocol, {
      label: 'Emergency protocol',
      path: 'emergencyProtocol',
      hint: 'What the hotline worker is shown while a request is unanswered, in your words (line breaks are kept). Leave it empty for the standard text.',
    }),
    field(approval, {
      label: 'Cover requests need an admin’s approval',
      path: 'coverApproval',
      hint: 'When a clinician asks for cover and a colleague accepts, the rota changes at once, or only once an admin approves.',
    }),
    general,
    el('div', { class: 'actions' }, save, saved),
  );
  form.querySelector(`#${CSS.escape(repeat.id)}-hint`)?.append(' ', repeatHint);
  repeat.addEventListener('input', () => {
    const n = Number(repeat.value);
    setText(repeatHint, Number.isInteger(n) && n > 0 ? `Now: every ${seconds(n)}.` : '');
  });

  const methods = el('section', { class: 'card', 'aria-labelledby': 'fallback-methods-title' });
  root.append(form, methods);

  let drafts: Draft[] = [];

  /** The list's inputs back into the drafts (before a re-render). */
  const read = () => {
    drafts = [...list.querySelectorAll<HTMLElement>('li')].map((li, i) => ({
      ...(drafts[i]?.fallbackId && { fallbackId: drafts[i]?.fallbackId }),
      name: li.querySelector<HTMLInputElement>('[data-part=name]')?.value ?? '',
      phone: li.querySelector<HTMLInputElement>('[data-part=phone]')?.value ?? '',
    }));
  };

  function renderList(focus?: { index: number; part: string }): void {
    list.replaceChildren(
      ...drafts.map((d, i) => {
        const who = d.name.trim() || `contact ${i + 1}`;
        const n = input({ value: d.name, 'data-part': 'name', autocomplete: 'off' });
        n.value = d.name;
        const p = input({
          type: 'tel',
          'data-part': 'phone',
          autocomplete: 'off',
          placeholder: '+447700900123',
        });
        p.value = d.phone;
        const controls = moveControls({
          index: i,
          count: drafts.length,
          who,
          min: 1,
          move: (from, to, part) => {
            read();
            moveItem(drafts, from, to);
            renderList({ index: to, part });
            setText(saved, `${who} moved to place ${to + 1}. Save to keep the new order.`);
          },
          remove: (index) => {
            read();
            drafts.splice(index, 1);
            renderList({ index: Math.min(index, drafts.length - 1), part: 'remove' });
            setText(saved, `${who} removed from the list. Save to keep it.`);
          },
        });
        const legend = uid('fb');
        return el(
          'li',
          {},
          el(
            'fieldset',
            { class: 'item', 'aria-labelledby': legend },
            el('legend', { id: legend }, `${i + 1}. ${d.name.trim() || 'New contact'}`),
            el(
              'div',
              { class: 'two' },
              field(n, { label: 'Name', path: `fallback.${i}.name` }),
              field(p, { label: 'Phone number, international format', path: `fallback.${i}.phone` }),
            ),
            controls,
          ),
        );
      }),
    );
    addContact.disabled = drafts.length >= MAX_FALLBACK;
    if (focus) focusPart(list, focus.index, focus.part, addContact);
  }

  addContact.addEventListener('click', () => {
    read();
    drafts.push({ name: '', phone: '' });
    renderList({ index: drafts.length - 1, part: 'name' });
  });

  function renderMethods(clinic: Clinic): void {
    methods.replaceChildren(
      el('h3', { id: 'fallback-methods-title' }, 'Fallback contacts’ contact methods'),
      el(
        'p',
        { class: 'muted' },
        'Each saved fallback contact is paged on the number above without a code; add an email, a voice number or another SMS number to reach them there too (the code goes to them: type it in when they read it out).',
      ),
      ...clinic.fallback.map((f) =>
        el(
          'div',
          { class: 'subcard' },
          methodsBlock(ctx, {
            path: `/fallback-contacts/${encodeURIComponent(f.fallbackId)}/contacts`,
            owner: f.name,
          }),
        ),
      ),
    );
  }

  function fill(clinic: Clinic): void {
    name.value = clinic.name;
    setText(zone, clinic.timezone);
    repeat.value = String(clinic.fallbackRepeatSeconds);
    repeat.dispatchEvent(new Event('input'));
    protocol.value = clinic.emergencyProtocol ?? '';
    approval.value = clinic.coverApproval;
    drafts = clinic.fallback.map((f) => ({ fallbackId: f.fallbackId, name: f.name, phone: f.phone }));
    renderList();
    renderMethods(clinic);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    read();
    clearErrors(form, general);
    setText(saved, '');
    const text = protocol.value.trim();
    const body = {
      name: name.value.trim(),
      fallback: drafts.map((d) => ({
        ...(d.fallbackId && { fallbackId: d.fallbackId }),
        name: d.name.trim(),
        phone: d.phone.trim(),
      })),
      ...(repeat.value.trim() !== '' && { fallbackRepeatSeconds: Number(repeat.value) }),
      ...(text && { emergencyProtocol: text }),
      coverApproval: approval.value,
    };
    save.disabled = true;
    try {
      ctx.clinic = await ctx.request<Clinic>('PUT', '/settings', body);
      fill(ctx.clinic);
      setText(saved, 'Settings saved.');
    } catch (error) {
      showErrors(form, general, error);
    } finally {
      save.disabled = false;
    }
  });

  let loaded = false;
  return {
    async show() {
      if (loaded) return;
      fill(await ctx.loadClinic());
      loaded = true;
    },
  };
}
