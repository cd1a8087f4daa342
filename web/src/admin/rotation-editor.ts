// The rotation editor: participants in handoff order (add, remove, move up and down), the start date and
// the handoff (every day or week, every how many, at what time, on which weekday); and beside it a preview
// of the next 14 days of shifts and gaps in the clinic's time zone, recomputed on every change by the
// server's rota engine (buildPreview → shared/domain/rota), with clock changes marked.
import type { Rotation, Weekday } from '../../../shared/domain/model.js';
import { serverNow } from '../lib/api.js';
import { el, setText } from '../lib/dom.js';
import type { Console, OverrideView } from './context.js';
import { buildPreview, PREVIEW_DAYS, rotationProblems, rowWhen, rowWho, type Preview } from './preview.js';
import { field, focusPart, input, moveControls, moveItem, select, uid } from './ui.js';
import { WEEKDAY_NAMES } from './words.js';
import { dayTime } from './zoned.js';

const COLOURS = 6;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const WEEKDAYS = Object.keys(WEEKDAY_NAMES) as Weekday[];

export interface RotationEditor {
  element: HTMLElement;
  value(): Rotation;
  /** Overrides of the service (cover) shown in the preview, once read. */
  setOverrides(overrides: OverrideView[], note?: string): void;
}

export function rotationEditor(ctx: Console, initial: Rotation, changed: () => void): RotationEditor {
  const rotation: Rotation = structuredClone(initial);
  const legendId = uid('rot');
  const list = el('ol', { class: 'order-list', role: 'list' });
  const listAnchor = el('div', {
    'data-path': 'rotation.participants',
    id: uid('participants'),
    tabindex: '-1',
    class: 'anchor',
  });
  const listError = el('p', { class: 'error', id: `${listAnchor.id}-error`, 'data-error': '' });
  const moved = el('p', { class: 'visually-hidden', role: 'status' });

  const pick = select([]);
  const add = el('button', { type: 'button' }, 'Add to the rotation');
  const start = input({ type: 'date' });
  start.value = rotation.start;
  const every = select(
    [
      ['day', 'days'],
      ['week', 'weeks'],
    ],
    rotation.handoff.every,
  );
  const count = input({ type: 'number', inputmode: 'numeric', min: '1', max: '52', step: '1' });
  count.value = String(rotation.handoff.count ?? 1);
  const at = input({ type: 'time' });
  at.value = rotation.handoff.at;
  const weekday = select(
    WEEKDAYS.map((d) => [d, WEEKDAY_NAMES[d] ?? d]),
    rotation.handoff.weekday ?? 'mon',
  );
  const weekdayField = field(weekday, {
    label: 'On',
    path: 'rotation.handoff.weekday',
    hint: 'The first handoff is the first such day on or after the start date.',
  });

  const preview = el('div', { class: 'preview' });
  const previewSummary = el('p', { class: 'preview-summary', 'aria-live': 'polite' });
  const coverNote = el('p', { class: 'hint' });
  const previewTitle = uid('preview');

  const element = el(
    'fieldset',
    { class: 'group', 'aria-labelledby': legendId },
    el('legend', { id: legendId }, 'Rotation'),
    el('h4', {}, 'Who, in handoff order'),
    el(
      'p',
      { class: 'hint' },
      'Shift 1 goes to the first person, shift 2 to the second, and so on, round again. The secondary is the next in line.',
    ),
    listAnchor,
    listError,
    list,
    moved,
    el('div', { class: 'add-row' }, field(pick, { label: 'Add a clinician', className: 'grow' }), add),
    el('h4', {}, 'When the rota hands over'),
    el(
      'div',
      { class: 'two' },
      field(start, {
        label: 'Start date',
        path: 'rotation.start',
        hint: 'The first handoff, in clinic time.',
      }),
      field(at, {
        label: 'Handoff time (clinic time)',
        path: 'rotation.handoff.at',
        hint: '24-hour, e.g. 09:00.',
      }),
      field(count, {
        label: 'Each shift lasts',
        path: 'rotation.handoff.count',
        hint: '1 to 52: 2 weeks is a fortnight.',
      }),
      field(every, { label: 'Days or weeks', path: 'rotation.handoff.every' }),
      weekdayField,
    ),
    el(
      'section',
      { class: 'preview-box', 'aria-labelledby': previewTitle },
      el(
        'h4',
        { id: previewTitle },
        `Preview: the next ${PREVIEW_DAYS} days in clinic time (${ctx.timeZone})`,
      ),
      el('p', { class: 'hint' }, 'Worked out here by the same rota engine the server uses, before you save.'),
      previewSummary,
      coverNote,
      preview,
    ),
  );

  let overrides: OverrideView[] = [];

  function fillPicker(): void {
    const options = ctx.clinicians.map((c): [string, string] => [
      c.clinicianId,
      `${c.name}${c.pageable ? '' : ' (not pageable)'}`,
    ]);
    pick.replaceChildren(
      ...(options.length
        ? options.map(([v, label]) => el('option', { value: v }, label))
        : [el('option', { value: '' }, 'No clinicians yet: add them under Clinicians first')]),
    );
    add.disabled = !options.length;
  }

  function renderList(focus?: { index: number; part: string }): void {
    const n = rotation.participants.length;
    list.replaceChildren(
      ...(n
        ? rotation.participants.map((id, i) => {
            const who = ctx.nameOf(id);
            const why = ctx.unavailable(id);
            return el(
              'li',
              {
                class: 'order-item',
                'data-path': `rotation.participants.${i}`,
                id: uid('p'),
                tabindex: '-1',
              },
              el('span', { class: 'order-n', 'aria-hidden': 'true' }, `${i + 1}`),
              el(
                'span',
                { class: 'order-who' },
                el('span', { class: 'visually-hidden' }, `${i + 1}. `),
                who,
                why
                  ? el(
                      'span',
                      { class: 'error small' },
                      ` — ${why === 'clinician_inactive' ? 'inactive' : why === 'no_verified_contact' ? 'no verified contact' : 'not a clinician'}: their shifts are gaps`,
                    )
                  : '',
              ),
              moveControls({
                index: i,
                count: n,
                who,
                move: (from, to, part) => {
                  moveItem(rotation.participants, from, to);
                  renderList({ index: to, part });
                  setText(moved, `${who} moved to place ${to + 1} of ${n}.`);
                  update();
                },
                remove: (index) => {
                  rotation.participants.splice(index, 1);
                  renderList({ index, part: 'remove' });
                  setText(moved, `${who} removed from the rotation.`);
                  if (!rotation.participants.length) pick.focus();
                  update();
                },
              }),
            );
          })
        : [el('li', { class: 'muted' }, 'Nobody yet: only cover (overrides) would put someone on call.')]),
    );
    // Each participant's error line, for details at rotation.participants.N.
    for (const li of list.querySelectorAll<HTMLElement>('li[data-path]'))
      li.append(el('p', { class: 'error', id: `${li.id}-error`, 'data-error': '' }));
    if (focus) focusPart(list, focus.index, focus.part, pick);
  }

  add.addEventListener('click', () => {
    if (!pick.value) return;
    rotation.participants.push(pick.value);
    renderList();
    setText(moved, `${ctx.nameOf(pick.value)} added as number ${rotation.participants.length}.`);
    update();
  });

  const syncHandoff = () => {
    rotation.start = start.value;
    rotation.handoff.every = every.value === 'day' ? 'day' : 'week';
    rotation.handoff.count = count.value.trim() === '' ? NaN : Number(count.value);
    rotation.handoff.at = at.value;
    if (rotation.handoff.every === 'week') rotation.handoff.weekday = weekday.value as Weekday;
    else delete rotation.handoff.weekday;
    weekdayField.hidden = rotation.handoff.every !== 'week';
    update();
  };
  for (const control of [start, every, count, at, weekday]) {
    control.addEventListener('input', syncHandoff);
    control.addEventListener('change', syncHandoff);
  }

  let pending = 0;
  function update(): void {
    changed();
    window.clearTimeout(pending);
    pending = window.setTimeout(renderPreview, 120);
  }

  function renderPreview(): void {
    const problems = rotationProblems(rotation);
    if (problems.length) {
      setText(
        previewSummary,
        `The preview waits for a complete rotation: ${problems.map((p) => p.message).join('; ')}.`,
      );
      preview.replaceChildren();
      return;
    }
    let result: Preview;
    try {
      result = buildPreview({
        rotation,
        timeZone: ctx.timeZone,
        now: serverNow(),
        overrides: overrides.map((o) => ({
          overrideId: o.overrideId,
          clinicId: ctx.session.clinicId,
          serviceId: o.serviceId,
          clinicianId: o.clinicianId,
          start: Date.parse(o.start),
          end: Date.parse(o.end),
          createdAt: Date.parse(o.createdAt),
          ...(o.updatedAt && { updatedAt: Date.parse(o.updatedAt) }),
        })),
        unavailable: ctx.unavailable,
      });
    } catch (error) {
      setText(previewSummary, `No preview: ${(error as Error).message}`);
      preview.replaceChildren();
      return;
    }
    const changes = result.rows.filter((r) => r.dst).length;
    setText(
      previewSummary,
      `${result.shifts} shift${result.shifts === 1 ? '' : 's'}, ${result.gaps ? `${result.gaps} gap${result.gaps === 1 ? '' : 's'} with nobody paged` : 'no gaps'}${changes ? `; ${changes === 1 ? 'one shift spans' : `${changes} rows span`} a clock change` : ''}.`,
    );
    preview.replaceChildren(strip(result), table(result));
  }

  const colours = new Map<string, number>();
  const colourOf = (id: string) => {
    if (!colours.has(id)) colours.set(id, colours.size % COLOURS);
    return `c${colours.get(id)}`;
  };

  function strip(result: Preview): HTMLElement {
    const { from, to } = result;
    const pct = (t: number) =>
      `${(((Math.min(Math.max(t, from), to) - from) / (to - from)) * 100).toFixed(3)}%`;
    const bar = el('div', { class: 'strip-bar' });
    for (const row of result.rows) {
      const label = row.kind === 'gap' ? 'gap' : ctx.nameOf(row.clinicianId ?? '');
      const seg = el(
        'div',
        { class: `seg ${row.kind === 'gap' ? 'gap' : `${colourOf(row.clinicianId ?? '')} ${row.source}`}` },
        label,
      );
      seg.style.left = pct(row.start);
      seg.style.width = `${(((Math.min(row.end, to) - Math.max(row.start, from)) / (to - from)) * 100).toFixed(3)}%`;
      bar.append(seg);
    }
    return el('div', { class: 'strip', 'aria-hidden': 'true' }, bar);
  }

  function table(result: Preview): HTMLElement {
    const f = dayTime(ctx.timeZone);
    return el(
      'div',
      { class: 'table-box' },
      el(
        'table',
        { class: 'preview-table' },
        el('caption', { class: 'visually-hidden' }, `Shifts and gaps, the next ${PREVIEW_DAYS} days`),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'When'),
            el('th', { scope: 'col' }, 'On call'),
            el('th', { scope: 'col' }, 'Length'),
          ),
        ),
        el(
          'tbody',
          {},
          ...result.rows.map((row) =>
            el(
              'tr',
              {
                ...(row.kind === 'gap' ? { class: 'gap' } : row.dst ? { class: 'dst' } : {}),
                // What the row is, for tests and tools: the instants and who holds it (empty: a gap).
                'data-start': new Date(row.start).toISOString(),
                'data-end': new Date(row.end).toISOString(),
                'data-clinician': row.kind === 'shift' ? (row.clinicianId ?? '') : '',
              },
              el(
                'td',
                {},
                rowWhen(row, (ms) => f.format(ms)),
              ),
              el('td', {}, rowWho(row, ctx.nameOf)),
              el(
                'td',
                {},
                // A clock change says the length itself: "clocks go forward: this shift is 23 h".
                row.dst ? el('strong', { class: 'dst-note' }, capitalised(row.dst)) : row.length || '—',
              ),
            ),
          ),
        ),
      ),
    );
  }

  fillPicker();
  renderList();
  weekdayField.hidden = rotation.handoff.every !== 'week';
  renderPreview();

  return {
    element,
    value: () => ({
      participants: [...rotation.participants],
      start: rotation.start,
      handoff: {
        every: rotation.handoff.every,
        count: rotation.handoff.count,
        at: rotation.handoff.at,
        ...(rotation.handoff.every === 'week' &&
          rotation.handoff.weekday && { weekday: rotation.handoff.weekday }),
      },
    }),
    setOverrides(list, note) {
      overrides = list;
      setText(
        coverNote,
        note ??
          (list.length
            ? `Includes ${list.length} cover${list.length === 1 ? '' : 's'} (overrides) already booked for this service.`
            : ''),
      );
      renderPreview();
    },
  };
}
