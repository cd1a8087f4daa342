import type { Clinician, Principal } from '../../domain/model.js';
import type { CoverRequest } from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { notFound } from '../errors.js';
import type { CoverDeps } from './cover-deps.js';

export async function loadRotaOf(deps: Pick<CoverDeps, 'clinics'>, clinicId: string, now: number) {
  const rota = await deps.clinics.loadRota(clinicId, now);
  if (!rota) throw notFound('clinic');
  return rota;
}

export const personIn = (rota: RotaSnapshot, clinicianId: string | undefined): Clinician | undefined =>
  clinicianId === undefined ? undefined : rota.clinicians.find((c) => c.clinicianId === clinicianId);

/** A clinician's name, or their id where the record is gone. */
export const nameIn = (rota: RotaSnapshot, clinicianId: string | undefined): string =>
  personIn(rota, clinicianId)?.name ?? clinicianId ?? '';

export const serviceNameIn = (rota: RotaSnapshot, serviceId: string): string =>
  rota.services.find((s) => s.serviceId === serviceId)?.name ?? serviceId;

/** Who did it, for the audit list: the clinician, or which admin key. */
export const actorOf = (principal: Principal): string =>
  principal.role === 'clinician' && principal.clinicianId
    ? principal.clinicianId
    : `${principal.role} key ${principal.keyId}`;

/** What a key may see: admins every request; a clinician those they asked for or were offered. */
export function mayView(principal: Principal, request: CoverRequest): boolean {
  if (principal.role === 'admin') return true;
  const me = principal.clinicianId;
  return (
    principal.role === 'clinician' &&
    me !== undefined &&
    (request.requesterId === me || request.offeredTo.includes(me) || request.acceptedBy === me)
  );
}
