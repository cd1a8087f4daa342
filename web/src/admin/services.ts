// Services: the list (each with its rota and its chain in words), and the editor: name, the rotation with
// its 14-day preview, the escalation policy with its chain in words, the service to fall back to; saved
// with PUT …/services/{serviceId}, whose 400 details land next to their fields. Delete asks first (a 409
// says which services still fall back to it).
import { ApiError, serverNow } from '../lib/api.js';
import { el, setText } from '../lib/dom.js';
import type { Console, OverrideView, ServiceView } from './context.js';
import { idFromName, idProblem } from './errors.js';
import { DEFAULT_FOLLOW_UP, policyEditor } from './policy-editor.js';
import { rotationEditor } from './rotation-editor.js';
import { action, clearErrors, confirmDialog, field, input, select, showErrors, uid, words } from './ui.js';
import { chainInWords, rotationWords } from './words.js';
import { localDate } from './zoned.js';

const invalid = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', 'Check the form', [{ path, message }]);

export function servicesSection(ctx: Console, root: HTMLElement): { show(): Promise<void> } {
  const notice = el('p', { class: 'status-note', role: 'status' });
  const newButton = el('button', { type: 'button', class: 'primary' }, 'New service');
  const list = el('ul', { class: 'items', role: 'list' });
  const listView = el('div', {}, el('div', { class: 'section-actions' }, newButton, notice), list);
  const editorView = el('div', {});
  editorView.hidden = true;
  root.append(listView, editorView);
  const say = (text: string) => setText(notice, text);

  const chainOf = (s: ServiceView) =>
    chainInWords(s.escalation, {
      nameOf: ctx.nameOf,
      fallbackRepeatSeconds: ctx.clinic.fallbackRepeatSeconds,
    });

  function item(s: ServiceView): HTMLElement {
    const titleId = uid('svc');
    const fallback = s.fallbackServiceId
      ? (ctx.services.find((x) => x.serviceId === s.fallbackServiceId)?.name ?? s.fallbackServiceId)
      : null;
    return el(
      'li',
      { class: 'item', 'data-service': s.serviceId, 'aria-labelledby': titleId },
      el('h3', { id: titleId }, s.name, el('span', { class: 'id' }, ` (${s.serviceId})`)),
      el('p', {}, el('strong', {}, 'Rota: '), `${rotationWords(s.rotation, ctx.nameOf)}.`),
      el('p', { 'data-part': 'chain' }, el('strong', {}, 'Chain: '), `${chainOf(s)}.`),
      fallback ? el('p', { class: 'muted' }, `Nobody on call: ${fallback}’s chain is used.`) : '',
      el(
        'div',
        { class: 'row-actions' },
        el('button', { type: 'button', 'data-edit': s.serviceId, 'aria-label': `Edit ${s.name}` }, 'Edit'),
        action(
          'Delete',
          async (button) => {
            confirmDialog({
              title: `Delete ${s.name}?`,
              message: `Requests can no longer be sent to ${s.name}; its cover (overrides) goes with it. Requests already sent are not changed.`,
              confirm: 'Delete service',
              opener: button,
              run: async () => {
                await ctx.request('DELETE', `/services/${encodeURIComponent(s.serviceId)}`);
                say(`${s.name} deleted.`);
                await renderList();
                return newButton;
              },
            });
          },
          (e) => say(words(e)),
          { 'aria-label': `Delete ${s.name}` },
        ),
      ),
    );
  }

  list.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-edit]');
    const service = ctx.services.find((s) => s.serviceId === button?.dataset.edit);
    if (button && service) openEditor(service, button);
  });

  async function renderList(focusId?: string): Promise<void> {
    await ctx.loadServices();
    list.replaceChildren(
      ...(ctx.services.length
        ? ctx.services.map(item)
        : [el('li', { class: 'item muted' }, 'No services yet: requests need one. Make the first.')]),
    );
    if (focusId) list.querySelector<HTMLButtonElement>(`button[data-edit="${CSS.escape(focusId)}"]`)?.focus();
  }

  function openEditor(service: ServiceView | null, opener: HTMLElement): void {
    const isNew = !service;
    const draft: ServiceView = service
      ? structuredClone(service)
      : {
          serviceId: '',
          name: '',
          rotation: {
            participants: [],
            start: localDate(serverNow(), ctx.timeZone),
            handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
          },
          escalation: {
            levels: [
              { notify: 'primary', ackTimeoutSeconds: 300 },
              { notify: 'secondary', ackTimeoutSeconds: 300 },
            ],
            repeat: 1,
            followUp: { ...DEFAULT_FOLLOW_UP },
          },
        };
    const titleId = uid('editor');
    const title = el('h3', { id: titleId, tabindex: '-1' }, isNew ? 'New service' : `Edit ${draft.name}`);
    const name = input({});
    name.value = draft.name;
    const idInput = input({ spellcheck: 'false', autocapitalize: 'off' });
    let idTouched = false;
    idInput.addEventListener('input', () => (idTouched = true));
    name.addEventListener('input', () => {
      if (isNew && !idTouched) idInput.value = idFromName(name.value);
    });
    const others = ctx.services.filter((s) => s.serviceId !== draft.serviceId);
    const fallback = select(
      [
        ['', 'None: the fallback contacts at once'],
        ...others.map((s): [string, string] => [s.serviceId, s.name]),
      ],
      draft.fallbackServiceId ?? '',
    );
    const matching = select(
      [
        ['prefer', 'Prefer: page the best match first, then the others'],
        ['require', 'Require: page only people who match, else the fallback'],
      ],
      draft.matching ?? 'prefer',
    );
    const general = el('p', { class: 'error', role: 'alert' });
    const save = el(
      'button',
      { type: 'submit', class: 'primary' },
      isNew ? 'Create service' : 'Save service',
    );
    const cancel = el('button', { type: 'button' }, 'Cancel');

    const rotation = rotationEditor(ctx, draft.rotation, () => undefined);
    const policy = policyEditor(ctx, draft.escalation, () => undefined);
    const form = el(
      'form',
      { class: 'card editor', novalidate: '', 'aria-labelledby': titleId },
      title,
      el(
        'div',
        { class: 'two' },
        field(name, {
          label: 'Service name',
          path: 'name',
          hint: 'Printed on pages: General, Adolescent, …',
        }),
        isNew
          ? field(idInput, {
              label: 'Service ID',
              path: 'serviceId',
              hint: 'How the hotline’s system names it; it cannot change later.',
            })
          : el('p', {}, 'Service ID: ', el('code', {}, draft.serviceId)),
      ),
      rotation.element,
      policy.element,
      field(fallback, {
        label: 'When nobody is on call for this service, use the chain of',
        path: 'fallbackServiceId',
      }),
      field(matching, {
        label: "When a request gives the caller's language or age group",
        path: 'matching',
        hint: 'Clinicians list their languages and age groups under Clinicians.',
      }),
      general,
      el('div', { class: 'actions' }, cancel, save),
    );
    editorView.replaceChildren(form);
    listView.hidden = true;
    editorView.hidden = false;
    title.focus();

    if (!isNew) {
      ctx
        .all<OverrideView>(`/services/${encodeURIComponent(draft.serviceId)}/overrides`, 'overrides')
        .then((overrides) => rotation.setOverrides(overrides))
        .catch(() =>
          rotation.setOverrides(
            [],
            'Cover (overrides) could not be read: the preview shows the rotation alone.',
          ),
        );
    }

    const close = async (focusId?: string) => {
      editorView.hidden = true;
      editorView.replaceChildren();
      listView.hidden = false;
      if (focusId) await renderList(focusId);
      else (opener.isConnected ? opener : newButton).focus();
    };
    cancel.addEventListener('click', () => void close());

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (save.disabled) return;
      clearErrors(form, general);
      const id = isNew ? idInput.value.trim() : draft.serviceId;
      if (isNew) {
        const problem = idProblem(id);
        if (problem) return void showErrors(form, general, invalid('serviceId', problem));
        if (ctx.services.some((s) => s.serviceId === id))
          return void showErrors(
            form,
            general,
            invalid('serviceId', 'There is already a service with this ID.'),
          );
      }
      const body = {
        name: name.value.trim(),
        rotation: rotation.value(),
        escalation: policy.value(),
        ...(fallback.value && { fallbackServiceId: fallback.value }),
        matching: matching.value,
      };
      save.disabled = true;
      try {
        const saved = await ctx.request<ServiceView>('PUT', `/services/${encodeURIComponent(id)}`, body);
        say(`${saved.name} saved. ${chainOf(saved)}.`);
        await close(saved.serviceId);
      } catch (error) {
        showErrors(form, general, error);
      } finally {
        save.disabled = false;
      }
    });
  }

  newButton.addEventListener('click', () => openEditor(null, newButton));

  return {
    async show() {
      if (!editorView.hidden) return;
      await Promise.all([ctx.loadClinicians(), ctx.clinic ? Promise.resolve(ctx.clinic) : ctx.loadClinic()]);
      await renderList();
    },
  };
}
