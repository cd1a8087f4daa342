import { SHIFT_NOTICE_DEFAULT_MINUTES } from '../domain/rota/shift-notices.js';
import type { Clinic, Clinician, FallbackContact, Service } from '../domain/model.js';
import { fallbackIdOf, fallbackMethods, fallbackPlan } from '../domain/fallback-contacts.js';
import { contactsOf, pagingPlan, unreachableReason, type ContactMethod } from '../domain/contacts.js';

// The API speaks ISO 8601; the domain keeps epoch milliseconds. These are the only conversions.
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Fallback contacts with their ids, and for those who manage them their methods as views (never a code's
 * hash or a subscription id); the hotline sees names and numbers only.
 */
export const clinicView = (clinic: Clinic, withMethods = true) => ({
  ...clinic,
  coverApproval: clinic.coverApproval ?? 'none',
  fallback: clinic.fallback.map((f) => ({
    name: f.name,
    phone: f.phone,
    ...(withMethods ? fallbackContactsView(f, clinic.createdAt) : { fallbackId: fallbackIdOf(f) }),
  })),
  createdAt: iso(clinic.createdAt),
  updatedAt: iso(clinic.updatedAt),
});

/** A fallback contact's methods: the settings number is always paged, so they are always pageable. */
export function fallbackContactsView(contact: FallbackContact, settingsSince = 0) {
  return {
    fallbackId: fallbackIdOf(contact),
    contacts: fallbackMethods(contact, settingsSince).map(contactView),
    plan: fallbackPlan(contact).map(({ contactId, channel, afterSeconds }) => ({
      contactId,
      channel,
      afterSeconds,
    })),
    pageable: true,
  };
}

/** Contact methods shown as views (never a code's hash); `phone`/`email` only as methods, once migrated. */
export const clinicianView = (clinician: Clinician) => {
  const { phone: _phone, email: _email, contacts: _contacts, ...rest } = clinician;
  return {
    ...rest,
    ...contactsView(clinician),
    updatedAt: iso(clinician.updatedAt),
  };
};

export const serviceView = (service: Service) => ({ ...service, updatedAt: iso(service.updatedAt) });

/** Where a method stands, in one word the console and the API agree on. */
export function contactState(m: ContactMethod) {
  if (m.verified) return 'verified';
  if (m.subscriptionId) return 'pending_confirmation';
  return m.verification ? 'pending_code' : 'unverified';
}

/** A method as the API shows it: never the code's hash or the provider's subscription id. */
export const contactView = (m: ContactMethod) => ({
  contactId: m.contactId,
  type: m.type,
  value: m.value,
  verified: m.verified,
  state: contactState(m),
  addedAt: iso(m.addedAt),
  ...(m.verifiedAt !== undefined && { verifiedAt: iso(m.verifiedAt) }),
  ...(m.verifiedBy && { verifiedBy: m.verifiedBy }),
  ...(m.verification && { codeExpiresAt: iso(m.verification.expiresAt) }),
  lastResult: m.lastResult
    ? {
        at: iso(m.lastResult.at),
        kind: m.lastResult.kind,
        outcome: m.lastResult.outcome,
        ...(m.lastResult.code && { code: m.lastResult.code }),
        ...(m.lastResult.permanent !== undefined && { permanent: m.lastResult.permanent }),
      }
    : null,
});

/** The list with the one question an admin asks of it: will a page reach this person? */
export function contactsView(clinician: Clinician) {
  const reason = unreachableReason(clinician);
  return {
    clinicianId: clinician.clinicianId,
    contacts: contactsOf(clinician).map(contactView),
    /** What a page does now: each channel, its method and its delay (the rules, or the defaults). */
    plan: pagingPlan(clinician).map(({ contactId, channel, afterSeconds }) => ({
      contactId,
      channel,
      afterSeconds,
    })),
    ...(clinician.notificationRules?.length && { notificationRules: clinician.notificationRules }),
    shiftNoticeMinutes: clinician.shiftNoticeMinutes ?? SHIFT_NOTICE_DEFAULT_MINUTES,
    pageable: reason === null,
    ...(reason !== null && { warning: reason }),
  };
}
