// On-call board: per service who is on call now and next, a 14-day strip with gaps in red, and (admin)
// a form to add cover, and the open cover requests (board-covers.ts). Every time is shown in the clinic's
// timezone, which the oncall answer names.
import { coverPanel, type CoverPanel } from './board-covers.js';
import { ApiError, call, clinicPath, get, type Service, type Session } from './lib/api.js';
import { byId, el, setText } from './lib/dom.js';
import { signIn, signOut } from './lib/session.js';
import { formatter, startOfDay, zonedParts, zonedToInstant } from './lib/time.js';

interface Slot {
  clinicianId: string;
  name: string | null;
  until: string;
  source: 'rotation' | 'override';
}
interface OnCall {
  timezone: string;
  primary: Slot | null;
  secondary: Slot | null;
  /** Named by the rota now but not paged, and why. */
  unavailable?: Array<{
    role: 'primary' | 'secondary';
    clinicianId: string;
    name: string | null;
    reason: string;
  }>;
}

/** Why the rota's choice is not paged, in the words an admin acts on. */
const WHY_NOT_PAGED: Record<string, string> = {
  no_verified_contact: 'has no verified contact method, so pages cannot reach them',
  clinician_inactive: 'is marked inactive',
  no_such_clinician: 'is not a clinician of this clinic',
};
const whyNotPaged = (reason: string) => WHY_NOT_PAGED[reason] ?? `cannot be paged (${reason})`;
interface Shift {
  clinicianId: string;
  start: string;
  end: string;
  source: 'rotation' | 'override';
}
interface Shifts {
  timezone: string;
  shifts: Shift[];
  gaps: Array<{ start: string; end: string; reason?: string; clinicianId?: string; alertedAt?: string }>;
}
interface Clinician {
  clinicianId: string;
  name: string;
  active?: boolean;
}

const DAYS = 14;
const DAY_MS = 86_400_000;
const REFRESH_MS = 60_000;
const COLOURS = 6;

let session: Session;
let covers: CoverPanel | undefined;
let services: Service[] = [];
let timeZone = 'UTC';
const names = new Map<string, string>();
const colours = new Map<string, number>();
const cards = new Map<string, HTMLElement>();

const nameOf = (id: string) => names.get(id) ?? id;
const colourOf = (id: string) => {
  if (!colours.has(id)) colours.set(id, colours.size % COLOURS);
  return `c${colours.get(id)}`;
};
const when = () =>
  formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
const span = (start: number, end: number) => {
  const f = when();
  return `${f.format(start)} – ${f.format(end)}`;
};

function failed(error: unknown): void {
  if (error instanceof ApiError && error.status === 401)
    return signOut('board', 'Your key is no longer accepted. Sign in again.');
  setText(byId('board-notice'), `Could not load the board: ${(error as Error).message}`);
}

// ---- One service --------------------------------------------------------------------------------------

function person(label: string, slot: Slot | null, detail: string, className = ''): HTMLElement {
  if (slot?.name) names.set(slot.clinicianId, slot.name);
  return el(
    'div',
    { class: slot ? className : 'nobody' },
    el('span', { class: 'label' }, label),
    el('strong', {}, slot ? (slot.name ?? slot.clinicianId) : 'Nobody'),
    slot ? detail : '',
  );
}

function strip(data: Shifts, from: number, to: number, now: number): HTMLElement {
  const pct = (t: number) =>
    `${(((Math.min(Math.max(t, from), to) - from) / (to - from)) * 100).toFixed(3)}%`;
  const width = (a: number, b: number) =>
    `${(((Math.min(b, to) - Math.max(a, from)) / (to - from)) * 100).toFixed(3)}%`;
  const dayFormat = formatter(timeZone, { weekday: 'short', day: 'numeric' });
  const days = el('div', { class: 'strip-days' });
  for (let k = 0; k < DAYS; k++)
    days.append(el('span', {}, dayFormat.format(from + k * DAY_MS + DAY_MS / 2)));
  const bar = el('div', { class: 'strip-bar' });
  const segment = (start: number, end: number, className: string, label: string, title: string) => {
    const node = el('div', { class: `seg ${className}`, title }, label);
    node.style.left = pct(start); // CSSOM, allowed by style-src 'self' (no inline style attributes)
    node.style.width = width(start, end);
    bar.append(node);
  };
  for (const s of data.shifts) {
    const start = Date.parse(s.start);
    const end = Date.parse(s.end);
    const cover = s.source === 'override' ? ' (cover)' : '';
    segment(
      start,
      end,
      `${colourOf(s.clinicianId)} ${s.source}`,
      nameOf(s.clinicianId),
      `${nameOf(s.clinicianId)}${cover}: ${span(start, end)}`,
    );
  }
  for (const g of data.gaps) {
    const start = Date.parse(g.start);
    const end = Date.parse(g.end);
    const who = g.clinicianId ? `${nameOf(g.clinicianId)} ${whyNotPaged(g.reason ?? '')}` : 'Nobody on call';
    segment(start, end, 'gap', 'gap', `${who}: ${span(start, end)}`);
  }
  const line = el('div', { class: 'now-line', title: 'now' });
  line.style.left = pct(now);
  bar.append(line);
  return el('div', { class: 'strip', 'aria-hidden': 'true' }, days, bar);
}

function legend(data: Shifts): HTMLElement {
  const list = el('ul', { class: 'legend', 'aria-hidden': 'true' });
  for (const id of new Set(data.shifts.map((s) => s.clinicianId)))
    list.append(el('li', {}, el('i', { class: colourOf(id) }), nameOf(id)));
  if (data.shifts.some((s) => s.source === 'override'))
    list.append(el('li', {}, el('i', { class: 'override' }), 'cover (override)'));
  list.append(el('li', {}, el('i', { class: 'gap' }), 'nobody on call'));
  return list;
}

function table(data: Shifts): HTMLElement {
  const rows = [
    ...data.shifts.map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end), shift: s, gap: null })),
    ...data.gaps.map((g) => ({ start: Date.parse(g.start), end: Date.parse(g.end), shift: null, gap: g })),
  ].sort((a, b) => a.start - b.start);
  const f = when();
  return el(
    'details',
    {},
    el('summary', {}, `Shifts as a list (${DAYS} days)`),
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'From'),
          el('th', { scope: 'col' }, 'To'),
          el('th', { scope: 'col' }, 'On call'),
        ),
      ),
      el(
        'tbody',
        {},
        ...rows.map(({ start, end, shift, gap }) =>
          el(
            'tr',
            shift ? {} : { class: 'gap' },
            el('td', {}, f.format(start)),
            el('td', {}, f.format(end)),
            el(
              'td',
              {},
              shift
                ? `${nameOf(shift.clinicianId)}${shift.source === 'override' ? ' (cover)' : ''}`
                : gap?.clinicianId
                  ? `Nobody: ${nameOf(gap.clinicianId)} ${whyNotPaged(gap.reason ?? '')}`
                  : 'Nobody: gap',
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * An intake key may not list clinicians: the names of the people in the strip come from asking who is on
 * call at the start of one of their shifts (once per clinician, then remembered).
 */
async function learnNames(base: string, data: Shifts): Promise<void> {
  const unknown = new Map<string, Shift>();
  for (const shift of data.shifts) if (!names.has(shift.clinicianId)) unknown.set(shift.clinicianId, shift);
  await Promise.all(
    [...unknown.values()].map(async (shift) => {
      const at = encodeURIComponent(shift.start);
      const who = await get<OnCall>(session, `${base}/oncall?at=${at}`).catch(() => null);
      if (who?.primary?.clinicianId === shift.clinicianId && who.primary.name)
        names.set(shift.clinicianId, who.primary.name);
    }),
  );
}

async function loadService(service: Service): Promise<HTMLElement> {
  const base = `/services/${encodeURIComponent(service.serviceId)}`;
  const now = Date.now();
  const oncall = await get<OnCall>(session, `${base}/oncall`);
  timeZone = oncall.timezone;
  const from = startOfDay(now, timeZone);
  const to = startOfDay(from + DAYS * DAY_MS + DAY_MS / 2, timeZone);
  const [shifts, next] = await Promise.all([
    get<Shifts>(
      session,
      `${base}/shifts?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
    ),
    oncall.primary
      ? get<OnCall>(session, `${base}/oncall?at=${encodeURIComponent(oncall.primary.until)}`)
      : Promise.resolve(null),
  ]);
  await learnNames(base, shifts);
  const f = when();
  const primary = oncall.primary;
  let nextSlot = next?.primary ?? null;
  let nextFrom = primary ? Date.parse(primary.until) : null;
  if (!primary) {
    // Nobody now: the next one is whoever holds the first shift ahead.
    const first = shifts.shifts.find((s) => Date.parse(s.start) > now);
    if (first) {
      nextSlot = {
        clinicianId: first.clinicianId,
        name: names.get(first.clinicianId) ?? null,
        until: first.end,
        source: first.source,
      };
      nextFrom = Date.parse(first.start);
    }
  }
  const gaps = shifts.gaps.filter((g) => Date.parse(g.end) > now);
  const id = `svc-${service.serviceId}`;
  return el(
    'article',
    { class: 'card', 'aria-labelledby': id },
    el('h2', { id }, service.name),
    el(
      'div',
      { class: 'oncall' },
      person(
        'On call now',
        primary,
        primary
          ? ` until ${f.format(Date.parse(primary.until))}${primary.source === 'override' ? ' (cover)' : ''}`
          : '',
        'now',
      ),
      person('Secondary', oncall.secondary, ''),
      person(
        'Next',
        nextSlot,
        nextFrom !== null
          ? ` from ${f.format(nextFrom)}${nextSlot?.source === 'override' ? ' (cover)' : ''}`
          : '',
      ),
    ),
    ...(oncall.unavailable ?? []).map((u) =>
      el(
        'p',
        { class: 'error', role: 'status' },
        `Warning: ${u.name ?? u.clinicianId} is ${u.role} on the rota now but ${whyNotPaged(u.reason)}. Requests skip them.`,
      ),
    ),
    strip(shifts, from, to, now),
    legend(shifts),
    el(
      'p',
      { class: gaps.length ? 'error' : 'muted' },
      gaps.length
        ? `${gaps.length} gap${gaps.length === 1 ? '' : 's'} with nobody on call: ${gaps
            .slice(0, 3)
            .map((g) => span(Date.parse(g.start), Date.parse(g.end)))
            .join('; ')}${gaps.length > 3 ? '; …' : ''}.${alertedNote(gaps)}`
        : `Nobody missing in the next ${DAYS} days.`,
    ),
    table(shifts),
  );
}

/** Whether the rota check told the fallback contacts (it does so once per gap). */
function alertedNote(gaps: Shifts['gaps']): string {
  const alerted = gaps.filter((g) => g.alertedAt !== undefined).length;
  if (alerted === 0)
    return ' The fallback contacts have not been alerted yet (the rota check runs every 5 minutes).';
  return alerted === gaps.length
    ? ' The fallback contacts were alerted to each.'
    : ` The fallback contacts were alerted to ${alerted} of them.`;
}

async function refresh(serviceId?: string): Promise<void> {
  const container = byId('services');
  container.setAttribute('aria-busy', 'true');
  try {
    for (const service of services) {
      if (serviceId && service.serviceId !== serviceId) continue;
      const card = await loadService(service);
      const old = cards.get(service.serviceId);
      if (old) old.replaceWith(card);
      else container.append(card);
      cards.set(service.serviceId, card);
    }
    // After the services: their oncall answers set the clinic's time zone the requests are shown in.
    await covers?.refresh();
    setText(byId('tz'), `All times are clinic time (${timeZone}).`);
    for (const label of document.querySelectorAll<HTMLElement>('.tz-name')) setText(label, `(${timeZone})`);
    setText(byId('board-notice'), '');
  } catch (error) {
    failed(error);
  } finally {
    container.setAttribute('aria-busy', 'false');
  }
}

// ---- Cover (admin) ------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
function toInput(ms: number): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
function fromInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return zonedToInstant({ year, month, day, hour, minute }, timeZone);
}

function setUpOverride(clinicians: Clinician[]): void {
  const form = byId<HTMLFormElement>('override');
  const serviceSelect = byId<HTMLSelectElement>('ov-service');
  const clinicianSelect = byId<HTMLSelectElement>('ov-clinician');
  const start = byId<HTMLInputElement>('ov-start');
  const end = byId<HTMLInputElement>('ov-end');
  const error = byId('ov-error');
  const done = byId('ov-done');
  const undo = byId<HTMLButtonElement>('ov-undo');
  const submit = byId<HTMLButtonElement>('ov-submit');
  for (const s of services) serviceSelect.append(el('option', { value: s.serviceId }, s.name));
  for (const c of clinicians.filter((c) => c.active !== false))
    clinicianSelect.append(el('option', { value: c.clinicianId }, c.name));
  const hour = 3_600_000;
  const nextHour = Math.ceil(Date.now() / hour) * hour;
  start.value = toInput(nextHour);
  end.value = toInput(nextHour + 12 * hour);
  form.hidden = false;

  let last: { serviceId: string; overrideId: string } | null = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setText(error, '');
    setText(done, '');
    const from = fromInput(start.value);
    const until = fromInput(end.value);
    start.setAttribute('aria-invalid', String(from === null));
    end.setAttribute('aria-invalid', String(until === null || (from !== null && until <= from)));
    if (from === null || until === null) return void setText(error, 'Enter a start and an end.');
    if (until <= from) return void setText(error, 'The end must be after the start.');
    const serviceId = serviceSelect.value;
    const clinicianId = clinicianSelect.value;
    submit.disabled = true;
    try {
      const path = `/services/${encodeURIComponent(serviceId)}/overrides`;
      const created = await call<{ overrideId: string }>('POST', clinicPath(session, path), {
        key: session.key,
        json: { clinicianId, start: new Date(from).toISOString(), end: new Date(until).toISOString() },
      });
      last = { serviceId, overrideId: created.overrideId };
      const service = services.find((s) => s.serviceId === serviceId)?.name ?? serviceId;
      setText(done, `Added: ${nameOf(clinicianId)} covers ${service}, ${span(from, until)}.`);
      undo.hidden = false;
      await refresh(serviceId);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401)
        return signOut('board', 'Your key is no longer accepted. Sign in again.');
      const details =
        failure instanceof ApiError ? failure.details.map((d) => `${d.path}: ${d.message}`) : [];
      setText(error, [(failure as Error).message, ...details].join(' '));
    } finally {
      submit.disabled = false;
    }
  });
  undo.addEventListener('click', async () => {
    if (!last) return;
    const { serviceId, overrideId } = last;
    undo.disabled = true;
    try {
      const path = `/services/${encodeURIComponent(serviceId)}/overrides/${encodeURIComponent(overrideId)}`;
      await call('DELETE', clinicPath(session, path), { key: session.key });
      last = null;
      undo.hidden = true;
      setText(done, 'Cover removed.');
      await refresh(serviceId);
    } catch (failure) {
      setText(error, `Could not remove it: ${(failure as Error).message}`);
    } finally {
      undo.disabled = false;
    }
  });
}

// ---- Start --------------------------------------------------------------------------------------------

signIn('board', async (signedIn) => {
  session = signedIn;
  byId('board').hidden = false;
  covers = coverPanel(session, byId('services'), span);
  try {
    const [list, clinicians] = await Promise.all([
      get<{ services: Service[] }>(session, '/services'),
      session.role === 'admin'
        ? get<{ clinicians: Clinician[] }>(session, '/clinicians').then((r) => r.clinicians)
        : Promise.resolve([] as Clinician[]),
    ]);
    services = [...list.services].sort((a, b) => a.name.localeCompare(b.name));
    for (const c of clinicians) names.set(c.clinicianId, c.name);
    if (!services.length) setText(byId('board-notice'), 'This clinic has no services yet.');
    await refresh();
    if (session.role === 'admin') setUpOverride(clinicians);
    window.setInterval(() => void refresh(), REFRESH_MS);
  } catch (error) {
    failed(error);
  }
});
