// Overrides (cover) per service: who covers, from when to when in the clinic's time zone; add, edit
// (PUT …/overrides/{id}) and delete. By default the cover that is not over yet; past cover on request.
import { ApiError, serverNow } from '../lib/api.js';
import { el, setText } from '../lib/dom.js';
import type { Console, OverrideView } from './context.js';
import {
  action,
  clearErrors,
  confirmDialog,
  field,
  openDialog,
  select,
  showErrors,
  uid,
  words,
} from './ui.js';
import { dayTime, fromLocalInput, toLocalInput } from './zoned.js';

const HOUR = 3_600_000;
const invalid = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', 'Check the form', [{ path, message }]);

export function overridesSection(ctx: Console, root: HTMLElement): { show(): Promise<void> } {
  const service = select([]);
  const past = el('input', { type: 'checkbox' });
  const addButton = el('button', { type: 'button', class: 'primary' }, 'Add cover');
  const notice = el('p', { class: 'status-note', role: 'status' });
  const list = el('ul', { class: 'items grid', role: 'list' });
  const zoneNote = el('p', { class: 'muted' });
  root.append(
    el(
      'div',
      { class: 'two' },
      field(service, { label: 'Service' }),
      el(
        'div',
        { class: 'field check-field' },
        el('label', { class: 'choice' }, past, el('span', {}, 'Show cover that is over too')),
      ),
    ),
    zoneNote,
    el('div', { class: 'section-actions' }, addButton, notice),
    list,
  );
  const say = (text: string) => setText(notice, text);
  let overrides: OverrideView[] = [];

  const when = () => dayTime(ctx.timeZone);
  const serviceName = () => ctx.services.find((s) => s.serviceId === service.value)?.name ?? service.value;
  const path = (rest = '') => `/services/${encodeURIComponent(service.value)}/overrides${rest}`;

  function item(o: OverrideView): HTMLElement {
    const who = ctx.nameOf(o.clinicianId);
    const f = when();
    const start = Date.parse(o.start);
    const end = Date.parse(o.end);
    const now = serverNow();
    const state = end <= now ? ' (over)' : start <= now ? ' (covering now)' : '';
    const titleId = uid('ovr');
    return el(
      'li',
      {
        class: `item${end <= now ? ' past' : ''}`,
        'data-override': o.overrideId,
        'aria-labelledby': titleId,
      },
      el('h3', { id: titleId }, who, el('span', { class: 'id' }, state)),
      el('p', {}, `${f.format(start)} → ${f.format(end)}`),
      el(
        'div',
        { class: 'row-actions' },
        action(
          'Edit',
          async (b) => form(o, b),
          (e) => say(words(e)),
          { 'aria-label': `Edit ${who}’s cover from ${f.format(start)}` },
        ),
        action(
          'Delete',
          async (button) => {
            confirmDialog({
              title: `Delete this cover?`,
              message: `${who} covering ${serviceName()} from ${f.format(start)} to ${f.format(end)}. The rotation takes over again for that time.`,
              confirm: 'Delete cover',
              opener: button,
              run: async () => {
                await ctx.request('DELETE', path(`/${encodeURIComponent(o.overrideId)}`));
                say(`Cover by ${who} deleted.`);
                await render();
                return addButton;
              },
            });
          },
          (e) => say(words(e)),
          { 'aria-label': `Delete ${who}’s cover from ${f.format(start)}` },
        ),
      ),
    );
  }

  async function render(focusId?: string): Promise<void> {
    if (!service.value) {
      list.replaceChildren(
        el('li', { class: 'item muted' }, 'No services yet: make one under Services first.'),
      );
      addButton.disabled = true;
      return;
    }
    addButton.disabled = false;
    list.setAttribute('aria-busy', 'true');
    overrides = (
      await ctx.all<OverrideView>(path(past.checked ? '?includePast=true' : ''), 'overrides')
    ).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    list.replaceChildren(
      ...(overrides.length
        ? overrides.map(item)
        : [
            el(
              'li',
              { class: 'item muted' },
              `No cover booked for ${serviceName()}${past.checked ? '' : ' from now on'}: the rotation decides.`,
            ),
          ]),
    );
    list.setAttribute('aria-busy', 'false');
    if (focusId)
      list.querySelector<HTMLButtonElement>(`li[data-override="${CSS.escape(focusId)}"] button`)?.focus();
  }

  function form(o: OverrideView | null, opener: HTMLElement): void {
    const choices = ctx.clinicians.filter((c) => c.active || c.clinicianId === o?.clinicianId);
    const who = select(
      choices.map((c): [string, string] => [
        c.clinicianId,
        `${c.name}${c.pageable ? '' : ' (not pageable)'}`,
      ]),
    );
    if (o) who.value = o.clinicianId;
    const start = el('input', { type: 'datetime-local' });
    const end = el('input', { type: 'datetime-local' });
    const next = Math.ceil(serverNow() / HOUR) * HOUR;
    start.value = toLocalInput(o ? Date.parse(o.start) : next, ctx.timeZone);
    end.value = toLocalInput(o ? Date.parse(o.end) : next + 12 * HOUR, ctx.timeZone);
    const save = el('button', { type: 'submit', class: 'primary' }, o ? 'Save cover' : 'Add cover');
    const cancel = el('button', { type: 'button' }, 'Cancel');
    const zone = `clinic time, ${ctx.timeZone}`;
    const fields = el(
      'form',
      { novalidate: '' },
      el(
        'p',
        { class: 'muted' },
        `${serviceName()}: the clinician you choose is on call in place of the rotation between these times.`,
      ),
      field(who, { label: 'Who covers', path: 'clinicianId' }),
      field(start, { label: `Starts (${zone})`, path: 'start' }),
      field(end, { label: `Ends (${zone})`, path: 'end' }),
      el('div', { class: 'actions' }, cancel, save),
    );
    const box = openDialog(o ? 'Edit cover' : `Add cover to ${serviceName()}`, [fields], opener);
    cancel.addEventListener('click', () => box.close());
    fields.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(fields, box.error);
      const from = fromLocalInput(start.value, ctx.timeZone);
      const until = fromLocalInput(end.value, ctx.timeZone);
      if (from === null)
        return void showErrors(fields, box.error, invalid('start', 'Enter when the cover starts.'));
      if (until === null)
        return void showErrors(fields, box.error, invalid('end', 'Enter when the cover ends.'));
      save.disabled = true;
      try {
        const json = {
          clinicianId: who.value,
          start: new Date(from).toISOString(),
          end: new Date(until).toISOString(),
        };
        const saved = o
          ? await ctx.request<OverrideView>('PUT', path(`/${encodeURIComponent(o.overrideId)}`), json)
          : await ctx.request<{ overrideId: string }>('POST', path(), json);
        box.close();
        const f = when();
        say(
          `${o ? 'Saved' : 'Added'}: ${ctx.nameOf(who.value)} covers ${serviceName()}, ${f.format(from)} → ${f.format(until)}.`,
        );
        await render(saved.overrideId);
      } catch (error) {
        showErrors(fields, box.error, error);
      } finally {
        save.disabled = false;
      }
    });
  }

  service.addEventListener('change', () => void render().catch((e: unknown) => say(words(e))));
  past.addEventListener('change', () => void render().catch((e: unknown) => say(words(e))));
  addButton.addEventListener('click', () => form(null, addButton));

  return {
    async show() {
      await Promise.all([ctx.loadServices(), ctx.loadClinicians(), ctx.clinic ? null : ctx.loadClinic()]);
      const chosen = service.value;
      service.replaceChildren(...ctx.services.map((s) => el('option', { value: s.serviceId }, s.name)));
      if (ctx.services.some((s) => s.serviceId === chosen)) service.value = chosen;
      setText(zoneNote, `Times are clinic time (${ctx.timeZone}).`);
      await render();
    },
  };
}
