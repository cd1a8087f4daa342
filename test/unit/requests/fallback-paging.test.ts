// Paging the clinic's fallback contacts by every method they have: the settings number always, verified
// further methods at once, unverified ones never; email under the clinic's own audience; a permanent failure
// of a further method never silences the settings number.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { EMERGENCY_PROTOCOL, requestView } from '../../../shared/app/requests/request-view.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { fallbackIdOf } from '../../../shared/domain/fallback-contacts.js';
import type { ContactMethod } from '../../../shared/domain/contacts.js';
import {
  body,
  CLINIC_ID,
  clinic,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  PHONES,
  seedClinic,
  type Harness,
} from './fakes.js';

let h: Harness;
let clinics: FakeClinicStore;

const method = (
  contactId: string,
  type: ContactMethod['type'],
  value: string,
  verified: boolean,
): ContactMethod => ({
  contactId,
  type,
  value,
  verified,
  addedAt: 0,
});

beforeEach(async () => {
  clinics = new FakeClinicStore();
  await seedClinic(clinics);
  await clinics.putClinic(
    clinic({
      fallback: [
        {
          fallbackId: 'duty',
          name: 'Duty manager',
          phone: PHONES.duty,
          contacts: [
            method('ct_duty_mail', 'email', 'duty@example.org', true),
            method('ct_duty_push', 'push', '{"endpoint":"https://push.example/1","keys":{}}', true),
            method('ct_duty_mail2', 'email', 'other@example.org', false),
          ],
        },
        // Stored before fallback ids: paged by its number, as before.
        { name: 'Clinical lead', phone: PHONES.lead },
      ],
    }),
  );
  h = harness({ clinics, requests: new FakeRequestStore() });
});

const submitNight = () =>
  submitRequest(h.deps, intake, CLINIC_ID, 'idem-night-1', body({ serviceId: 'night' }));

describe('fallback contacts with methods of their own', () => {
  it('pages the settings number and each verified method at once, never an unverified one', async () => {
    const { stored } = await submitNight();
    const sent = h.pager.delivered().map((p) => `${p.channel} ${p.to}`);
    expect(sent.sort()).toEqual(
      [
        `sms ${PHONES.duty}`,
        'email duty@example.org',
        'push {"endpoint":"https://push.example/1","keys":{}}',
        `sms ${PHONES.lead}`,
      ].sort(),
    );
    const recipients = stored.request.route.fallbackContacts;
    expect(recipients[0]).toMatchObject({ kind: 'fallback', fallbackId: 'duty', email: 'duty@example.org' });
    expect(recipients[1]).toEqual({
      kind: 'fallback',
      fallbackId: fallbackIdOf({ name: 'Clinical lead' }),
      name: 'Clinical lead',
      phone: PHONES.lead,
    });
    // The timeline names people, never an address.
    expect(JSON.stringify(stored.request.timeline)).not.toMatch(/duty@example\.org|push\.example/);
  });

  it('sends the email page to the clinic’s fallback audience, with no clinicianId', async () => {
    await submitNight();
    const email = h.pager.delivered().find((p) => p.channel === 'email');
    expect(email?.audience).toBe(`${CLINIC_ID}/fallback/duty`);
    expect(email).not.toHaveProperty('clinicianId');
  });

  it('keeps paging the settings number when a further method fails for good', async () => {
    h.pager.failFor({ channel: 'push' }, { code: 'Gone', permanent: true });
    const { stored } = await submitNight();
    const failed = stored.request.timeline.filter((e) => e.type === 'page_failed');
    expect(failed).toEqual([expect.objectContaining({ channel: 'push', reason: 'send_failed:Gone' })]);
    expect(stored.request.brokenContacts).toEqual([]);
    expect(h.pager.delivered().some((p) => p.channel === 'sms' && p.to === PHONES.duty)).toBe(true);
    expect(['paging', 'unanswered']).toContain(stored.request.status);
  });
});

describe('the clinic’s emergency protocol', () => {
  const unanswered = (stored: Awaited<ReturnType<typeof submitNight>>['stored']) => ({
    ...stored,
    request: { ...stored.request, status: 'unanswered' as const },
  });

  it('is frozen at submit and shown to the hotline while nobody has answered', async () => {
    const protocol = 'Call 999 if life is at risk.\nThen ring the duty manager on 0161 496 0000.';
    const current = await clinics.getClinic(CLINIC_ID);
    if (current) await clinics.putClinic({ ...current, emergencyProtocol: protocol });
    const { stored } = await submitNight();
    expect(stored.emergencyProtocol).toBe(protocol);
    expect(requestView(unanswered(stored), intake).emergencyProtocol).toBe(protocol);
    expect(requestView(stored, intake)).not.toHaveProperty('emergencyProtocol');
  });

  it('falls back to the standard words where the clinic has none', async () => {
    const { stored } = await submitNight();
    expect(stored).not.toHaveProperty('emergencyProtocol');
    expect(requestView(unanswered(stored), intake).emergencyProtocol).toBe(EMERGENCY_PROTOCOL);
  });
});
