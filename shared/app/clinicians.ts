import type { Clinician, ContactChannel, Principal } from '../domain/model.js';
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

/**
 * An admin trusts a contact marked broken again (the clinician opted back in to SMS, the number was fine
 * after all), without changing it. Clearing a channel that is not marked is a success too.
 */
export async function clearBrokenContact(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  clinicianId: string,
  channel: ContactChannel,
) {
  requireAccess(principal, clinicId, ['admin']);
  const clinician = await deps.clinics.getClinician(clinicId, clinicianId);
  if (!clinician) throw notFound('clinician');
  if (!clinician.brokenContacts.includes(channel)) return clinicianView(clinician);
  await deps.clinics.clearContactBroken(clinicId, clinicianId, channel);
  const cleared = await deps.clinics.getClinician(clinicId, clinicianId);
  if (!cleared) throw notFound('clinician');
  return clinicianView(cleared);
}
