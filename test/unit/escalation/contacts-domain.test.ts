// Contact methods as pure domain: the migration of records stored before contact methods, which methods
// pages use, the code check (tries and expiry on fixed clock numbers), who is unreachable, and the texts of
// a verification code and a test page.
import { describe, expect, it } from '@jest/globals';
import {
  contactsOf,
  MIGRATED_EMAIL_ID,
  MIGRATED_SMS_ID,
  pagingAddresses,
  reachableChannels,
  sameDestination,
  startVerification,
  tryCode,
  unreachableReason,
  VERIFY_LIFETIME_MS,
  VERIFY_TRIES,
  type ContactMethod,
} from '../../../shared/domain/contacts.js';
import type { Clinician } from '../../../shared/domain/model.js';
import { isGsm7 } from '../../../shared/domain/paging/gsm7.js';
import { contactMessageText, SMS_SEGMENT } from '../../../shared/domain/paging/page-text.js';

const UPDATED = 1_700_000_000_000;
const SENT = 1_800_000_000_000;
const EXPIRES = SENT + VERIFY_LIFETIME_MS;

const clinician = (over: Partial<Clinician> = {}): Clinician => ({
  clinicId: 'c1',
  clinicianId: 'ana',
  name: 'Ana Alves',
  active: true,
  brokenContacts: [],
  updatedAt: UPDATED,
  ...over,
});

const method = (over: Partial<ContactMethod> & Pick<ContactMethod, 'contactId'>): ContactMethod => ({
  type: 'sms',
  value: '+447700900101',
  verified: false,
  addedAt: UPDATED,
  ...over,
});

/** An unverified SMS method waiting for the code whose hash is 'h-right', sent at SENT. */
const pending = (over: Partial<ContactMethod> = {}): ContactMethod =>
  method({
    contactId: 'ct_pending',
    verification: { codeHash: 'h-right', sentAt: SENT, expiresAt: EXPIRES, triesLeft: VERIFY_TRIES },
    ...over,
  });

describe('contactsOf: records from before contact methods', () => {
  it('turns a legacy phone into a verified SMS method "migrated-sms", verified by migration', () => {
    expect(contactsOf(clinician({ phone: '+447700900101' }))).toEqual([
      {
        contactId: MIGRATED_SMS_ID,
        type: 'sms',
        value: '+447700900101',
        verified: true,
        verifiedBy: 'migration',
        addedAt: UPDATED,
      },
    ]);
    expect(MIGRATED_SMS_ID).toBe('migrated-sms');
  });

  it('turns a legacy email into an unverified email method "migrated-email", with no verifiedBy', () => {
    const methods = contactsOf(clinician({ email: 'ana@example.org' }));
    expect(methods).toEqual([
      {
        contactId: MIGRATED_EMAIL_ID,
        type: 'email',
        value: 'ana@example.org',
        verified: false,
        addedAt: UPDATED,
      },
    ]);
    expect(MIGRATED_EMAIL_ID).toBe('migrated-email');
    expect(methods[0]).not.toHaveProperty('verifiedBy');
  });

  it('keeps both, SMS first, and gives the same ids on every read (a re-run agrees)', () => {
    const legacy = clinician({ phone: '+447700900101', email: 'ana@example.org' });
    expect(contactsOf(legacy).map((m) => [m.contactId, m.verified])).toEqual([
      ['migrated-sms', true],
      ['migrated-email', false],
    ]);
    expect(contactsOf(legacy)).toEqual(contactsOf(legacy));
  });

  it('gives no methods for a record with neither', () => {
    expect(contactsOf(clinician())).toEqual([]);
  });

  it('uses stored methods when there are any, ignoring legacy phone and email (even an empty list wins)', () => {
    const stored = [
      method({ contactId: 'ct_1', value: '+447700900555', verified: true, verifiedBy: 'code' }),
    ];
    expect(
      contactsOf(clinician({ contacts: stored, phone: '+447700900101', email: 'a@example.org' })),
    ).toEqual(stored);
    expect(contactsOf(clinician({ contacts: [], phone: '+447700900101' }))).toEqual([]);
  });
});

describe('pagingAddresses and reachableChannels', () => {
  it('picks the first verified method of each type, skipping unverified ones before it', () => {
    const c = clinician({
      contacts: [
        method({ contactId: 'a', value: '+447700900001' }),
        method({ contactId: 'b', value: '+447700900002', verified: true }),
        method({ contactId: 'c', value: '+447700900003', verified: true }),
        method({ contactId: 'd', type: 'email', value: 'first@example.org' }),
        method({ contactId: 'e', type: 'email', value: 'second@example.org', verified: true }),
        method({ contactId: 'f', type: 'email', value: 'third@example.org', verified: true }),
      ],
    });
    expect(pagingAddresses(c)).toEqual({ phone: '+447700900002', email: 'second@example.org' });
  });

  it('has no key at all for a type without a verified method', () => {
    const c = clinician({
      contacts: [
        method({ contactId: 'a' }),
        method({ contactId: 'b', type: 'email', value: 'x@example.org' }),
      ],
    });
    expect(pagingAddresses(c)).toEqual({});
    expect(
      Object.keys(pagingAddresses(clinician({ phone: '+447700900101', email: 'a@example.org' }))),
    ).toEqual(['phone']);
  });

  it('pages a voice method as a call and a push method as a push, never as SMS or email', () => {
    const c = clinician({
      contacts: [
        method({ contactId: 'v', type: 'voice', value: '+447700900009', verified: true }),
        method({ contactId: 'p', type: 'push', value: 'token', verified: true }),
      ],
    });
    expect(pagingAddresses(c)).toEqual({ voice: '+447700900009', push: 'token' });
  });

  const both = [
    method({ contactId: 's', verified: true }),
    method({ contactId: 'e', type: 'email', value: 'ana@example.org', verified: true }),
  ];

  it('lists the verified channels not marked broken', () => {
    expect(reachableChannels(clinician({ contacts: both }))).toEqual(['sms', 'email']);
    expect(reachableChannels(clinician({ contacts: both, brokenContacts: ['sms'] }))).toEqual(['email']);
    expect(reachableChannels(clinician({ contacts: both, brokenContacts: ['email'] }))).toEqual(['sms']);
    expect(reachableChannels(clinician({ contacts: both, brokenContacts: ['sms', 'email'] }))).toEqual([]);
  });

  it('does not list an unverified channel, broken or not', () => {
    const c = clinician({
      contacts: [both[0]!, method({ contactId: 'e', type: 'email', value: 'a@example.org' })],
    });
    expect(reachableChannels(c)).toEqual(['sms']);
    expect(reachableChannels({ ...c, brokenContacts: ['sms'] })).toEqual([]);
  });
});

describe('tryCode', () => {
  it('verifies with the right code: verified by code at now, the pending verification dropped', () => {
    const before = pending();
    const { result, method: after } = tryCode(before, 'h-right', SENT + 1000);
    expect(result).toBe('verified');
    expect(after).toEqual({
      contactId: 'ct_pending',
      type: 'sms',
      value: '+447700900101',
      verified: true,
      verifiedAt: SENT + 1000,
      verifiedBy: 'code',
      addedAt: UPDATED,
    });
    expect(after).not.toHaveProperty('verification');
    expect(before.verified).toBe(false); // the input is not changed
    expect(before.verification?.triesLeft).toBe(VERIFY_TRIES);
  });

  it('counts a wrong code: one try less, still unverified, the input untouched', () => {
    const before = pending();
    const { result, method: after } = tryCode(before, 'h-wrong', SENT);
    expect(result).toBe('wrong_code');
    expect(after.verified).toBe(false);
    expect(after.verification).toEqual({ ...before.verification, triesLeft: VERIFY_TRIES - 1 });
    expect(before.verification?.triesLeft).toBe(VERIFY_TRIES);
  });

  it('answers no_tries_left on the last wrong try, and after that even to the right code', () => {
    let m = pending();
    const results: string[] = [];
    for (let i = 0; i < VERIFY_TRIES; i++) {
      const tried = tryCode(m, `h-wrong-${i}`, SENT + i);
      results.push(`${tried.result}:${tried.method.verification?.triesLeft}`);
      m = tried.method;
    }
    expect(VERIFY_TRIES).toBe(5);
    expect(results).toEqual([
      'wrong_code:4',
      'wrong_code:3',
      'wrong_code:2',
      'wrong_code:1',
      'no_tries_left:0',
    ]);
    const late = tryCode(m, 'h-right', SENT + 10);
    expect(late.result).toBe('no_tries_left');
    expect(late.method).toBe(m);
    expect(late.method.verified).toBe(false);
  });

  it('is expired at expiresAt and after, and still good one millisecond before', () => {
    expect(tryCode(pending(), 'h-right', EXPIRES - 1).result).toBe('verified');
    expect(tryCode(pending(), 'h-right', EXPIRES).result).toBe('expired');
    expect(tryCode(pending(), 'h-right', EXPIRES + 60_000).result).toBe('expired');
    expect(VERIFY_LIFETIME_MS).toBe(15 * 60_000);
  });

  it('does not count a try on an expired code', () => {
    const before = pending();
    const { result, method: after } = tryCode(before, 'h-wrong', EXPIRES);
    expect(result).toBe('expired');
    expect(after).toBe(before);
  });

  it('answers not_pending, changing nothing, for a verified method or one with no code waiting', () => {
    const verified = pending({ verified: true, verifiedBy: 'code', verifiedAt: SENT });
    expect(tryCode(verified, 'h-right', SENT)).toEqual({ result: 'not_pending', method: verified });
    const none = method({ contactId: 'ct_none' });
    const tried = tryCode(none, 'h-right', SENT);
    expect(tried.result).toBe('not_pending');
    expect(tried.method).toBe(none);
    expect(tried.method.verified).toBe(false);
  });
});

describe('startVerification', () => {
  it('sets a fresh code: full tries, good for the lifetime from now; the old code stops working', () => {
    const spent = tryCode(pending(), 'h-wrong', SENT).method;
    const fresh = startVerification(spent, 'h-new', SENT + 5000);
    expect(fresh.verification).toEqual({
      codeHash: 'h-new',
      sentAt: SENT + 5000,
      expiresAt: SENT + 5000 + VERIFY_LIFETIME_MS,
      triesLeft: VERIFY_TRIES,
    });
    expect(tryCode(fresh, 'h-right', SENT + 6000).result).toBe('wrong_code');
    expect(tryCode(fresh, 'h-new', SENT + 6000).result).toBe('verified');
  });
});

describe('unreachableReason', () => {
  const verifiedSms = method({ contactId: 's', verified: true });
  const verifiedEmail = method({ contactId: 'e', type: 'email', value: 'ana@example.org', verified: true });

  it('says clinician_inactive first, whatever the methods', () => {
    expect(unreachableReason(clinician({ active: false, contacts: [verifiedSms] }))).toBe(
      'clinician_inactive',
    );
    expect(unreachableReason(clinician({ active: false, contacts: [] }))).toBe('clinician_inactive');
  });

  it('says no_verified_contact for an active clinician with no method, or only unverified ones', () => {
    expect(unreachableReason(clinician({ contacts: [] }))).toBe('no_verified_contact');
    expect(unreachableReason(clinician())).toBe('no_verified_contact');
    expect(
      unreachableReason(
        clinician({
          contacts: [pending(), method({ contactId: 'e', type: 'email', value: 'a@example.org' })],
        }),
      ),
    ).toBe('no_verified_contact');
    // A legacy email alone was never confirmed.
    expect(unreachableReason(clinician({ email: 'ana@example.org' }))).toBe('no_verified_contact');
  });

  it('is null for a verified SMS, a verified email alone, or a legacy phone', () => {
    expect(unreachableReason(clinician({ contacts: [verifiedSms] }))).toBeNull();
    expect(unreachableReason(clinician({ contacts: [verifiedEmail] }))).toBeNull();
    expect(unreachableReason(clinician({ phone: '+447700900101' }))).toBeNull();
  });

  it('still counts a verified method found broken later (the page records why it failed)', () => {
    expect(unreachableReason(clinician({ contacts: [verifiedSms], brokenContacts: ['sms'] }))).toBeNull();
  });
});

describe('sameDestination', () => {
  it('compares email addresses without case', () => {
    const m = { type: 'email', value: 'Ana.Alves@Example.org' } as const;
    expect(sameDestination(m, 'email', 'ana.alves@example.ORG')).toBe(true);
    expect(sameDestination(m, 'email', 'ana.alves2@example.org')).toBe(false);
  });

  it('compares other values exactly, and never across types', () => {
    expect(sameDestination({ type: 'push', value: 'TokenAbc' }, 'push', 'tokenabc')).toBe(false);
    expect(sameDestination({ type: 'push', value: 'TokenAbc' }, 'push', 'TokenAbc')).toBe(true);
    expect(sameDestination({ type: 'sms', value: '+447700900101' }, 'sms', '+447700900101')).toBe(true);
    expect(sameDestination({ type: 'sms', value: '+447700900101' }, 'sms', '+447700900102')).toBe(false);
    expect(sameDestination({ type: 'sms', value: '+447700900101' }, 'voice', '+447700900101')).toBe(false);
    expect(sameDestination({ type: 'sms', value: 'A@x.org' }, 'email', 'a@x.org')).toBe(false);
  });
});

describe('contactMessageText', () => {
  const verification = (clinicName: string, code = '123456') =>
    contactMessageText({ purpose: 'verification', clinicName, code, minutesValid: 15 });
  const test = (clinicName: string) => contactMessageText({ purpose: 'test', clinicName });

  it('reads as documented for Northside Clinic', () => {
    expect(verification('Northside Clinic').sms).toBe(
      'crisis-router code 123456: confirms this contact for on-call pages from Northside Clinic. Expires in 15 min. Not expecting it? Ignore this message.',
    );
    expect(test('Northside Clinic').sms).toBe(
      'TEST page from crisis-router for Northside Clinic: this is how on-call pages will reach you. No action needed.',
    );
  });

  it('puts the code in the SMS, the subject and the body of a verification', () => {
    const text = verification('Northside Clinic', '907153');
    expect(text.sms).toContain('907153');
    expect(text.subject).toContain('907153');
    expect(text.body).toContain('907153');
    expect(text.body).toContain('Northside Clinic');
  });

  const longNames: [string, string][] = [
    ['Cyrillic', 'Психиатрическая клиника '.repeat(5).slice(0, 100)],
    ['Greek capitals (in GSM-7)', 'ΔΦΓΛΩΠΨΣΘΞ'.repeat(10)],
    ['Greek', 'Ψυχιατρική Κλινική Θεσσαλονίκης '.repeat(4).slice(0, 100)],
    ['Japanese', '精神科クリニック東京'.repeat(10)],
    ['Arabic', 'عيادة الصحة النفسية '.repeat(5).slice(0, 100)],
    ['accented Latin', 'Clínica Psiquiátrica São João '.repeat(4).slice(0, 100)],
    ['plain Latin', 'Northside Community Mental Health Clinic '.repeat(3).slice(0, 100)],
  ];

  it.each(longNames)(
    'keeps the verification SMS in GSM-7, one segment, code whole, for a 100-character %s name',
    (_label, name) => {
      expect([...name]).toHaveLength(100);
      const code = '580314';
      const { sms } = verification(name, code);
      expect(isGsm7(sms)).toBe(true);
      expect(sms).toContain(`code ${code}:`);
      expect(sms.length).toBeLessThanOrEqual(SMS_SEGMENT);
      expect(SMS_SEGMENT).toBe(160);
    },
  );

  it.each(longNames)(
    'keeps the test SMS in GSM-7 and one segment for a 100-character %s name',
    (_label, name) => {
      const { sms } = test(name);
      expect(isGsm7(sms)).toBe(true);
      expect(sms.length).toBeLessThanOrEqual(SMS_SEGMENT);
    },
  );

  it('starts a test page with TEST in the SMS, the subject and the body', () => {
    for (const name of ['Northside Clinic', 'Психиатрическая клиника', 'ΔΦΓΛΩΠΨΣΘΞ'.repeat(10)]) {
      const text = test(name);
      expect(text.sms.startsWith('TEST')).toBe(true);
      expect(text.subject.startsWith('TEST')).toBe(true);
      expect(text.body.startsWith('TEST')).toBe(true);
      expect(text.subject.length).toBeLessThan(100);
    }
  });

  it('names "your clinic" in the SMS when the name has nothing in GSM-7, and the name itself in email', () => {
    const name = 'Психиатрическая клиника';
    expect(verification(name).sms).toContain('pages from your clinic.');
    expect(test(name).sms).toContain('TEST page from crisis-router for your clinic:');
    expect(verification(name).body).toContain(name);
    expect(test(name).body).toContain(name);
  });

  it.each([
    ['emoji only', '🏥🏥🏥'],
    ['Japanese', '精神科クリニック'],
    ['emoji and a dash', '🏥 — 🏥'],
    ['Cyrillic and an ellipsis', 'Клиника…'],
  ])('never sends an SMS with an empty or letterless clinic name (%s)', (_label, name) => {
    for (const { sms } of [verification(name), test(name)]) {
      const clinic =
        /pages from (.*)\. Expires in/.exec(sms)?.[1] ??
        /^TEST page from crisis-router for (.*): this is how/.exec(sms)?.[1];
      expect(clinic).toBe('your clinic');
    }
  });
});
