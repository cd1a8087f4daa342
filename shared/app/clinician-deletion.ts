import { contactsOf } from '../domain/contacts.js';
import type { Principal } from '../domain/model.js';
import { latestVersions } from '../domain/override-versions.js';
import type { RotaSnapshot } from '../ports/clinic-store.js';
import { requireAccess } from './access.js';
import { revokeClinicianKeys } from './api-keys.js';
import type { ContactDeps } from './contacts/contact-deps.js';
import { conflict, notFound } from './errors.js';
import { serviceLabel } from './services.js';
import { iso } from './views.js';

/** Where the rota still names a clinician: a path in that service's body, or an override. */
export type ClinicianReference =
  | { serviceId: string; serviceName: string; path: string }
  | { serviceId: string; serviceName: string; overrideId: string; start: string; end: string };

/** Each place the rota names the clinician from `now` on, in plain words and as a reference. */
export function referencesTo(rota: RotaSnapshot, clinicianId: string, now: number) {
  const found: Array<{ words: string; reference: ClinicianReference }> = [];
  const cover = latestVersions(rota.overrides)
    .filter((o) => o.clinicianId === clinicianId && o.end > now)
    .sort((a, b) => a.start - b.start);
  const services = [...rota.services].sort((a, b) => (a.serviceId < b.serviceId ? -1 : 1));
  for (const service of services) {
    const named = { serviceId: service.serviceId, serviceName: service.name };
    const label = serviceLabel(service);
    service.rotation.participants.forEach((id, i) => {
      if (id === clinicianId)
        found.push({
          words: `in the rotation of ${label}`,
          reference: { ...named, path: `rotation.participants.${i}` },
        });
    });
    service.escalation.levels.forEach((level, i) => {
      if (typeof level.notify === 'object' && level.notify.clinicianId === clinicianId)
        found.push({
          words: `in level ${i + 1} of ${label}`,
          reference: { ...named, path: `escalation.levels.${i}.notify.clinicianId` },
        });
    });
    for (const o of cover.filter((c) => c.serviceId === service.serviceId))
      found.push({
        words: `covering ${label} from ${iso(o.start)} to ${iso(o.end)} (override ${o.overrideId})`,
        reference: { ...named, overrideId: o.overrideId, start: iso(o.start), end: iso(o.end) },
      });
  }
  return found;
}

/**
 * Deletes a clinician the rota no longer names: refused while a service's rotation or escalation names
 * them, or they hold cover that is not over yet (each place is listed). Their clinician keys are revoked
 * first, so whoever holds one loses access with the record. Requests keep the names and contacts frozen in
 * their routes: an open one still pages them, and a closed one still reads as it did.
 */
export async function deleteClinician(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  clinicianId: string,
): Promise<void> {
  requireAccess(principal, clinicId, ['admin']);
  const now = deps.clock();
  const rota = await deps.clinics.loadRota(clinicId, now);
  const clinician = rota?.clinicians.find((c) => c.clinicianId === clinicianId);
  if (!rota || !clinician) throw notFound('clinician');
  const references = referencesTo(rota, clinicianId, now);
  if (references.length)
    throw conflict(
      `this clinician is still on the rota: ${references.map((r) => r.words).join('; ')}. Take them off it first: edit those services, and move or delete the cover`,
      { references: references.map((r) => r.reference) },
    );
  // Keys first: were this cut short, the clinician is still there to delete again, and nobody holds a
  // working key for a person who is gone.
  await revokeClinicianKeys(deps, clinicId, clinicianId, now);
  // An email method is a subscription of the page topic filtered on this person: it would go on receiving
  // the pages of anyone given this id later.
  if (deps.emailSubscriptions)
    for (const method of contactsOf(clinician))
      if (method.subscriptionId) await deps.emailSubscriptions.unsubscribe(method.subscriptionId);
  await deps.clinics.deleteClinician(clinicId, clinicianId);
}
