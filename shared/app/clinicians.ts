import type { Clinician, ContactChannel, Principal } from '../domain/model.js';
import type { PutClinicianInput } from '../schemas/clinician.js';
import { requireAccess } from './access.js';
import { contactsOf, sameDestination, type ContactMethod } from '../domain/contacts.js';
import type { ContactDeps } from './contacts/contact-deps.js';
import { brokenAfter } from './contacts/change-contacts.js';
import { beginVerification, newContactMethod } from './contacts/contacts.js';
import type { AdminDeps } from './deps.js';
import { conflict, notFound } from './errors.js';
import { clinicianView } from './views.js';
import type { PageQuery } from '../schemas/page-query.js';
import { idPage } from './page-cursor.js';

/**
 * Creates or updates a clinician. `phone` and `email`, when given, are contact methods: one not yet known is
 * added unverified and its code sent (it is paged once verified); methods are removed only through
 * DELETE …/contacts/{contactId}, so a number being replaced keeps paging until the new one is verified.
 */
export async function putClinician(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  clinicianId: string,
  input: PutClinicianInput,
) {
  requireAccess(principal, clinicId, ['admin']);
  for (let i = 0; i < PUT_TRIES; i++) {
    const existing = await deps.clinics.getClinician(clinicId, clinicianId);
    const { clinician, added } = mergedClinician(existing, clinicId, clinicianId, input, deps.clock());
    // On condition nothing changed since the read: a verification landing meanwhile is never undone.
    if (!(await deps.clinics.replaceClinician(clinician, existing?.updatedAt ?? null))) continue;
    for (const method of added) await beginVerification(deps, clinicId, { clinicianId }, method.contactId);
    const stored = added.length ? await deps.clinics.getClinician(clinicId, clinicianId) : clinician;
    return clinicianView(stored ?? clinician);
  }
  throw conflict('the clinician was changed by someone else at the same time: try again');
}

const PUT_TRIES = 4;

function mergedClinician(
  existing: Clinician | null,
  clinicId: string,
  clinicianId: string,
  input: PutClinicianInput,
  now: number,
) {
  const contacts = existing ? [...contactsOf(existing)] : [];
  const added: ContactMethod[] = [];
  for (const [type, value] of [
    ['sms', input.phone],
    ['email', input.email],
  ] as const) {
    if (value === undefined || contacts.some((m) => sameDestination(m, type, value))) continue;
    const method = newContactMethod(type, value, now);
    contacts.push(method);
    added.push(method);
  }
  const shiftNoticeMinutes = input.shiftNoticeMinutes ?? existing?.shiftNoticeMinutes;
  const clinician: Clinician = {
    clinicId,
    clinicianId,
    name: input.name,
    active: input.active,
    // Left out of a PUT: kept as they were (an empty list clears them).
    ...optionalList('languages', input.languages ?? existing?.languages),
    ...optionalList('ageGroups', input.ageGroups ?? existing?.ageGroups),
    ...(shiftNoticeMinutes !== undefined && { shiftNoticeMinutes }),
    contacts,
    // The person's own rules stay: a PUT of the record by an admin is not a change of them.
    ...(existing?.notificationRules && { notificationRules: existing.notificationRules }),
    brokenContacts: existing ? brokenAfter(existing, contacts) : [],
    updatedAt: Math.max(now, (existing?.updatedAt ?? 0) + 1),
  };
  return { clinician, added };
}

const optionalList = <K extends string, T>(key: K, list: T[] | undefined) =>
  (list && list.length > 0 ? { [key]: list } : {}) as Partial<Record<K, T[]>>;

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

export async function listClinicians(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  query: PageQuery,
) {
  requireAccess(principal, clinicId, ['admin']);
  const page = await idPage(
    clinicId,
    'clinicians',
    query,
    (request) => deps.clinics.cliniciansPage(clinicId, request),
    (c) => c.clinicianId,
  );
  return { clinicians: page.items.map(clinicianView), nextCursor: page.nextCursor };
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
