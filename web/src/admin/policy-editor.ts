// The escalation policy editor: levels in order (whom each pages: the primary, the secondary, the fallback
// contacts or a named clinician; how long it has to answer), how many times the list repeats, the
// follow-up deadlines after someone accepts; and the resulting chain in words, kept up to date.
import { el, setText } from '../lib/dom.js';
import type { Console } from './context.js';
import { field, focusPart, input, moveControls, moveItem, select, uid } from './ui.js';
import {
  chainInWords,
  secondsToFallback,
  followUpWords,
  repeatWords,
  seconds,
  type Escalation,
  type Level,
  type Notify,
} from './words.js';

const MAX_LEVELS = 10;
export const DEFAULT_FOLLOW_UP = { contactWithinSeconds: 600, resolveWithinSeconds: 14_400 };

const encode = (notify: Notify) => (typeof notify === 'string' ? notify : `c:${notify.clinicianId}`);
const decode = (value: string): Notify =>
  value.startsWith('c:') ? { clinicianId: value.slice(2) } : (value as 'primary' | 'secondary' | 'fallback');

export interface PolicyEditor {
  element: HTMLElement;
  value(): Escalation;
  /** The chain in words as shown now. */
  words(): string;
}

/** A number input of whole seconds with its value in minutes or hours as a hint beside it. */
function secondsInput(
  value: number,
  path: string,
  label: string,
  range: string,
): { node: HTMLElement; control: HTMLInputElement } {
  const control = input({ type: 'number', inputmode: 'numeric', step: '1' });
  control.value = String(value);
  const node = field(control, { label, path, hint: range });
  const echo = el('span', { class: 'echo' });
  const hint = node.querySelector('.hint');
  const sync = () => {
    const n = Number(control.value);
    setText(echo, control.value.trim() !== '' && Number.isFinite(n) && n > 0 ? ` Now: ${seconds(n)}.` : '');
  };
  hint?.append(echo);
  control.addEventListener('input', sync);
  sync();
  return { node, control };
}

export function policyEditor(ctx: Console, initial: Escalation, changed: () => void): PolicyEditor {
  const policy: Escalation = structuredClone(initial);
  policy.followUp = { ...DEFAULT_FOLLOW_UP, ...policy.followUp };
  const legendId = uid('policy');
  const list = el('ol', { class: 'order-list levels', role: 'list' });
  const listAnchor = el('div', {
    'data-path': 'escalation.levels',
    id: uid('levels'),
    tabindex: '-1',
    class: 'anchor',
  });
  const listError = el('p', { class: 'error', id: `${listAnchor.id}-error`, 'data-error': '' });
  const moved = el('p', { class: 'visually-hidden', role: 'status' });
  const addLevel = el('button', { type: 'button' }, 'Add a level');
  const repeat = select(
    [0, 1, 2, 3, 4, 5].map((n): [string, string] => [
      String(n),
      n === 0
        ? 'No: go to the fallback contacts after the last level'
        : `${repeatWords(n).replace(/^repeat/, 'Yes,')}`,
    ]),
    String(policy.repeat ?? 0),
  );
  const contact = secondsInput(
    policy.followUp.contactWithinSeconds,
    'escalation.followUp.contactWithinSeconds',
    'Call the caller back within (seconds)',
    '60 to 3600 after accepting; then a reminder, and after as long again the request is passed on.',
  );
  const resolve = secondsInput(
    policy.followUp.resolveWithinSeconds,
    'escalation.followUp.resolveWithinSeconds',
    'Resolve within (seconds)',
    '600 to 86400 after the call back; then the fallback contacts are told it is still open.',
  );
  const chain = el('p', { class: 'chain', 'aria-live': 'polite' });
  const after = el('p', { class: 'muted' });
  const follow = el('p', { class: 'muted' });
  const chainId = uid('chain');

  const element = el(
    'fieldset',
    { class: 'group', 'aria-labelledby': legendId },
    el('legend', { id: legendId }, 'Escalation policy'),
    el(
      'p',
      { class: 'hint' },
      'Who is paged, in order, until someone accepts. A level with nobody to page is skipped at once; after the last one the clinic’s fallback contacts are paged until someone answers.',
    ),
    listAnchor,
    listError,
    list,
    moved,
    el('div', { class: 'actions' }, addLevel),
    field(repeat, { label: 'Go through the levels again?', path: 'escalation.repeat' }),
    el(
      'section',
      { class: 'chain-box', 'aria-labelledby': chainId },
      el('h4', { id: chainId }, 'The chain in words'),
      chain,
      after,
    ),
    el('h4', {}, 'After someone accepts'),
    el('div', { class: 'two' }, contact.node, resolve.node),
    follow,
  );

  function notifySelect(level: Level): HTMLSelectElement {
    const node = select([
      ['primary', 'The primary on call'],
      ['secondary', 'The secondary on call'],
      ['fallback', 'The clinic’s fallback contacts'],
    ]);
    if (ctx.clinicians.length)
      node.append(
        el(
          'optgroup',
          { label: 'A named clinician' },
          ...ctx.clinicians.map((c) => el('option', { value: `c:${c.clinicianId}` }, c.name)),
        ),
      );
    const value = encode(level.notify);
    if (![...node.options].some((o) => o.value === value))
      node.append(el('option', { value }, `${value.slice(2)} (not a clinician here)`));
    node.value = value;
    return node;
  }

  function renderList(focus?: { index: number; part: string }): void {
    const n = policy.levels.length;
    list.replaceChildren(
      ...policy.levels.map((level, i) => {
        const legend = uid('level');
        const notify = notifySelect(level);
        notify.dataset.part = 'notify';
        notify.addEventListener('change', () => {
          level.notify = decode(notify.value);
          update();
        });
        const wait = secondsInput(
          level.ackTimeoutSeconds,
          `escalation.levels.${i}.ackTimeoutSeconds`,
          'Wait for an answer (seconds)',
          '10 to 3600.',
        );
        wait.control.addEventListener('input', () => {
          level.ackTimeoutSeconds = wait.control.value.trim() === '' ? NaN : Number(wait.control.value);
          update();
        });
        const who = `level ${i + 1}`;
        return el(
          'li',
          {},
          el(
            'fieldset',
            { class: 'item', 'aria-labelledby': legend },
            el('legend', { id: legend }, `Level ${i + 1}`),
            el(
              'div',
              { class: 'two' },
              field(notify, { label: 'Page', path: `escalation.levels.${i}.notify` }),
              wait.node,
            ),
            moveControls({
              index: i,
              count: n,
              who,
              min: 1,
              move: (from, to, part) => {
                moveItem(policy.levels, from, to);
                renderList({ index: to, part });
                setText(moved, `Level ${from + 1} is now level ${to + 1}.`);
                update();
              },
              remove: (index) => {
                policy.levels.splice(index, 1);
                renderList({ index, part: 'remove' });
                setText(moved, `Level ${index + 1} removed.`);
                update();
              },
            }),
          ),
        );
      }),
    );
    addLevel.disabled = n >= MAX_LEVELS;
    if (focus) focusPart(list, focus.index, focus.part, addLevel);
  }

  addLevel.addEventListener('click', () => {
    const last = policy.levels[policy.levels.length - 1];
    policy.levels.push({
      notify: policy.levels.length === 1 ? 'secondary' : 'primary',
      ackTimeoutSeconds: last?.ackTimeoutSeconds ?? 300,
    });
    renderList({ index: policy.levels.length - 1, part: 'notify' });
    setText(moved, `Level ${policy.levels.length} added.`);
    update();
  });
  repeat.addEventListener('change', () => {
    policy.repeat = Number(repeat.value);
    update();
  });
  const syncFollowUp = () => {
    policy.followUp = {
      contactWithinSeconds: contact.control.value.trim() === '' ? NaN : Number(contact.control.value),
      resolveWithinSeconds: resolve.control.value.trim() === '' ? NaN : Number(resolve.control.value),
    };
    update();
  };
  contact.control.addEventListener('input', syncFollowUp);
  resolve.control.addEventListener('input', syncFollowUp);

  const words = () =>
    chainInWords(policy, { nameOf: ctx.nameOf, fallbackRepeatSeconds: ctx.clinic.fallbackRepeatSeconds });
  function update(): void {
    setText(chain, `${words()}.`);
    const wait = secondsToFallback(policy);
    setText(
      after,
      Number.isFinite(wait) && policy.levels.length
        ? `Nobody accepts: the fallback contacts are paged ${seconds(wait)} after the request arrives (less when levels have nobody to page, or everyone declines).`
        : '',
    );
    const f = policy.followUp;
    setText(
      follow,
      f && Number.isFinite(f.contactWithinSeconds) && Number.isFinite(f.resolveWithinSeconds)
        ? followUpWords(f)
        : '',
    );
    changed();
  }

  renderList();
  update();

  return {
    element,
    value: () => ({
      levels: policy.levels.map((l) => ({ notify: l.notify, ackTimeoutSeconds: l.ackTimeoutSeconds })),
      repeat: policy.repeat,
      ...(policy.followUp && { followUp: { ...policy.followUp } }),
    }),
    words,
  };
}
