// The fairness report (docs/api.md, "Fairness report"): per clinician over a window, on-call hours from the
// rota engine's shifts (every service, nights and weekends apart) and pages from the requests made in it.
import {
  median,
  splitHours,
  tallyPages,
  NIGHT_ENDS,
  NIGHT_STARTS,
  type PageTally,
} from '../../domain/fairness.js';
import type { Principal } from '../../domain/model.js';
import { shiftsBetween } from '../../domain/rota/index.js';
import type { ClinicStore } from '../../ports/clinic-store.js';
import type { Clock } from '../../ports/clock.js';
import type { RequestListing, RequestStore } from '../../ports/request-store.js';
import type { StoredRequest } from '../../ports/stored-request.js';
import { requireAccess } from '../access.js';
import { invalid, notFound } from '../errors.js';

export interface ReportDeps {
  clinics: ClinicStore;
  requests: RequestStore;
  clock: Clock;
}

/** A window's requests are read in full (their timelines): past this many, ask for a shorter window. */
export const MAX_REQUESTS = 5000;
const PAGE = 100;
const PARALLEL_READS = 16;

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;
const iso = (ms: number) => new Date(ms).toISOString();

export async function fairnessReport(
  deps: ReportDeps,
  principal: Principal,
  clinicId: string,
  window: { from: number; to: number },
) {
  requireAccess(principal, clinicId, ['admin']);
  const rota = await deps.clinics.loadRota(clinicId, window.from);
  if (!rota) throw notFound('clinic');
  const timeZone = rota.clinic.timezone;

  const hours = new Map<string, { total: number; night: number; weekend: number }>();
  for (const service of rota.services) {
    const { shifts } = shiftsBetween({
      rotation: service.rotation,
      timeZone,
      overrides: rota.overrides.filter((o) => o.serviceId === service.serviceId),
      ...window,
    });
    for (const shift of shifts) {
      const split = splitHours(shift.start, shift.end, timeZone);
      const sum = hours.get(shift.clinicianId) ?? { total: 0, night: 0, weekend: 0 };
      hours.set(shift.clinicianId, {
        total: sum.total + split.total,
        night: sum.night + split.night,
        weekend: sum.weekend + split.weekend,
      });
    }
  }

  const tallies = new Map<string, PageTally>();
  const stored = await storedRequestsIn(deps.requests, clinicId, window);
  for (const s of stored) tallyPages(s.request.timeline, tallies);

  const ids = new Set([...rota.clinicians.map((c) => c.clinicianId), ...hours.keys(), ...tallies.keys()]);
  const nameOf = (id: string) => rota.clinicians.find((c) => c.clinicianId === id)?.name ?? null;
  const clinicians = [...ids].sort().map((clinicianId) => {
    const h = hours.get(clinicianId) ?? { total: 0, night: 0, weekend: 0 };
    const t = tallies.get(clinicianId) ?? { pages: 0, accepted: 0, secondsToAccept: [] };
    const medianSeconds = median(t.secondsToAccept);
    return {
      clinicianId,
      name: nameOf(clinicianId),
      onCallHours: round(h.total),
      nightHours: round(h.night),
      weekendHours: round(h.weekend),
      pagesReceived: t.pages,
      accepted: t.accepted,
      medianSecondsToAccept: medianSeconds === null ? null : round(medianSeconds, 1),
    };
  });
  return {
    clinicId,
    timezone: timeZone,
    from: iso(window.from),
    to: iso(window.to),
    night: { from: NIGHT_STARTS, to: NIGHT_ENDS },
    requests: stored.length,
    clinicians,
  };
}
export type FairnessReport = Awaited<ReturnType<typeof fairnessReport>>;

/** Every request made in the window, read whole (timelines), a few at a time. */
export async function storedRequestsIn(
  requests: RequestStore,
  clinicId: string,
  window: { from: number; to: number },
): Promise<StoredRequest[]> {
  const listings = await requestsIn(requests, clinicId, window);
  const stored: StoredRequest[] = [];
  for (let i = 0; i < listings.length; i += PARALLEL_READS) {
    const batch = listings.slice(i, i + PARALLEL_READS);
    for (const s of await Promise.all(batch.map((l) => requests.get(clinicId, l.requestId))))
      if (s) stored.push(s);
  }
  return stored;
}

/** Every request made in the window, through the queue index a page at a time. */
async function requestsIn(requests: RequestStore, clinicId: string, window: { from: number; to: number }) {
  const found: RequestListing[] = [];
  let cursor: string | undefined;
  do {
    const page = await requests.listByClinic(clinicId, {
      status: 'all',
      limit: PAGE,
      from: window.from,
      to: window.to,
      ...(cursor !== undefined && { cursor }),
    });
    found.push(...page.items);
    if (found.length > MAX_REQUESTS)
      throw invalid([
        { path: 'to', message: `more than ${MAX_REQUESTS} requests in this window: ask for a shorter one` },
      ]);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return found;
}

const CSV_COLUMNS = [
  'clinicianId',
  'name',
  'onCallHours',
  'nightHours',
  'weekendHours',
  'pagesReceived',
  'accepted',
  'medianSecondsToAccept',
] as const;

/** RFC 4180: quoted where needed; a leading =, +, - or @ is prefixed so a spreadsheet never runs it. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function fairnessCsv(report: FairnessReport): string {
  const rows = report.clinicians.map((c) => CSV_COLUMNS.map((k) => csvCell(c[k])).join(','));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
