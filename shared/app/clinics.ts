import type { Clinic, Principal } from '../domain/model.js';
import type { PutClinicInput } from '../schemas/clinic.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { notFound } from './errors.js';
import { clinicView } from './views.js';

export async function putClinic(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  input: PutClinicInput,
) {
  requireAccess(principal, clinicId, ['platform']);
  const now = deps.clock();
  const existing = await deps.clinics.getClinic(clinicId);
  const clinic: Clinic = { clinicId, ...input, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await deps.clinics.putClinic(clinic);
  return clinicView(clinic);
}

export async function getClinic(deps: AdminDeps, principal: Principal, clinicId: string) {
  requireAccess(principal, clinicId, ['platform', 'admin', 'intake']);
  const clinic = await deps.clinics.getClinic(clinicId);
  if (!clinic) throw notFound('clinic');
  return clinicView(clinic);
}
