import type { ContactMethod } from '../../shared/domain/contacts.js';

/** Verified methods for a phone and an email, as a clinician who confirmed both would have them. */
export function verifiedContacts(to: { phone?: string; email?: string }, at = 0): ContactMethod[] {
  const methods: ContactMethod[] = [];
  if (to.phone)
    methods.push({
      contactId: 'ct_sms',
      type: 'sms',
      value: to.phone,
      verified: true,
      verifiedBy: 'code',
      addedAt: at,
    });
  if (to.email)
    methods.push({
      contactId: 'ct_email',
      type: 'email',
      value: to.email,
      verified: true,
      verifiedBy: 'code',
      addedAt: at,
    });
  return methods;
}
