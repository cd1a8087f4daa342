import type { Clinician, Principal } from '../domain/model.js';
import type { PutClinicianInput } from '../schemas/clinician.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { notFound } from './errors.js';
import { clinicianView } from './views.js';

export async function putClinician(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  clinicianId: string,
  input: PutClinicianInput,
) {
  requireAccess(principal, clinicId, ['admin']);
  const existing = await deps.clinics.getClinician(clinicId, clinicianId);
  // A contact marked broken (opted out, invalid) is trusted again only once it has changed.
  const brokenContacts = (existing?.brokenContacts ?? []).filter((channel) =>
    channel === 'sms' ? existing?.phone === input.phone : existing?.email === input.email,
  );
  const clinician: Clinician = { clinicId, clinicianId, ...input, brokenContacts, updatedAt: deps.clock() };
  await deps.clinics.putClinician(clinician);
  return clinicianView(clinician);
}

export async function getClinician(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  clinicianId: string,
) {
  requireAccess(principal, clinicId, ['admin']);
  const clinician = await deps.clinics.getClinician(clinicId, clinicianId);
  if (!clinician) throw notFound('clinician');
  return clinicianView(clinician);
}

export async function listClinicians(deps: AdminDeps, principal: Principal, clinicId: string) {
  requireAccess(principal, clinicId, ['admin']);
  return { clinicians: (await deps.clinics.listClinicians(clinicId)).map(clinicianView) };
}
