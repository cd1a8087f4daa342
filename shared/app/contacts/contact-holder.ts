// Whose contact methods a change is about: a clinician (their own record) or a fallback contact (an entry of
// the clinic record). Both are read, changed and written on condition nobody wrote meanwhile.
import { contactsOf, type ContactMethod, type ContactOwner } from '../../domain/contacts.js';
import {
  fallbackIdOf,
  fallbackMethods,
  findFallback,
  SETTINGS_SMS_ID,
} from '../../domain/fallback-contacts.js';
import type { Clinic, Clinician, FallbackContact } from '../../domain/model.js';
import type { AdminDeps } from '../deps.js';
import { notFound } from '../errors.js';

export type Holder =
  | { kind: 'clinician'; clinician: Clinician }
  | { kind: 'fallback'; clinic: Clinic; fallback: FallbackContact };

export function ownerOf(holder: Holder): ContactOwner {
  return holder.kind === 'clinician'
    ? { clinicianId: holder.clinician.clinicianId }
    : { fallbackId: holder.fallback.fallbackId ?? '' };
}

export function methodsOf(holder: Holder): ContactMethod[] {
  if (holder.kind === 'clinician') return contactsOf(holder.clinician);
  return fallbackMethods(holder.fallback, holder.clinic.createdAt);
}

export async function readHolder(deps: AdminDeps, clinicId: string, owner: ContactOwner): Promise<Holder> {
  if ('clinicianId' in owner) {
    const clinician = await deps.clinics.getClinician(clinicId, owner.clinicianId);
    if (!clinician) throw notFound('clinician');
    return { kind: 'clinician', clinician };
  }
  const clinic = await deps.clinics.getClinic(clinicId);
  const fallback = clinic && findFallback(clinic, owner.fallbackId);
  if (!clinic || !fallback) throw notFound('fallback contact');
  // Entries stored before fallback ids get theirs written with the first change.
  return { kind: 'fallback', clinic, fallback: { ...fallback, fallbackId: owner.fallbackId } };
}

/**
 * A fallback contact's methods written back into the clinic record: the settings number stays in the
 * settings (only its last test result is kept), the rest as methods. False when the clinic changed meanwhile.
 */
export async function writeFallbackMethods(
  deps: AdminDeps,
  holder: Holder & { kind: 'fallback' },
  methods: ContactMethod[],
  now: number,
): Promise<{ written: boolean; holder: Holder }> {
  const { clinic, fallback } = holder;
  const settings = methods.find((m) => m.contactId === SETTINGS_SMS_ID);
  const contacts = methods.filter((m) => m.contactId !== SETTINGS_SMS_ID);
  const { contacts: _c, phoneResult: _r, ...rest } = fallback;
  const next: FallbackContact = {
    ...rest,
    ...(contacts.length > 0 && { contacts }),
    ...(settings?.lastResult && { phoneResult: settings.lastResult }),
  };
  const after: Clinic = {
    ...clinic,
    fallback: clinic.fallback.map((f) => (fallbackIdOf(f) === next.fallbackId ? next : f)),
    updatedAt: now,
  };
  const written = await deps.clinics.replaceClinic(after, clinic.updatedAt);
  return { written, holder: { kind: 'fallback', clinic: after, fallback: next } };
}
