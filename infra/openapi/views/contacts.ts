// Contact methods and who a page reaches (shared/app/views.ts: contactView, contactsView, clinicianView).
import * as z from 'zod';
import { AGE_GROUPS } from '../../../shared/domain/matching.js';
import { CONTACT_TYPES } from '../../../shared/domain/contacts.js';
import { CONTACT_CHANNELS } from '../../../shared/domain/model.js';
import type { listClinicians } from '../../../shared/app/clinicians.js';
import type { clinicianView, contactsView, contactView } from '../../../shared/app/views.js';
import { sameFields, id, instant, nextCursor } from './common.js';

export const contactMethodSchema = z
  .strictObject({
    contactId: z.string(),
    type: z.enum(CONTACT_TYPES),
    value: z.string().meta({
      description: 'E.164 for sms and voice, an address for email, the subscription JSON for push.',
    }),
    verified: z.boolean().meta({ description: 'Only a verified method is paged.' }),
    state: z.enum(['verified', 'pending_code', 'pending_confirmation', 'unverified']),
    addedAt: instant(),
    verifiedAt: instant().optional(),
    verifiedBy: z.enum(['code', 'subscription', 'migration', 'clinic-settings']).optional(),
    codeExpiresAt: instant().optional().meta({ description: 'While a code is waiting to be typed.' }),
    lastResult: z
      .strictObject({
        at: instant(),
        kind: z.enum(['verification', 'test']),
        outcome: z.enum(['sent', 'failed']),
        code: z.string().optional().meta({ description: "The provider's refusal, e.g. `OptedOut`." }),
        permanent: z.boolean().optional(),
      })
      .nullable()
      .meta({ description: 'What the provider said of the last code or test page.' }),
  })
  .meta({ id: 'ContactMethod', description: 'How a person is reached.' });
sameFields<z.output<typeof contactMethodSchema>, ReturnType<typeof contactView>>();

export const planEntrySchema = z.strictObject({
  contactId: z.string(),
  channel: z.enum(CONTACT_CHANNELS),
  afterSeconds: z.number().int().min(0),
});

const notificationRuleSchema = z.strictObject({ contactId: z.string(), afterSeconds: z.number().int() });

const reachability = {
  contacts: z.array(contactMethodSchema),
  plan: z.array(planEntrySchema).meta({
    description: 'What a page does now: each channel, its method and its delay (the rules, or the defaults).',
  }),
  notificationRules: z.array(notificationRuleSchema).optional(),
  shiftNoticeMinutes: z.int().meta({
    description:
      'Minutes before each of their on-call stretches that a shift notice tells them (and at its end, a summary); 0: none.',
  }),
  pageable: z.boolean().meta({ description: 'Whether a page would reach this person now.' }),
  warning: z.enum(['clinician_inactive', 'no_verified_contact']).optional(),
};

export const contactsViewSchema = z
  .strictObject({ clinicianId: id(), ...reachability })
  .meta({ id: 'Contacts', description: "A clinician's contact methods and what a page does with them." });
sameFields<z.output<typeof contactsViewSchema>, ReturnType<typeof contactsView>>();

export const clinicianSchema = z
  .strictObject({
    clinicId: id(),
    clinicianId: id(),
    name: z.string(),
    active: z.boolean().meta({ description: 'An inactive clinician stays in rotations but is never paged.' }),
    languages: z
      .array(z.string())
      .optional()
      .meta({ description: 'BCP 47 tags of the languages they take crisis calls in (matching).' }),
    ageGroups: z
      .array(z.enum(AGE_GROUPS))
      .optional()
      .meta({ description: 'The age groups they work with (matching).' }),
    brokenContacts: z.array(z.enum(CONTACT_CHANNELS)).meta({
      description: 'Channels that failed for good; skipped until the address changes or is trusted again.',
    }),
    ...reachability,
    updatedAt: instant(),
  })
  .meta({ id: 'Clinician' });
sameFields<z.output<typeof clinicianSchema>, ReturnType<typeof clinicianView>>();

export const cliniciansSchema = z
  .strictObject({ clinicians: z.array(clinicianSchema), nextCursor: nextCursor() })
  .meta({ id: 'ClinicianList', description: 'A page of the clinicians, in id order.' });
sameFields<z.output<typeof cliniciansSchema>, Awaited<ReturnType<typeof listClinicians>>>();
