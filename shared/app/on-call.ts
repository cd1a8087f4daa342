import type { Clinician, Principal } from '../domain/model.js';
import { shiftsBetween, whoIsOnCall, type OnCallSlot } from '../domain/rota/index.js';
import type { RotaSnapshot } from '../ports/clinic-store.js';
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
  const onCall = whoIsOnCall({ rotation: service.rotation, timeZone: rota.clinic.timezone, overrides, at });
  return {
    serviceId,
    at: iso(at),
    timezone: rota.clinic.timezone,
    primary: describe(onCall.primary, rota),
    secondary: describe(onCall.secondary, rota),
  };
}

export async function getShifts(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  window: { from: number; to: number },
) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  const { rota, service, overrides } = await loadServiceRota(deps, clinicId, serviceId, window.from);
  const { shifts, gaps } = shiftsBetween({
    rotation: service.rotation,
    timeZone: rota.clinic.timezone,
    overrides,
    ...window,
  });
  return {
    serviceId,
    timezone: rota.clinic.timezone,
    shifts: shifts.map((s) => ({
      clinicianId: s.clinicianId,
      start: iso(s.start),
      end: iso(s.end),
      source: s.source,
    })),
    gaps: gaps.map((g) => ({ start: iso(g.start), end: iso(g.end) })),
  };
}
