import {
  pagingAddress,
  type ContactMethod,
  type ContactOwner,
  type NotificationRule,
} from '../../domain/contacts.js';
import type { Clinician, ContactChannel } from '../../domain/model.js';
import { conflict, notFound } from '../errors.js';
import type { ContactDeps } from './contact-deps.js';
import { methodsOf, readHolder, writeFallbackMethods, type Holder } from './contact-holder.js';

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
 * throw an AppError (nothing is written then), and returns the new methods, or null to write nothing; `rules`
 * (a clinician's notification rules) and `shiftNoticeMinutes` replace theirs when given.
 */
export async function changeContacts<T>(
  deps: ContactDeps,
  clinicId: string,
  owner: ContactOwner,
  change: (
    contacts: ContactMethod[],
    holder: Holder,
  ) => {
    contacts: ContactMethod[] | null;
    rules?: NotificationRule[];
    shiftNoticeMinutes?: number;
    result: T;
  },
): Promise<{ holder: Holder; result: T }> {
  for (let i = 0; i < TRIES; i++) {
    const holder = await readHolder(deps, clinicId, owner);
    const { contacts, rules, shiftNoticeMinutes, result } = change(methodsOf(holder), holder);
    if (contacts === null) return { holder, result };
    const read = holder.kind === 'clinician' ? holder.clinician.updatedAt : holder.clinic.updatedAt;
    // Strictly later than what was read, so a change in the same millisecond still moves the condition on.
    const now = Math.max(deps.clock(), read + 1);
    if (holder.kind === 'fallback') {
      const written = await writeFallbackMethods(deps, holder, contacts, now);
      if (written.written) return { holder: written.holder, result };
      continue;
    }
    const { clinician } = holder;
    const brokenContacts = brokenAfter(clinician, contacts, rules ?? clinician.notificationRules);
    const written = await deps.clinics.updateContacts(clinicId, clinician.clinicianId, {
      readUpdatedAt: clinician.updatedAt,
      contacts,
      brokenContacts,
      ...(rules !== undefined && { notificationRules: rules }),
      ...(shiftNoticeMinutes !== undefined && { shiftNoticeMinutes }),
      now,
    });
    if (written) {
      const { phone: _p, email: _e, ...rest } = clinician;
      const after = {
        ...rest,
        contacts,
        brokenContacts,
        ...(shiftNoticeMinutes !== undefined && { shiftNoticeMinutes }),
        updatedAt: now,
      };
      return {
        holder: {
          kind: 'clinician',
          clinician: rules !== undefined ? { ...after, notificationRules: rules } : after,
        },
        result,
      };
    }
  }
  throw conflict(
    `the ${'clinicianId' in owner ? 'clinician' : 'clinic'} was changed by someone else at the same time: try again`,
  );
}

/** The clinician a change was about (notification rules are theirs alone). */
export function clinicianOf(holder: Holder): Clinician {
  if (holder.kind !== 'clinician') throw new TypeError('not a clinician');
  return holder.clinician;
}

/** One method by id, or 404 in words. */
export function methodOf(contacts: ContactMethod[], contactId: string): ContactMethod {
  const method = contacts.find((m) => m.contactId === contactId);
  if (!method) throw notFound('contact method');
  return method;
}

export const replaceMethod = (contacts: ContactMethod[], method: ContactMethod) =>
  contacts.map((m) => (m.contactId === method.contactId ? method : m));
