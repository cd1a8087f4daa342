// What a page says: one GSM-7 SMS segment whatever the clinic and service are called (up to 20 characters
// each), the code and the whole link intact, and never a patient detail, on every page the use cases send.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { isGsm7 } from '../../../shared/domain/paging/gsm7.js';
import {
  EMAIL_SUBJECT_MAX,
  emailPage,
  noticeText,
  smsPageText,
  type PageContent,
} from '../../../shared/domain/paging/page-text.js';
import {
  body,
  CALLBACK,
  CLINIC_ID,
  clinic,
  clinician,
  FakeClinicStore,
  harness,
  intake,
  NOT_STARTED,
  service,
  SUMMARY,
  type SentPage,
} from './fakes.js';

/** Submits under these names and lets the request run through both levels into the fallback repeat. */
async function pagesFor(
  clinicName: string,
  serviceName: string,
  urgency: 'urgent' | 'emergency',
  withEmail = false,
): Promise<SentPage[]> {
  const clinics = new FakeClinicStore();
  await clinics.putClinic(clinic({ name: clinicName }));
  await clinics.putClinician(clinician('ana', withEmail ? { email: 'ana@example.org' } : {}));
  await clinics.putClinician(clinician('ben'));
  await clinics.putService(service({ name: serviceName }));
  const h = harness({ clinics });
  await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-text', body({ urgency }));
  for (let i = 0; i < 3; i++) {
    const next = h.timer.last();
    h.setNow(next.dueAt);
    await onTimer(h.deps, next);
  }
  return h.pager.sent;
}

const realistic: Array<[string, string]> = [
  ['Northside Clinic', 'Adolescent'],
  ['Zürich Süd Praxis 12', 'Suchtberatung Ärzte'], // 20 and 19 characters, umlauts
  ['Śródmieście Centrum', 'Młodzież i rodzina'], // Polish letters outside GSM-7
  ['Clínica São João 123', 'Psiquiatría Infantil'], // exactly 20 each
  ['🏥 Hope House 💚 ♥', 'Family “Care” – 24/7'], // emoji, curly quotes, en dash
  ['中心诊所', 'Смена'], // scripts with nothing to fold into GSM-7
  ['{Brace} [Clinic] €|~', 'Back\\slash ^ service'], // GSM-7 extension characters (two septets each)
  ['WWWWWWWWWWWWWWWWWWWW', 'MMMMMMMMMMMMMMMMMMMM'],
];

function expectOneSegment(page: SentPage) {
  expect(page.text.length).toBeLessThanOrEqual(160);
  expect(isGsm7(page.text)).toBe(true);
  // What the clinician acts on is never cut: the code, the decline code and the whole link.
  expect(page.text).toContain(`Reply ${page.code}`);
  expect(page.text).toContain(`${page.code}N`);
  expect(page.text).toContain(page.ackUrl);
  expect(page.ackUrl).toMatch(/^https:\/\/crisis\.example\.org\/ack\/[A-Za-z0-9_-]{22}$/);
}

describe('page text', () => {
  it.each(realistic)(
    'fits one GSM-7 segment for clinic %j and service %j',
    async (clinicName, serviceName) => {
      for (const urgency of ['urgent', 'emergency'] as const) {
        const sms = (await pagesFor(clinicName, serviceName, urgency)).filter((p) => p.channel === 'sms');
        expect(sms.length).toBeGreaterThanOrEqual(4); // ana, ben, then the two fallback contacts
        for (const page of sms) expectOneSegment(page);
      }
    },
  );

  it('fits one GSM-7 segment for any clinic and service names of up to 20 characters', async () => {
    const name = fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
        fc.string({
          unit: fc.constantFrom('a', 'Z', 'é', 'ł', 'ß', '€', '{', '\\', '😀', '中', ' ', '\n', '@', 'Δ'),
          minLength: 1,
          maxLength: 20,
        }),
      )
      .filter((s) => [...s].length <= 20 && s.trim().length > 0);
    await fc.assert(
      fc.asyncProperty(
        name,
        name,
        fc.constantFrom('urgent' as const, 'emergency' as const),
        async (c, s, u) => {
          const sms = (await pagesFor(c, s, u)).filter((p) => p.channel === 'sms');
          expect(sms.length).toBeGreaterThan(0);
          for (const page of sms) expectOneSegment(page);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never carries the summary, the callback number or the requester in any SMS or email', async () => {
    const pages = await pagesFor('Northside Clinic', 'General', 'emergency', true);
    expect(pages.some((p) => p.channel === 'email')).toBe(true);
    for (const page of pages) {
      const everything = `${page.text}\n${page.subject ?? ''}`;
      expect(everything).not.toContain(SUMMARY);
      expect(everything).not.toContain('pills');
      expect(everything).not.toContain(CALLBACK);
      expect(everything).not.toContain(CALLBACK.slice(1));
      expect(everything).not.toContain('Hotline desk 3');
    }
  });

  it('pages the fallback contacts with the same one-segment text when nobody is on call', async () => {
    const clinics = new FakeClinicStore();
    await clinics.putClinic(clinic({ name: 'Clínica São João 123' }));
    await clinics.putService(service({ name: 'Psiquiatría Infantil', rotation: NOT_STARTED }));
    const h = harness({ clinics });
    await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-gap', body());
    expect(h.pager.sent).toHaveLength(2);
    for (const page of h.pager.sent) expectOneSegment(page);
  });

  it('carries urgency, reference, service, clinic and the ack link in every email page body, as the SMS does', async () => {
    for (const urgency of ['urgent', 'emergency'] as const) {
      const clinics = new FakeClinicStore();
      await clinics.putClinic(clinic({ name: 'Northside Clinic' }));
      await clinics.putClinician(clinician('ana', { email: 'ana@example.org' }));
      await clinics.putClinician(clinician('ben', { email: 'ben@example.org' }));
      await clinics.putService(service({ name: 'Adolescent' }));
      const h = harness({ clinics });
      const { stored } = await submitRequest(
        h.deps,
        intake,
        CLINIC_ID,
        `idem-email-${urgency}`,
        body({ urgency }),
      );
      for (let i = 0; i < 2; i++) {
        const next = h.timer.last();
        h.setNow(next.dueAt);
        await onTimer(h.deps, next);
      }
      const emails = h.pager.sent.filter((p) => p.channel === 'email');
      expect(emails.length).toBeGreaterThanOrEqual(2); // ana's and ben's
      const level = urgency === 'emergency' ? 'EMERGENCY' : 'URGENT';
      for (const page of emails) {
        for (const part of [level, stored.reference, 'Adolescent', 'Northside Clinic', page.ackUrl])
          expect(page.text).toContain(part);
        expect(page.subject).toContain(stored.reference);
        expect(page.subject).toContain(level);
      }
      // The SMS of the same request names the same reference: one code for the hotline and the clinician.
      for (const page of h.pager.sent.filter((p) => p.channel === 'sms'))
        expect(page.text).toContain(stored.reference);
    }
  });
});

describe('email page', () => {
  const content = (overrides: Partial<PageContent> = {}): PageContent => ({
    urgency: 'emergency',
    reference: 'R7KQ',
    serviceName: 'Adolescent',
    clinicName: 'Northside Clinic',
    code: '4821',
    ackUrl: 'https://crisis.example.org/ack/AAAAAAAAAAAAAAAAAAAAAA',
    ...overrides,
  });

  it('says urgency, reference, service, clinic, the link and the reply codes in the body', () => {
    const { subject, body: text } = emailPage(content());
    expect(subject).toBe('EMERGENCY crisis request R7KQ (Adolescent, Northside Clinic)');
    expect(text.split('\n')[0]).toBe(
      'EMERGENCY crisis request R7KQ: Adolescent at Northside Clinic needs an on-call clinician.',
    );
    expect(text).toContain('https://crisis.example.org/ack/AAAAAAAAAAAAAAAAAAAAAA');
    expect(text).toContain('4821N');
    expect(emailPage(content({ urgency: 'urgent' })).body).toMatch(/^URGENT crisis request R7KQ: /);
  });

  it("keeps the subject within SNS's limit and on one line for the longest names, never cutting urgency or reference", () => {
    const long = 'W'.repeat(100);
    for (const [serviceName, clinicName] of [
      [long, long],
      ['Adolescent', long],
      ['Psychiatrie 😀'.repeat(7), 'Clínica São João\n123\tNorte\u0007'.repeat(3)],
    ] as const) {
      const { subject, body: text } = emailPage(content({ serviceName, clinicName }));
      expect([...subject].length).toBeLessThanOrEqual(EMAIL_SUBJECT_MAX);
      expect(subject).not.toMatch(/\p{Cc}/u);
      expect(subject.startsWith('EMERGENCY crisis request R7KQ (')).toBe(true);
      // The body keeps the names whole.
      expect(text).toContain(serviceName.trim());
    }
    expect(emailPage(content({ serviceName: 'Adolescent', clinicName: long })).subject).toContain(
      '(Adolescent, W',
    );
  });
});

describe('names GSM-7 cannot show', () => {
  const content = (serviceName: string, clinicName: string): PageContent => ({
    urgency: 'urgent',
    reference: 'R7KQ',
    serviceName,
    clinicName,
    serviceId: 'adolescent',
    clinicId: 'bangkok-east',
    code: '4821',
    ackUrl: 'https://crisis.example.org/ack/abcdefghijklmnopqrstuv',
  });

  it('a name in a script GSM-7 lacks is its id in the SMS, never "(, )"', () => {
    const text = smsPageText(content('บริการวัยรุ่น', '東京クリニック'));
    expect(text).toContain('(adolescent, bangkok-east)');
    expect(text).not.toMatch(/\(\s*,\s*\)/);
    expect(isGsm7(text)).toBe(true);
  });

  it('a Latin name keeps its letters ("Łódź" → "Lodz", not "odz")', () => {
    expect(smsPageText(content('Młodzież', 'Łódź Centrum'))).toContain('(Mlodziez, Lodz Centrum)');
  });

  it('notices fall back to the ids too; their email keeps the real names', () => {
    const notice = noticeText({
      kind: 'passed_on',
      reference: 'R7KQ',
      serviceName: 'บริการ',
      clinicName: '東京',
      serviceId: 'adolescent',
      clinicId: 'bangkok-east',
    });
    expect(notice.sms).toMatch(/^R7KQ \(adolescent, bangkok-east\) was passed on/);
    expect(notice.body).toMatch(/^R7KQ \(บริการ, 東京\) was passed on/);
  });
});
