// The console's building blocks on top of lib/dom.ts: labelled fields that can show the API's field
// errors beside them, buttons that report failures, and modal dialogs that trap and return focus.
import { ApiError, type ErrorDetail } from '../lib/api.js';
import { el, setText } from '../lib/dom.js';
import { fieldFor, plainMessage } from './errors.js';

let counter = 0;
/** A page-unique id for generated controls. */
export const uid = (prefix: string) => `${prefix}-${++counter}`;

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldOptions {
  label: string;
  /** The API path this control answers for (`name`, `rotation.handoff.at`): where its 400 details land. */
  path?: string;
  hint?: string;
  id?: string;
  className?: string;
}

/**
 * `<div class="field">` with a label, the control, an optional hint and an error line (empty until the
 * API says something about `path`); the control is described by both.
 */
export function field<C extends Control>(control: C, options: FieldOptions): HTMLDivElement {
  const id = options.id || control.id || uid('f');
  control.id = id;
  const described: string[] = [];
  const parts: Node[] = [el('label', { for: id }, options.label), control];
  if (options.hint) {
    parts.push(el('p', { class: 'hint', id: `${id}-hint` }, options.hint));
    described.push(`${id}-hint`);
  }
  const error = el('p', { class: 'error', id: `${id}-error`, 'data-error': '' });
  parts.push(error);
  described.push(`${id}-error`);
  control.setAttribute('aria-describedby', described.join(' '));
  if (options.path) control.dataset.path = options.path;
  return el('div', { class: `field${options.className ? ` ${options.className}` : ''}` }, ...parts);
}

export function input(attrs: Record<string, string> = {}): HTMLInputElement {
  return el('input', { type: 'text', autocomplete: 'off', ...attrs });
}

export function select(options: Array<[value: string, label: string]>, value?: string): HTMLSelectElement {
  const node = el('select', {}, ...options.map(([v, label]) => el('option', { value: v }, label)));
  if (value !== undefined) node.value = value;
  return node;
}

/** The API's message with each detail, for places without a field to put them next to. */
export function words(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  const details = error.details.map((d) => `${d.path ? `${d.path}: ` : ''}${plainMessage(d.message)}`);
  return capitalise([error.message, ...details].join(' — '));
}

/**
 * Puts each of the API's 400 details next to its control inside `root` (matched by `data-path`, else the
 * closest parent path); the rest, and any other error, go to `general`. Focuses the first wrong control.
 * Returns how many details found a field.
 */
export function showErrors(root: HTMLElement, general: HTMLElement, error: unknown): number {
  clearErrors(root, general);
  if (!(error instanceof ApiError) || error.status !== 400 || !error.details.length) {
    setText(general, words(error));
    return 0;
  }
  const controls = [...root.querySelectorAll<HTMLElement>('[data-path]')];
  const paths = controls.map((c) => c.dataset.path ?? '');
  const leftover: ErrorDetail[] = [];
  let first: HTMLElement | null = null;
  let placed = 0;
  for (const detail of error.details) {
    const path = fieldFor(detail.path, paths);
    const control = path === null ? undefined : controls[paths.indexOf(path)];
    const line = control ? root.querySelector<HTMLElement>(`#${CSS.escape(control.id)}-error`) : null;
    if (!control || !line) {
      leftover.push(detail);
      continue;
    }
    const message = plainMessage(detail.message);
    line.textContent = line.textContent ? `${line.textContent} ${message}` : capitalise(message);
    control.setAttribute('aria-invalid', 'true');
    first ??= control;
    placed += 1;
  }
  const rest = leftover.map((d) => `${d.path ? `${d.path}: ` : ''}${plainMessage(d.message)}`);
  setText(
    general,
    rest.length
      ? capitalise([error.message, ...rest].join(' — '))
      : `Check the ${placed === 1 ? 'field' : `${placed} fields`} marked.`,
  );
  first?.focus();
  return placed;
}

export function clearErrors(root: HTMLElement, general?: HTMLElement): void {
  for (const line of root.querySelectorAll<HTMLElement>('[data-error]')) line.textContent = '';
  for (const control of root.querySelectorAll('[aria-invalid="true"]'))
    control.setAttribute('aria-invalid', 'false');
  if (general) setText(general, '');
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A button whose action's failure goes to `report`; it is disabled while the action runs. */
export function action(
  label: string,
  run: (button: HTMLButtonElement) => Promise<void>,
  report: (error: unknown) => void,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  const node = el('button', { type: 'button', ...attrs }, label);
  node.addEventListener('click', async () => {
    if (node.disabled) return;
    node.disabled = true;
    try {
      await run(node);
    } catch (error) {
      report(error);
    } finally {
      node.disabled = false;
    }
  });
  return node;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface Dialog {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  /** Where a failure is said, inside the dialog. */
  error: HTMLElement;
  close(): void;
}

/**
 * A modal dialog (`<dialog>` with showModal: the page behind is inert). Tab and Shift+Tab wrap inside it,
 * Escape closes it, and the focus goes back to what had it (`opener`) when it closes.
 */
export function openDialog(title: string, content: Node[], opener?: HTMLElement | null): Dialog {
  const back = opener ?? (document.activeElement as HTMLElement | null);
  const titleId = uid('dialog-title');
  const error = el('p', { class: 'error', role: 'alert' });
  const body = el('div', { class: 'dialog-body' }, ...content);
  const dialog = el(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId },
    el('h2', { id: titleId }, title),
    body,
    error,
  );
  // A failure is said just above the dialog's buttons.
  const actions = [...body.querySelectorAll('.actions')].pop();
  if (actions) actions.before(error);
  document.body.append(dialog);
  const focusables = () =>
    [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (e) => !e.hidden && e.getClientRects().length > 0,
    );
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const list = focusables();
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (back?.isConnected) back.focus();
  };
  dialog.addEventListener('close', close);
  dialog.showModal();
  (focusables()[0] ?? dialog).focus();
  return { dialog, body, error, close };
}

/**
 * Asks before doing something that cannot be undone. `run` failing keeps the dialog open with the
 * API's message (a 409 naming where a clinician is still used, say); succeeding closes it.
 */
export function confirmDialog(options: {
  title: string;
  message: string;
  confirm: string;
  opener?: HTMLElement | null;
  /** Resolves with where the focus goes once the dialog is closed (when the opener is gone). */
  run: () => Promise<HTMLElement | null | void>;
}): Dialog {
  const yes = el('button', { type: 'button', class: 'danger' }, options.confirm);
  const no = el('button', { type: 'button' }, 'Cancel');
  const box = openDialog(
    options.title,
    [el('p', {}, options.message), el('div', { class: 'actions' }, no, yes)],
    options.opener,
  );
  no.addEventListener('click', () => box.close());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    setText(box.error, '');
    try {
      const next = await options.run();
      box.close();
      if (next?.isConnected) next.focus();
    } catch (error) {
      setText(box.error, words(error));
      yes.disabled = false;
      no.focus();
    }
  });
  no.focus();
  return box;
}

/**
 * Move up / Move down / Remove for item `index` of `count` (named `who` for screen readers). The buttons
 * carry data-part so that, after the list is drawn again, `focusPart` puts the focus back on the same
 * button of the moved item (or its neighbour when that one is now disabled at an end of the list).
 */
export function moveControls(options: {
  index: number;
  count: number;
  who: string;
  move: (from: number, to: number, part: 'up' | 'down') => void;
  remove: (index: number) => void;
  /** The list may not get shorter than this (fallback contacts: 1, levels: 1). */
  min?: number;
}): HTMLElement {
  const { index, count, who } = options;
  const up = el('button', { type: 'button', 'data-part': 'up', 'aria-label': `Move ${who} up` }, 'Up');
  const down = el(
    'button',
    { type: 'button', 'data-part': 'down', 'aria-label': `Move ${who} down` },
    'Down',
  );
  const remove = el(
    'button',
    { type: 'button', 'data-part': 'remove', 'aria-label': `Remove ${who}` },
    'Remove',
  );
  up.disabled = index === 0;
  down.disabled = index === count - 1;
  remove.disabled = count <= (options.min ?? 0);
  up.addEventListener('click', () => options.move(index, index - 1, 'up'));
  down.addEventListener('click', () => options.move(index, index + 1, 'down'));
  remove.addEventListener('click', () => options.remove(index));
  return el('div', { class: 'row-actions' }, up, down, remove);
}

/** Focus on `part` (up, down, remove, or a control's data-part) of the list's item `index`. */
export function focusPart(list: HTMLElement, index: number, part: string, fallback?: HTMLElement): void {
  const items = list.querySelectorAll<HTMLElement>(':scope > li');
  const item = items[Math.min(index, items.length - 1)];
  if (!item) return void fallback?.focus();
  const wanted = item.querySelector<HTMLButtonElement>(`[data-part="${part}"]`);
  const other = item.querySelector<HTMLButtonElement>(`[data-part="${part === 'up' ? 'down' : 'up'}"]`);
  const target =
    wanted && !wanted.disabled
      ? wanted
      : other && !other.disabled
        ? other
        : item.querySelector<HTMLElement>('input, select, button:not([disabled])');
  (target ?? fallback)?.focus();
}

/** Moves item `from` of `list` to `to` (in place). */
export function moveItem<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(from, 1);
  if (item !== undefined) list.splice(to, 0, item);
}
