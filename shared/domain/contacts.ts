// A person's ways of being reached. Only a method the person proved they receive (a code sent by that
// channel, or a confirmed email subscription) is paged: a page that reaches nobody is a silent request.
import { CONTACT_CHANNELS, type Clinician, type ContactChannel } from './model.js';

export const CONTACT_TYPES = ['sms', 'voice', 'email', 'push'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Types every deployment can deliver; voice needs a calling provider configured (ContactDeps.deliverable). */
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
  /** 'clinic-settings': a fallback contact's number from the clinic settings (fallback-contacts.ts). */
  verifiedBy?: 'code' | 'subscription' | 'migration' | 'clinic-settings';
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

export interface NotificationRule {
  contactId: string;
  /** Seconds after a level's page opens that this method is tried, if nobody has answered by then. */
  afterSeconds: number;
}

/** Without rules of their own: the channels that can wake someone at once, a voice call a minute later. */
export const DEFAULT_DELAY_SECONDS: Readonly<Record<ContactType, number>> = {
  sms: 0,
  push: 0,
  email: 0,
  voice: 60,
};

export interface PlannedChannel {
  contactId: string;
  channel: ContactChannel;
  to: string;
  afterSeconds: number;
}

/**
 * How a page reaches this clinician: each rule's method if it is verified and deliverable, one per channel
 * (the first rule for a channel wins); without rules, the first verified method of each deliverable type.
 * Rules whose methods are all unverified leave nothing: the person chose those channels, and is warned.
 */
export function pagingPlan(clinician: Clinician): PlannedChannel[] {
  return planFor(contactsOf(clinician), clinician.notificationRules);
}

/** The plan of anyone's methods (a clinician's, or a fallback contact's) under their rules, if any. */
export function planFor(methods: ContactMethod[], notificationRules?: NotificationRule[]): PlannedChannel[] {
  // No rules left (the methods they named were removed) is no rules: the defaults, never silence.
  const own = notificationRules?.length ? notificationRules : undefined;
  const rules =
    own ??
    methods
      .filter((m, i) => m.verified && methods.findIndex((o) => o.verified && o.type === m.type) === i)
      .map((m) => ({ contactId: m.contactId, afterSeconds: DEFAULT_DELAY_SECONDS[m.type] }));
  const plan: PlannedChannel[] = [];
  for (const rule of rules) {
    const method = methods.find((m) => m.contactId === rule.contactId);
    const channel = method?.verified ? channelOf(method.type) : null;
    if (!method || !channel || plan.some((p) => p.channel === channel)) continue;
    plan.push({ contactId: method.contactId, channel, to: method.value, afterSeconds: rule.afterSeconds });
  }
  return plan;
}

/** Where a page to this clinician goes now, per channel. */
export function pagingAddresses(clinician: Clinician): {
  phone?: string;
  email?: string;
  voice?: string;
  push?: string;
} {
  const plan = pagingPlan(clinician);
  const to = (channel: ContactChannel) => plan.find((p) => p.channel === channel)?.to;
  const [phone, email, voice, push] = [to('sms'), to('email'), to('voice'), to('push')];
  return {
    ...(phone !== undefined && { phone }),
    ...(email !== undefined && { email }),
    ...(voice !== undefined && { voice }),
    ...(push !== undefined && { push }),
  };
}

/** Channels a page to this clinician can use: verified, and not found broken since. */
export function reachableChannels(clinician: Clinician): ContactChannel[] {
  const plan = pagingPlan(clinician);
  return CONTACT_CHANNELS.filter(
    (channel) => plan.some((p) => p.channel === channel) && !clinician.brokenContacts.includes(channel),
  );
}

/** Where a page on `channel` goes now, or undefined when the plan does not use that channel. */
export function pagingAddress(clinician: Clinician, channel: ContactChannel): string | undefined {
  return pagingPlan(clinician).find((p) => p.channel === channel)?.to;
}

/** Whose methods: a clinician, or one of the clinic's fallback contacts. */
export type ContactOwner = { clinicianId: string } | { fallbackId: string };

/** The email audience of one person of one clinic: equal ids in two clinics stay apart. */
export const audienceOf = (clinicId: string, owner: ContactOwner): string =>
  'clinicianId' in owner
    ? `${clinicId}/clinician/${owner.clinicianId}`
    : `${clinicId}/fallback/${owner.fallbackId}`;

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
  return type;
}

export type UnreachableReason = 'clinician_inactive' | 'no_verified_contact';

/**
 * Why the rota's choice is not paged, or null when they are: the one rule the submit path, /oncall, /shifts
 * and the board share. A method found broken later still counts here: the page records why it failed.
 */
export function unreachableReason(clinician: Clinician): UnreachableReason | null {
  if (!clinician.active) return 'clinician_inactive';
  return Object.keys(pagingAddresses(clinician)).length === 0 ? 'no_verified_contact' : null;
}
