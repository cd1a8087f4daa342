import type { Clinician, Principal } from '../domain/model.js';
import {
  onCallWithAvailability,
  shiftsBetween,
  whoIsOnCall,
  withAvailability,
  type OnCallSlot,
  type Unavailability,
} from '../domain/rota/index.js';
import type { RotaSnapshot } from '../ports/clinic-store.js';
import { unreachableReason } from '../domain/contacts.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { notFound } from './errors.js';

const iso = (ms: number) => new Date(ms).toISOString();

async function loadServiceRota(deps: AdminDeps, clinicId: string, serviceId: string, since: number) {
  const rota = await deps.clinics.loadRota(clinicId, since);
  const service = rota?.services.find((s) => s.serviceId === serviceId);
  if (!rota || !service) throw notFound('service');
  const overrides = rota.overrides.filter((o) => o.serviceId === serviceId);
  return { rota, service, overrides };
}

/** The same rule as the submit path (resolve-route.ts): inactive or unreachable clinicians are not paged. */
export function unavailabilityIn(rota: RotaSnapshot): Unavailability {
  return (clinicianId) => {
    const clinician = rota.clinicians.find((c) => c.clinicianId === clinicianId);
    return clinician ? unreachableReason(clinician) : 'no_such_clinician';
  };
}

function describe(slot: OnCallSlot | null, rota: RotaSnapshot) {
  if (!slot) return null;
  const clinician: Clinician | undefined = rota.clinicians.find((c) => c.clinicianId === slot.clinicianId);
  return {
    clinicianId: slot.clinicianId,
    name: clinician?.name ?? null,
    until: iso(slot.until),
    source: slot.source,
  };
}

export async function getOnCall(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  at: number = deps.clock(),
) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  const { rota, service, overrides } = await loadServiceRota(deps, clinicId, serviceId, at);
  const onCall = onCallWithAvailability(
    whoIsOnCall({ rotation: service.rotation, timeZone: rota.clinic.timezone, overrides, at }),
    unavailabilityIn(rota),
  );
  const nameOf = (id: string) => rota.clinicians.find((c) => c.clinicianId === id)?.name ?? null;
  return {
    serviceId,
    at: iso(at),
    timezone: rota.clinic.timezone,
    primary: describe(onCall.primary, rota),
    secondary: describe(onCall.secondary, rota),
    // Named by the rota but not paged: shown so an admin sees why the slot is empty.
    unavailable: onCall.unavailable.map((u) => ({ ...u, name: nameOf(u.clinicianId) })),
  };
}

/** The service's shifts and gaps over the window, a shift nobody would be paged for counted as a gap. */
async function serviceWindow(
  deps: AdminDeps,
  clinicId: string,
  serviceId: string,
  window: { from: number; to: number },
) {
  const { rota, service, overrides } = await loadServiceRota(deps, clinicId, serviceId, window.from);
  const { shifts, gaps } = withAvailability(
    shiftsBetween({ rotation: service.rotation, timeZone: rota.clinic.timezone, overrides, ...window }),
    unavailabilityIn(rota),
  );
  return { rota, service, shifts, gaps };
}

type ViewedGap = { start: number; end: number; reason?: string; clinicianId?: string };

/**
 * When the fallback contacts were told of each gap: a sent alert of the service overlapping it, for the same
 * holder (an alert knows its gap by the start it had then, so a gap cut by the window still finds it).
 */
async function alertedAtOf(deps: AdminDeps, clinicId: string, serviceId: string) {
  const sent = ((await deps.gapAlerts?.listGapAlerts(clinicId)) ?? []).filter(
    (a) => a.serviceId === serviceId && a.state === 'sent' && a.sentAt !== undefined,
  );
  return (g: ViewedGap): { alertedAt?: string } => {
    const alert = sent.find((a) => a.start < g.end && a.end > g.start && a.clinicianId === g.clinicianId);
    return alert?.sentAt === undefined ? {} : { alertedAt: iso(alert.sentAt) };
  };
}

const gapView = (g: ViewedGap) => ({
  start: iso(g.start),
  end: iso(g.end),
  ...(g.reason !== undefined && { reason: g.reason, clinicianId: g.clinicianId }),
});

export async function getShifts(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  window: { from: number; to: number },
) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  const { rota, shifts, gaps } = await serviceWindow(deps, clinicId, serviceId, window);
  const alerted = await alertedAtOf(deps, clinicId, serviceId);
  return {
    serviceId,
    timezone: rota.clinic.timezone,
    shifts: shifts.map((s) => ({
      clinicianId: s.clinicianId,
      start: iso(s.start),
      end: iso(s.end),
      source: s.source,
    })),
    gaps: gaps.map((g) => ({ ...gapView(g), ...alerted(g) })),
  };
}

const DAY_MS = 86_400_000;
const hoursOf = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;

/**
 * The coverage gaps of the next `days` days from now: time nobody is on call, and shifts held by someone
 * no page would reach (inactive, no verified method), each with its length. What a request in a gap does
 * instead: the service's `fallbackServiceId`, else the clinic's fallback contacts (docs/api.md, "Routing").
 */
export async function getGaps(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  query: { days: number },
) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  const from = deps.clock();
  const to = from + query.days * DAY_MS;
  const { rota, service, gaps } = await serviceWindow(deps, clinicId, serviceId, { from, to });
  const alerted = await alertedAtOf(deps, clinicId, serviceId);
  const nameOf = (id: string) => rota.clinicians.find((c) => c.clinicianId === id)?.name ?? null;
  return {
    serviceId,
    timezone: rota.clinic.timezone,
    from: iso(from),
    to: iso(to),
    uncoveredHours: hoursOf(gaps.reduce((sum, g) => sum + (g.end - g.start), 0)),
    coveredBy: service.fallbackServiceId
      ? { fallbackServiceId: service.fallbackServiceId }
      : { fallbackContacts: rota.clinic.fallback.map((f) => f.name) },
    gaps: gaps.map((g) => ({
      ...gapView(g),
      hours: hoursOf(g.end - g.start),
      ...(g.clinicianId !== undefined && { name: nameOf(g.clinicianId) }),
      ...alerted(g),
    })),
  };
}
