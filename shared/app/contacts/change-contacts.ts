import {
  contactsOf,
  pagingAddress,
  type ContactMethod,
  type NotificationRule,
} from '../../domain/contacts.js';
import type { Clinician, ContactChannel } from '../../domain/model.js';
import { conflict, notFound } from '../errors.js';
import type { ContactDeps } from './contact-deps.js';

const TRIES = 4;

/** A channel marked broken stays marked only while pages on it would still go to the same address. */
export function brokenAfter(
  before: Clinician,
  contacts: ContactMethod[],
  rules: NotificationRule[] | undefined = before.notificationRules,
): ContactChannel[] {
  const { notificationRules: _old, ...rest } = before;
  const after = { ...rest, contacts, ...(rules && { notificationRules: rules }) };
  return before.brokenContacts.filter(
    (channel) => pagingAddress(before, channel) === pagingAddress(after, channel),
  );
}

/**
 * Read, change, write on condition nobody wrote meanwhile; on a race, again from a fresh read. `change` may
 * throw an AppError (nothing is written then), and returns the new methods, or null to write nothing.
 */
export async function changeContacts<T>(
  deps: ContactDeps,
  clinicId: string,
  clinicianId: string,
  change: (
    contacts: ContactMethod[],
    clinician: Clinician,
  ) => { contacts: ContactMethod[] | null; rules?: NotificationRule[]; result: T },
): Promise<{ clinician: Clinician; result: T }> {
  for (let i = 0; i < TRIES; i++) {
    const clinician = await deps.clinics.getClinician(clinicId, clinicianId);
    if (!clinician) throw notFound('clinician');
    const { contacts, rules, result } = change(contactsOf(clinician), clinician);
    if (contacts === null) return { clinician, result };
    // Strictly later than what was read, so a change in the same millisecond still moves the condition on.
    const now = Math.max(deps.clock(), clinician.updatedAt + 1);
    const brokenContacts = brokenAfter(clinician, contacts, rules ?? clinician.notificationRules);
    const written = await deps.clinics.updateContacts(clinicId, clinicianId, {
      readUpdatedAt: clinician.updatedAt,
      contacts,
      brokenContacts,
      ...(rules !== undefined && { notificationRules: rules }),
      now,
    });
    if (written) {
      const { phone: _p, email: _e, ...rest } = clinician;
      const after = { ...rest, contacts, brokenContacts, updatedAt: now };
      return { clinician: rules !== undefined ? { ...after, notificationRules: rules } : after, result };
    }
  }
  throw conflict('the clinician was changed by someone else at the same time: try again');
}

/** One method by id, or 404 in words. */
export function methodOf(contacts: ContactMethod[], contactId: string): ContactMethod {
  const method = contacts.find((m) => m.contactId === contactId);
  if (!method) throw notFound('contact method');
  return method;
}

export const replaceMethod = (contacts: ContactMethod[], method: ContactMethod) =>
  contacts.map((m) => (m.contactId === method.contactId ? method : m));
