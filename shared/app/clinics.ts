// The clinic record: the platform key creates it and sets its time zone; the clinic's own admin keeps its
// name, fallback contacts, repeat and emergency protocol (docs/api.md, "Clinic").
import { mergeFallback } from '../domain/fallback-contacts.js';
import type { Clinic, Principal } from '../domain/model.js';
import type { ClinicSettingsInput, PutClinicInput } from '../schemas/clinic.js';
import { requireAccess } from './access.js';
import type { ContactDeps } from './contacts/contact-deps.js';
import type { AdminDeps } from './deps.js';
import { conflict, notFound } from './errors.js';
import { clinicView } from './views.js';

const TRIES = 4;

type ClinicDeps = AdminDeps & Partial<Pick<ContactDeps, 'emailSubscriptions'>>;

export async function putClinic(
  deps: ClinicDeps,
  principal: Principal,
  clinicId: string,
  input: PutClinicInput,
) {
  requireAccess(principal, clinicId, ['platform']);
  return clinicView(await writeClinic(deps, clinicId, input, true));
}

/** The clinic admin's edit: everything but the time zone; the clinic must exist. */
export async function putClinicSettings(
  deps: ClinicDeps,
  principal: Principal,
  clinicId: string,
  input: ClinicSettingsInput,
) {
  requireAccess(principal, clinicId, ['platform', 'admin']);
  return clinicView(await writeClinic(deps, clinicId, input, false));
}

/**
 * Settings replace what was there, on condition nobody wrote meanwhile (a fallback contact's methods live
 * in the same record); fallback contacts keep their ids and methods by id or name. Dropped contacts' email
 * subscriptions end once the write is in.
 */
async function writeClinic(
  deps: ClinicDeps,
  clinicId: string,
  input: ClinicSettingsInput & { timezone?: string },
  mayCreate: boolean,
): Promise<Clinic> {
  for (let i = 0; i < TRIES; i++) {
    const existing = await deps.clinics.getClinic(clinicId);
    if (!existing && !mayCreate) throw notFound('clinic');
    const { fallback, dropped } = mergeFallback(existing?.fallback ?? [], input.fallback);
    const { emergencyProtocol: _old, coverApproval: _approval, ...kept } = existing ?? {};
    const now = existing ? Math.max(deps.clock(), existing.updatedAt + 1) : deps.clock();
    const clinic: Clinic = {
      ...kept,
      clinicId,
      name: input.name,
      timezone: input.timezone ?? existing?.timezone ?? 'UTC',
      fallback,
      fallbackRepeatSeconds: input.fallbackRepeatSeconds,
      ...(input.emergencyProtocol !== undefined && { emergencyProtocol: input.emergencyProtocol }),
      ...(input.coverApproval === 'admin' && { coverApproval: 'admin' as const }),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (await deps.clinics.replaceClinic(clinic, existing?.updatedAt ?? null)) {
      const ended = dropped.flatMap((f) => f.contacts ?? []).flatMap((m) => m.subscriptionId ?? []);
      for (const subscriptionId of ended) await deps.emailSubscriptions?.unsubscribe(subscriptionId);
      return clinic;
    }
  }
  throw conflict('the clinic was changed by someone else at the same time: try again');
}

export async function getClinic(deps: AdminDeps, principal: Principal, clinicId: string) {
  requireAccess(principal, clinicId, ['platform', 'admin', 'intake']);
  const clinic = await deps.clinics.getClinic(clinicId);
  if (!clinic) throw notFound('clinic');
  return clinicView(clinic, principal.role !== 'intake');
}
