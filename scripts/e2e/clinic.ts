// The second clinic, built through the public API only, with the shortest timeouts the API allows
// (10 s per level, fallback every 10 s) so a full escalation runs in seconds instead of minutes.
import type { Api, Who } from './api.js';
import { check } from './assert.js';

export const CLINIC_ID = 'e2e-clinic';
export const SERVICE_ID = 'crisis';
export const ACK_TIMEOUT_SECONDS = 10;
export const FALLBACK_REPEAT_SECONDS = 10;

export interface Person {
  clinicianId: string;
  name: string;
  phone: string;
  /** The clinician's own API key. */
  key: string;
}

export interface Contact {
  name: string;
  phone: string;
}

export interface TestClinic {
  adminKey: string;
  intakeKey: string;
  clinicians: Person[];
  fallback: Contact[];
}

// Ofcom's drama range (+44 7700 900xxx): never a real phone. 3xx clinicians, 4xx fallback.
const CLINICIANS = [
  // One with an email, so email pages are covered by the privacy check too.
  { clinicianId: 'alice', name: 'Alice Archer', phone: '+447700900301', email: 'alice@example.org' },
  { clinicianId: 'bob', name: 'Bob Brown', phone: '+447700900302' },
  { clinicianId: 'cara', name: 'Cara Cole', phone: '+447700900303' },
];
const FALLBACK: Contact[] = [
  { name: 'E2E duty manager', phone: '+447700900401' },
  { name: 'E2E clinical lead', phone: '+447700900402' },
];

/** Each new method confirmed by its owner's key with the code the outbox got, as a clinician would. */
async function verifyAll(api: Api, contactsPath: string, key: string): Promise<void> {
  const { contacts } = await api.expect<{
    contacts: Array<{ contactId: string; value: string; verified: boolean }>;
  }>(200, 'GET', contactsPath, { key });
  const { messages } = await api.outbox();
  for (const method of contacts.filter((m) => !m.verified)) {
    const code = messages.findLast((m) => m.purpose === 'verification' && m.to === method.value)?.code;
    check(code !== undefined, `a verification code for ${method.value} should be in the outbox`);
    await api.expect(200, 'POST', `${contactsPath}/${method.contactId}/verify`, { key, json: { code } });
  }
}

export async function createClinic(api: Api, platformKey: string): Promise<TestClinic> {
  const base = `/v1/clinics/${CLINIC_ID}`;
  await api.expect(200, 'PUT', base, {
    key: platformKey,
    json: {
      name: 'E2E Clinic',
      timezone: 'Europe/London',
      fallback: FALLBACK,
      fallbackRepeatSeconds: FALLBACK_REPEAT_SECONDS,
    },
  });
  const newKey = async (by: string, json: object) =>
    (await api.expect<{ key: string }>(201, 'POST', `${base}/keys`, { key: by, json })).key;
  const adminKey = await newKey(platformKey, { role: 'admin', label: 'e2e admin' });
  const intakeKey = await newKey(adminKey, { role: 'intake', label: 'e2e hotline' });

  const clinicians: Person[] = [];
  for (const { clinicianId, ...contact } of CLINICIANS) {
    await api.expect(200, 'PUT', `${base}/clinicians/${clinicianId}`, { key: adminKey, json: contact });
    const key = await newKey(adminKey, { role: 'clinician', clinicianId, label: contact.name });
    await verifyAll(api, `${base}/clinicians/${clinicianId}/contacts`, key);
    clinicians.push({ clinicianId, name: contact.name, phone: contact.phone, key });
  }

  await api.expect(200, 'PUT', `${base}/services/${SERVICE_ID}`, {
    key: adminKey,
    json: {
      name: 'Crisis',
      // Daily handoff at midnight since 2026-01-01: someone is always on call, and a secondary too.
      rotation: {
        participants: CLINICIANS.map((c) => c.clinicianId),
        start: '2026-01-01',
        handoff: { every: 'day', count: 1, at: '00:00' },
      },
      escalation: {
        levels: [
          { notify: 'primary', ackTimeoutSeconds: ACK_TIMEOUT_SECONDS },
          { notify: 'secondary', ackTimeoutSeconds: ACK_TIMEOUT_SECONDS },
        ],
        repeat: 0,
      },
    },
  });
  return { adminKey, intakeKey, clinicians, fallback: FALLBACK };
}

/** Who is primary and secondary right now, as the API says; both must exist for the scenarios. */
export async function onCall(api: Api, clinic: TestClinic): Promise<{ primary: Person; secondary: Person }> {
  const oncall = await api.expect<{ primary: Who | null; secondary: Who | null }>(
    200,
    'GET',
    `/v1/clinics/${CLINIC_ID}/services/${SERVICE_ID}/oncall`,
    { key: clinic.intakeKey },
  );
  const find = (who: Who | null) => clinic.clinicians.find((c) => c.clinicianId === who?.clinicianId);
  const primary = find(oncall.primary);
  const secondary = find(oncall.secondary);
  check(primary && secondary, `the rotation must cover now with two people: ${JSON.stringify(oncall)}`);
  return { primary, secondary };
}
