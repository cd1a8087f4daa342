// A person's ways of being reached. Only a method the person proved they receive (a code sent by that
// channel, or a confirmed email subscription) is paged: a page that reaches nobody is a silent request.
import type { Clinician, ContactChannel } from './model.js';

export const CONTACT_TYPES = ['sms', 'voice', 'email', 'push'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Types this deployment can deliver today; the others are refused when added, with the reason. */
export const DELIVERABLE_TYPES: readonly ContactType[] = ['sms', 'email'];

export const MAX_CONTACTS = 10;
/** A verification code is good for this long and this many tries; then a new one must be asked for. */
export const VERIFY_LIFETIME_MS = 15 * 60_000;
export const VERIFY_TRIES = 5;

/** The last thing that happened on a method: shown to the person and their admin, never with patient detail. */
export interface ContactResult {
  at: number;
  kind: 'verification' | 'test';
  outcome: 'sent' | 'failed';
  /** The provider's refusal, e.g. OptedOut. */
  code?: string;
  permanent?: boolean;
}

export interface PendingVerification {
  /** Hash of the code sent: the code itself is never stored. */
  codeHash: string;
  sentAt: number;
  expiresAt: number;
  triesLeft: number;
}

export interface ContactMethod {
  contactId: string;
  type: ContactType;
  /** E.164 for sms and voice, an address for email. */
  value: string;
  verified: boolean;
  addedAt: number;
  verifiedAt?: number;
  /** 'migration': a number that was paged before contact methods existed, kept so an upgrade pages on. */
  verifiedBy?: 'code' | 'subscription' | 'migration';
  verification?: PendingVerification;
  /** On AWS, an email method's SNS subscription: its confirmation is the verification. */
  subscriptionId?: string;
  lastResult?: ContactResult;
}

/** Ids of the methods a stored record from before contact methods turns into: stable, so a re-run agrees. */
export const MIGRATED_SMS_ID = 'migrated-sms';
export const MIGRATED_EMAIL_ID = 'migrated-email';

/**
 * The methods of a clinician, whether stored as methods or (before contact methods) as `phone`/`email`.
 * A migrated phone stays verified: it has been paged all along, and an upgrade must not silence a rota. A
 * migrated email does not: nothing ever confirmed that anyone received it.
 */
export function contactsOf(clinician: Pick<Clinician, 'contacts' | 'phone' | 'email' | 'updatedAt'>) {
  if (clinician.contacts) return clinician.contacts;
  const methods: ContactMethod[] = [];
  if (clinician.phone)
    methods.push({
      contactId: MIGRATED_SMS_ID,
      type: 'sms',
      value: clinician.phone,
      verified: true,
      verifiedBy: 'migration',
      addedAt: clinician.updatedAt,
    });
  if (clinician.email)
    methods.push({
      contactId: MIGRATED_EMAIL_ID,
      type: 'email',
      value: clinician.email,
      verified: false,
      addedAt: clinician.updatedAt,
    });
  return methods;
}

/** Where a page to this clinician goes now: the first verified method of each channel we can deliver. */
export function pagingAddresses(clinician: Clinician): { phone?: string; email?: string } {
  const verified = contactsOf(clinician).filter((m) => m.verified);
  const phone = verified.find((m) => m.type === 'sms')?.value;
  const email = verified.find((m) => m.type === 'email')?.value;
  return { ...(phone !== undefined && { phone }), ...(email !== undefined && { email }) };
}

/** Channels a page to this clinician can use: verified, and not found broken since. */
export function reachableChannels(clinician: Clinician): ContactChannel[] {
  const { phone, email } = pagingAddresses(clinician);
  const channels: ContactChannel[] = [];
  if (phone !== undefined && !clinician.brokenContacts.includes('sms')) channels.push('sms');
  if (email !== undefined && !clinician.brokenContacts.includes('email')) channels.push('email');
  return channels;
}

export type CodeCheck = 'verified' | 'wrong_code' | 'expired' | 'no_tries_left' | 'not_pending';

/** One try of a code against a method's pending verification; the method as it stands after the try. */
export function tryCode(
  method: ContactMethod,
  codeHash: string,
  now: number,
): { result: CodeCheck; method: ContactMethod } {
  const pending = method.verification;
  if (method.verified || !pending) return { result: 'not_pending', method };
  if (pending.expiresAt <= now) return { result: 'expired', method };
  if (pending.triesLeft <= 0) return { result: 'no_tries_left', method };
  if (pending.codeHash !== codeHash) {
    const triesLeft = pending.triesLeft - 1;
    return {
      result: triesLeft > 0 ? 'wrong_code' : 'no_tries_left',
      method: { ...method, verification: { ...pending, triesLeft } },
    };
  }
  const { verification: _done, ...rest } = method;
  return { result: 'verified', method: { ...rest, verified: true, verifiedAt: now, verifiedBy: 'code' } };
}

/** A fresh code for a method: asking again voids the previous one. */
export function startVerification(method: ContactMethod, codeHash: string, now: number): ContactMethod {
  return {
    ...method,
    verification: { codeHash, sentAt: now, expiresAt: now + VERIFY_LIFETIME_MS, triesLeft: VERIFY_TRIES },
  };
}

/** Same destination, whatever the spelling: email addresses compare without case. */
export function sameDestination(a: Pick<ContactMethod, 'type' | 'value'>, type: ContactType, value: string) {
  return (
    a.type === type && (type === 'email' ? a.value.toLowerCase() === value.toLowerCase() : a.value === value)
  );
}

/** The pager's channel for a method type we can deliver. */
export function channelOf(type: ContactType): ContactChannel | null {
  return type === 'sms' || type === 'email' ? type : null;
}

export type UnreachableReason = 'clinician_inactive' | 'no_verified_contact';

/**
 * Why the rota's choice is not paged, or null when they are: the one rule the submit path, /oncall, /shifts
 * and the board share. A method found broken later still counts here: the page records why it failed.
 */
export function unreachableReason(clinician: Clinician): UnreachableReason | null {
  if (!clinician.active) return 'clinician_inactive';
  const { phone, email } = pagingAddresses(clinician);
  return phone === undefined && email === undefined ? 'no_verified_contact' : null;
}
