// The clinic and its keys (shared/app/views.ts: clinicView; shared/app/api-keys.ts: createKey).
import * as z from 'zod';
import type { CreatedKey, keyView, listKeys } from '../../../shared/app/api-keys.js';
import type { clinicView, fallbackContactsView } from '../../../shared/app/views.js';
import { sameFields, id, instant, nextCursor } from './common.js';
import { contactMethodSchema, planEntrySchema } from './contacts.js';

/** A fallback contact's methods: the number in the clinic settings first (always paged), then any added. */
export const fallbackContactsSchema = z
  .strictObject({
    fallbackId: id(),
    contacts: z.array(contactMethodSchema),
    plan: z.array(planEntrySchema),
    pageable: z.literal(true).meta({ description: 'The settings number is always paged.' }),
  })
  .meta({ id: 'FallbackContacts', description: "A fallback contact's contact methods." });
sameFields<z.output<typeof fallbackContactsSchema>, ReturnType<typeof fallbackContactsView>>();

const fallbackContactSchema = z
  .strictObject({
    fallbackId: id().meta({
      description: 'Stable within the clinic: send it back to keep their methods on a rename.',
    }),
    name: z.string(),
    phone: z.string().meta({ description: 'E.164; always paged by SMS.' }),
    contacts: z
      .array(contactMethodSchema)
      .optional()
      .meta({ description: 'Not for intake keys: the methods, the settings number first.' }),
    plan: z.array(planEntrySchema).optional(),
    pageable: z.literal(true).optional(),
  })
  .meta({ id: 'FallbackContact' });

export const clinicSchema = z
  .strictObject({
    clinicId: id(),
    name: z.string(),
    timezone: z.string().meta({ description: 'IANA, in its canonical spelling.', example: 'Europe/London' }),
    fallback: z.array(fallbackContactSchema).meta({
      description: 'Who is paged, by SMS, when nobody else answers.',
    }),
    fallbackRepeatSeconds: z.number().int().min(10).max(3600),
    emergencyProtocol: z
      .string()
      .optional()
      .meta({ description: 'What the hotline is shown to do while a request is unanswered.' }),
    coverApproval: z.enum(['none', 'admin']).meta({
      description: 'Whether a colleague taking a cover request needs an admin to approve it first.',
    }),
    createdAt: instant(),
    updatedAt: instant(),
  })
  .meta({ id: 'Clinic' });
sameFields<z.output<typeof clinicSchema>, ReturnType<typeof clinicView>>();

export const createdKeySchema = z
  .strictObject({
    keyId: z.string(),
    key: z.string().meta({ description: 'The key itself: shown this once, only its hash is stored.' }),
    role: z.enum(['platform', 'admin', 'intake', 'clinician']),
    clinicianId: id().optional(),
    label: z.string(),
  })
  .meta({ id: 'CreatedKey' });
sameFields<z.output<typeof createdKeySchema>, CreatedKey>();

export const keySchema = z
  .strictObject({
    keyId: z.string(),
    role: z.enum(['platform', 'admin', 'intake', 'clinician']),
    label: z.string(),
    clinicianId: id().optional(),
    createdAt: instant(),
    revokedAt: instant().nullable().meta({ description: 'When it was revoked; null while it works.' }),
  })
  .meta({ id: 'Key', description: 'An API key as listed: never the key itself, which was shown once.' });
sameFields<z.output<typeof keySchema>, ReturnType<typeof keyView>>();

export const keysSchema = z
  .strictObject({ keys: z.array(keySchema), nextCursor: nextCursor() })
  .meta({ id: 'KeyList', description: 'A page of the clinic’s keys, revoked ones too, in keyId order.' });
sameFields<z.output<typeof keysSchema>, Awaited<ReturnType<typeof listKeys>>>();
