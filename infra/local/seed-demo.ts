import { issueKey, type CreatedKey } from '../../shared/app/api-keys.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import type { ContactMethod } from '../../shared/domain/contacts.js';
import type { Clinician, Service } from '../../shared/domain/model.js';
import { makeOverrideId } from '../../shared/domain/override-id.js';
import { randomToken } from '../../shared/app/secrets.js';

export const DEMO_CLINIC_ID = 'northside';

const FALLBACK = [
  { name: 'Duty manager', phone: '+447700900201' },
  { name: 'Clinical lead', phone: '+447700900202' },
];

export interface DemoKeys {
  admin: CreatedKey;
  intake: CreatedKey;
  clinicians: CreatedKey[];
}

// Numbers from Ofcom's drama range (+44 7700 900xxx): they can never reach a real phone.
// Languages and age groups for matching (docs/api.md, "Matching"): on General, a caller who needs Spanish
// reaches Ben first whenever he is primary or secondary.
const CLINICIANS: Array<
  Pick<Clinician, 'clinicianId' | 'name' | 'phone' | 'email' | 'languages' | 'ageGroups'>
> = [
  {
    clinicianId: 'ana',
    name: 'Dr Ana Okafor',
    phone: '+447700900101',
    email: 'ana@example.org',
    languages: ['en', 'yo'],
    ageGroups: ['adult', 'older_adult'],
  },
  {
    clinicianId: 'ben',
    name: 'Ben Haddad',
    phone: '+447700900102',
    email: 'ben@example.org',
    languages: ['en', 'es', 'ar'],
    ageGroups: ['adolescent', 'adult'],
  },
  {
    clinicianId: 'chloe',
    name: 'Chloe Martin',
    phone: '+447700900103',
    languages: ['en', 'fr'],
    ageGroups: ['child', 'adolescent'],
  },
  { clinicianId: 'dev', name: 'Dev Patel', phone: '+447700900104', email: 'dev@example.org' },
  { clinicianId: 'erin', name: 'Erin Walsh', phone: '+447700900105' },
  { clinicianId: 'femi', name: 'Femi Adeyemi', phone: '+447700900106' },
];

// Short timeouts so a new user sees a request escalate within a minute.
const QUICK_ESCALATION: Service['escalation'] = {
  levels: [
    { notify: 'primary', ackTimeoutSeconds: 30 },
    { notify: 'secondary', ackTimeoutSeconds: 30 },
  ],
  repeat: 1,
};

const SERVICES: Array<Pick<Service, 'serviceId' | 'name' | 'rotation' | 'escalation' | 'fallbackServiceId'>> =
  [
    {
      serviceId: 'general',
      name: 'General',
      rotation: {
        participants: ['ana', 'ben', 'chloe'],
        start: '2026-01-05',
        handoff: { every: 'day', count: 1, at: '08:00' },
      },
      escalation: QUICK_ESCALATION,
    },
    {
      serviceId: 'adolescent',
      name: 'Adolescent',
      rotation: {
        participants: ['dev', 'erin'],
        start: '2026-01-05',
        handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
      },
      escalation: QUICK_ESCALATION,
      fallbackServiceId: 'general',
    },
    {
      serviceId: 'addiction',
      name: 'Addiction',
      rotation: {
        participants: ['femi', 'chloe'],
        start: '2026-01-05',
        handoff: { every: 'day', count: 2, at: '18:30' },
      },
      escalation: QUICK_ESCALATION,
      fallbackServiceId: 'general',
    },
  ];

function demoContacts(c: { phone?: string; email?: string }, now: number): ContactMethod[] {
  const verified = { verified: true, verifiedBy: 'code', verifiedAt: now, addedAt: now } as const;
  return [
    ...(c.phone ? [{ contactId: 'ct_demo_sms', type: 'sms', value: c.phone, ...verified } as const] : []),
    ...(c.email ? [{ contactId: 'ct_demo_email', type: 'email', value: c.email, ...verified } as const] : []),
  ];
}

/** Seeds the demo clinic once; returns null when it already exists (its keys were printed then). */
export async function seedDemo(deps: AdminDeps): Promise<DemoKeys | null> {
  if (await deps.clinics.getClinic(DEMO_CLINIC_ID)) return null;
  const now = deps.clock();
  const clinicId = DEMO_CLINIC_ID;
  for (const c of CLINICIANS)
    await deps.clinics.putClinician({
      clinicId,
      clinicianId: c.clinicianId,
      name: c.name,
      ...(c.languages && { languages: c.languages }),
      ...(c.ageGroups && { ageGroups: c.ageGroups }),
      // Demo people have confirmed their numbers (and addresses) already, so the demo pages at once.
      contacts: demoContacts(c, now),
      active: true,
      brokenContacts: [],
      updatedAt: now,
    });
  for (const s of SERVICES) await deps.clinics.putService({ ...s, clinicId, updatedAt: now });
  // One override: Femi covers General for the next 12 hours, so the board shows both sources.
  const end = now + 12 * 3600_000;
  await deps.clinics.putOverride({
    overrideId: makeOverrideId(end, randomToken(9)),
    clinicId,
    serviceId: 'general',
    clinicianId: 'femi',
    start: now - 3600_000,
    end,
    createdAt: now,
  });
  const admin = await issueKey(deps, { clinicId, role: 'admin', label: 'demo admin' });
  const intake = await issueKey(deps, { clinicId, role: 'intake', label: 'demo hotline' });
  const clinicians = [];
  for (const c of CLINICIANS)
    clinicians.push(
      await issueKey(deps, { clinicId, role: 'clinician', clinicianId: c.clinicianId, label: c.name }),
    );
  // The clinic last: its presence marks the seed as complete, so a crash mid-seed is redone on restart.
  await deps.clinics.putClinic({
    clinicId,
    name: 'Northside Clinic',
    timezone: 'Europe/London',
    fallback: FALLBACK,
    fallbackRepeatSeconds: 60,
    createdAt: now,
    updatedAt: now,
  });
  return { admin, intake, clinicians };
}

/** Everyone the demo pages, by phone: what the phones view shows and the banner lists. */
export const DEMO_PEOPLE: ReadonlyArray<{ name: string; phone: string; clinicianId?: string }> = [
  ...CLINICIANS.flatMap((c) =>
    c.phone ? [{ name: c.name, phone: c.phone, clinicianId: c.clinicianId }] : [],
  ),
  ...FALLBACK.map((f) => ({ name: `${f.name}, fallback contact`, phone: f.phone })),
];
