// A person's contact methods: list, add (a code goes out by that channel), verify, test, remove. An admin of
// the clinic manages anyone's, fallback contacts' too; a clinician key manages its own (docs/api.md,
// "Contact methods").
import { randomBytes } from 'node:crypto';
import {
  audienceOf,
  channelOf,
  DELIVERABLE_TYPES,
  pagingAddress,
  MAX_CONTACTS,
  sameDestination,
  startVerification,
  tryCode,
  type ContactMethod,
  type ContactOwner,
  type ContactResult,
  type ContactType,
} from '../../domain/contacts.js';
import { SETTINGS_SMS_ID } from '../../domain/fallback-contacts.js';
import type { Clinician, Principal } from '../../domain/model.js';
import { requireAccess } from '../access.js';
import { conflict, forbidden, invalid } from '../errors.js';
import type { ContactDeps } from './contact-deps.js';
import { changeContacts, methodOf, replaceMethod } from './change-contacts.js';
import { methodsOf, type Holder } from './contact-holder.js';
import { contactsView, contactView, fallbackContactsView } from '../views.js';
import { newVerificationCode, sendContactMessage, verificationHash } from './send-contact-message.js';

export function requireSelfOrAdmin(principal: Principal, clinicId: string, clinicianId: string) {
  requireAccess(principal, clinicId, ['admin', 'clinician']);
  if (principal.role === 'clinician' && principal.clinicianId !== clinicianId)
    throw forbidden('a clinician key manages only its own contact methods');
}

/** A clinician's methods: theirs or an admin's to manage; a fallback contact's: an admin's. */
function requireManager(principal: Principal, clinicId: string, owner: ContactOwner) {
  if ('clinicianId' in owner) requireSelfOrAdmin(principal, clinicId, owner.clinicianId);
  else requireAccess(principal, clinicId, ['admin']);
}

const viewOf = (holder: Holder) =>
  holder.kind === 'clinician'
    ? contactsView(holder.clinician)
    : fallbackContactsView(holder.fallback, holder.clinic.createdAt);

/** The number in the clinic settings is changed there: these routes only test it. */
function refuseSettingsNumber(contactId: string, doing: string) {
  if (contactId === SETTINGS_SMS_ID)
    throw conflict(`this is the number in the clinic settings: ${doing} it there, under fallback contacts`);
}

export const newContactMethod = (type: ContactType, value: string, now: number): ContactMethod => ({
  contactId: `ct_${randomBytes(9).toString('base64url')}`,
  type,
  value,
  verified: false,
  addedAt: now,
});

async function clinicName(deps: ContactDeps, clinicId: string) {
  return (await deps.clinics.getClinic(clinicId))?.name ?? clinicId;
}

export async function listContacts(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  owner: ContactOwner,
) {
  requireManager(principal, clinicId, owner);
  return viewOf(await refreshEmailStates(deps, clinicId, owner));
}

/**
 * Email states as the provider has them now: a link opened since shows as verified, an address that
 * unsubscribed (or a confirmation that expired) stops being paged.
 */
async function refreshEmailStates(deps: ContactDeps, clinicId: string, owner: ContactOwner) {
  const subscriptions = deps.emailSubscriptions;
  const { holder, result: methods } = await changeContacts(deps, clinicId, owner, (contacts) => ({
    contacts: null,
    result: contacts,
  }));
  const watched = methods.filter((m) => m.subscriptionId !== undefined);
  if (!subscriptions || watched.length === 0) return holder;
  const states = new Map(
    await Promise.all(
      watched.map(async (m) => [m.contactId, await subscriptions.state(m.subscriptionId ?? '')] as const),
    ),
  );
  const now = deps.clock();
  const { holder: after } = await changeContacts(deps, clinicId, owner, (contacts) => {
    let changed = false;
    const next = contacts.map((m): ContactMethod => {
      const state = states.get(m.contactId);
      if (state === 'confirmed' && !m.verified) {
        changed = true;
        return { ...m, verified: true, verifiedAt: now, verifiedBy: 'subscription' };
      }
      if (state === 'gone') {
        // Unsubscribed after confirming, or never confirmed in time: either way nothing reaches it now.
        changed = true;
        const { verifiedAt: _a, verifiedBy: _b, subscriptionId: _s, ...rest } = m;
        const code = m.verified ? 'Unsubscribed' : 'ConfirmationExpired';
        return {
          ...rest,
          verified: false,
          lastResult: { at: now, kind: 'verification', outcome: 'failed', code, permanent: true },
        };
      }
      return m;
    });
    return { contacts: changed ? next : null, result: null };
  });
  return after;
}

/**
 * Adds a method and starts its verification. The same destination again re-sends a fresh code (the old one
 * stops working); an already verified one is a conflict. The code is stored before it is sent.
 */
export async function addContact(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  owner: ContactOwner,
  input: { type: ContactType; value: string },
) {
  requireManager(principal, clinicId, owner);
  if (!(deps.deliverable ?? DELIVERABLE_TYPES).includes(input.type))
    throw invalid([
      { path: 'type', message: `${input.type} is not available on this deployment yet: use sms or email` },
    ]);
  const now = deps.clock();
  const { result } = await changeContacts(deps, clinicId, owner, (contacts) => {
    const same = contacts.find((m) => sameDestination(m, input.type, input.value));
    if (same?.verified)
      throw conflict('this contact method is already verified', { contactId: same.contactId });
    if (!same && contacts.length >= MAX_CONTACTS)
      throw conflict(`a person has at most ${MAX_CONTACTS} contact methods: remove one first`);
    const method = same ?? newContactMethod(input.type, input.value, now);
    return {
      contacts: same ? contacts : [...contacts, method],
      result: { method, created: !same },
    };
  });
  const verified = await beginVerification(deps, clinicId, owner, result.method.contactId);
  return { created: result.created, contact: contactView(verified) };
}

/** Sends a new code by the method's own channel (or, for an email on AWS, subscribes it) and records the outcome. */
export async function beginVerification(
  deps: ContactDeps,
  clinicId: string,
  owner: ContactOwner,
  contactId: string,
) {
  const name = await clinicName(deps, clinicId);
  const { result: before } = await changeContacts(deps, clinicId, owner, (contacts) => ({
    contacts: null,
    result: methodOf(contacts, contactId),
  }));
  if (before.type === 'email' && deps.emailSubscriptions) {
    const audience = audienceOf(clinicId, owner);
    const { subscriptionId } = await deps.emailSubscriptions.subscribe(audience, before.value);
    const { result } = await changeContacts(deps, clinicId, owner, (contacts) => {
      const m = { ...methodOf(contacts, contactId), subscriptionId };
      delete m.verification;
      return { contacts: replaceMethod(contacts, m), result: m };
    });
    return result;
  }
  const code = newVerificationCode();
  await changeContacts(deps, clinicId, owner, (contacts) => {
    const m = startVerification(
      methodOf(contacts, contactId),
      verificationHash(contactId, code),
      deps.clock(),
    );
    return { contacts: replaceMethod(contacts, m), result: null };
  });
  const outcome = await sendContactMessage(deps, clinicId, owner, before, {
    purpose: 'verification',
    clinicName: name,
    code,
  });
  const { result } = await changeContacts(deps, clinicId, owner, (contacts) => {
    const m = { ...methodOf(contacts, contactId), lastResult: outcome };
    return { contacts: replaceMethod(contacts, m), result: m };
  });
  return result;
}

/** An email subscription that ended: what refreshEmailStates records on its method. */
const LAPSED = new Set(['Unsubscribed', 'ConfirmationExpired']);

const CODE_ANSWERS = {
  wrong_code: (left: number) => `that code is not right: ${left} ${left === 1 ? 'try' : 'tries'} left`,
  expired: 'this code has expired: add the contact method again to get a new one',
  no_tries_left: 'too many wrong codes: add the contact method again to get a new one',
};

export async function verifyContact(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  owner: ContactOwner,
  contactId: string,
  input: { code?: string },
) {
  requireManager(principal, clinicId, owner);
  const now = deps.clock();
  const { result: method } = await changeContacts(deps, clinicId, owner, (contacts) => ({
    contacts: null,
    result: methodOf(contacts, contactId),
  }));
  if (method.subscriptionId !== undefined) {
    const after = await refreshEmailStates(deps, clinicId, owner);
    const m = methodOf(methodsOf(after), contactId);
    if (m.verified) return contactView(m);
    throw conflict(
      m.subscriptionId === undefined
        ? 'this address unsubscribed or its confirmation expired: add it again'
        : 'not confirmed yet: open the link in the email from AWS Notifications, then try again',
    );
  }
  if (!method.verified && !method.verification)
    throw conflict(
      LAPSED.has(method.lastResult?.code ?? '')
        ? 'this address unsubscribed or its confirmation expired: add it again'
        : 'no code is waiting for this contact method: add it again to get one',
    );
  if (input.code === undefined && !method.verified)
    throw invalid([{ path: 'code', message: 'is required: the code sent to this contact' }]);
  const { result } = await changeContacts(deps, clinicId, owner, (contacts) => {
    const tried = tryCode(methodOf(contacts, contactId), verificationHash(contactId, input.code ?? ''), now);
    const written =
      tried.method === methodOf(contacts, contactId) ? null : replaceMethod(contacts, tried.method);
    return { contacts: written, result: tried };
  });
  switch (result.result) {
    case 'verified':
      return contactView(result.method);
    case 'not_pending':
      if (result.method.verified) return contactView(result.method);
      throw conflict('no code is waiting for this contact method: add it again to get one');
    case 'wrong_code':
      throw invalid([
        { path: 'code', message: CODE_ANSWERS.wrong_code(result.method.verification?.triesLeft ?? 0) },
      ]);
    default:
      throw invalid([{ path: 'code', message: CODE_ANSWERS[result.result] }]);
  }
}

/** A TEST page through the real delivery path, to a verified method; its outcome is kept on the method. */
export async function testContact(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  owner: ContactOwner,
  contactId: string,
) {
  requireManager(principal, clinicId, owner);
  const { result: method } = await changeContacts(deps, clinicId, owner, (contacts) => ({
    contacts: null,
    result: methodOf(contacts, contactId),
  }));
  if (!method.verified) throw conflict('verify this contact method before testing it');
  const outcome = await sendContactMessage(deps, clinicId, owner, method, {
    purpose: 'test',
    clinicName: await clinicName(deps, clinicId),
  });
  const { holder, result } = await changeContacts(deps, clinicId, owner, (contacts) => {
    const m = { ...methodOf(contacts, contactId), lastResult: outcome };
    return { contacts: replaceMethod(contacts, m), result: m };
  });
  // Fallback contacts have no broken marks: their settings number is always tried.
  if (holder.kind === 'clinician') await followOutcome(deps, holder.clinician, method, outcome);
  return contactView(result);
}

/** A test of the address pages use now heals or breaks that channel, as a page would. */
async function followOutcome(
  deps: ContactDeps,
  clinician: Clinician,
  method: ContactMethod,
  outcome: ContactResult,
) {
  const channel = channelOf(method.type);
  if (!channel || pagingAddress(clinician, channel) !== method.value) return;
  const { clinicId, clinicianId } = clinician;
  if (outcome.outcome === 'sent') await deps.clinics.clearContactBroken(clinicId, clinicianId, channel);
  else if (outcome.permanent) await deps.clinics.markContactBroken(clinicId, clinicianId, channel);
}

export async function removeContact(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  owner: ContactOwner,
  contactId: string,
) {
  requireManager(principal, clinicId, owner);
  refuseSettingsNumber(contactId, 'change or remove');
  const { result: removed } = await changeContacts(deps, clinicId, owner, (contacts, holder) => {
    const method = methodOf(contacts, contactId);
    const rules =
      holder.kind === 'clinician'
        ? holder.clinician.notificationRules?.filter((r) => r.contactId !== contactId)
        : undefined;
    return {
      contacts: contacts.filter((m) => m.contactId !== contactId),
      ...(rules && { rules }),
      result: method,
    };
  });
  if (removed.subscriptionId && deps.emailSubscriptions)
    await deps.emailSubscriptions.unsubscribe(removed.subscriptionId);
}
