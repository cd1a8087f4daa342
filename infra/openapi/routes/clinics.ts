import { clinicParams, keyParams } from '../../../functions/http/params.js';
import { clinicSettingsSchema, putClinicSchema } from '../../../shared/schemas/clinic.js';
import { createKeySchema } from '../../../shared/schemas/key.js';
import { pageQuerySchema } from '../../../shared/schemas/page-query.js';
import { clinicExample, createdKeyExample, putClinicExample } from '../examples.js';
import type { RouteDoc } from '../route-doc.js';
import { clinicSchema, createdKeySchema, keySchema, keysSchema } from '../views/clinics.js';
import { PAGE_PARAMETERS, PAGING } from './paging.js';

const clinicAnswer = (description: string) => ({ description, schema: clinicSchema, example: clinicExample });

const { timezone: _tz, ...settingsExample } = putClinicExample;

const keyExample = {
  keyId: 'key_Yb3k9QwZ1',
  role: 'clinician',
  label: "Femi's phone",
  clinicianId: 'femi',
  createdAt: '2026-11-30T12:00:00.000Z',
  revokedAt: null,
};

export const clinicRoutes = {
  'put-clinic': {
    tag: 'Clinics',
    summary: 'Create or replace a clinic',
    description:
      'Creates the clinic or replaces it; its `createdAt` is kept. The time zone is stored in its canonical IANA spelling (`europe/london` → `Europe/London`). Fallback contacts keep their ids and methods, matched by `fallbackId`, else by name.',
    access: { roles: ['platform'] },
    params: clinicParams,
    body: { schema: putClinicSchema, required: true, example: putClinicExample },
    answers: { 200: clinicAnswer('The clinic as stored.') },
  },
  'put-clinic-settings': {
    tag: 'Clinics',
    summary: "Change a clinic's settings",
    description:
      "The clinic admin's edit: name, fallback contacts, how often they are paged again, and the emergency protocol the hotline is shown. Everything but the time zone, which stays with the platform key. The clinic must exist.",
    access: { roles: ['platform', 'admin'] },
    params: clinicParams,
    body: { schema: clinicSettingsSchema, required: true, example: settingsExample },
    answers: { 200: clinicAnswer('The clinic as stored.') },
  },
  'get-clinic': {
    tag: 'Clinics',
    summary: 'Read a clinic',
    description:
      "An intake key sees the fallback contacts' names and numbers only; platform and admin keys see their contact methods too.",
    access: { roles: ['platform', 'admin', 'intake'] },
    params: clinicParams,
    answers: { 200: clinicAnswer('The clinic.') },
  },
  'create-key': {
    tag: 'Clinics',
    summary: 'Create an API key',
    description:
      'A key has one role and belongs to this clinic. A clinician key names its clinician (`clinicianId`, who must exist). The key is in the answer once; only its hash is stored.',
    access: { roles: ['platform', 'admin'] },
    params: clinicParams,
    body: {
      schema: createKeySchema,
      required: true,
      example: { role: 'clinician', clinicianId: 'femi', label: "Femi's phone" },
    },
    answers: {
      201: {
        description: 'The new key, shown this once.',
        schema: createdKeySchema,
        example: createdKeyExample,
      },
    },
  },
  'list-keys': {
    tag: 'Clinics',
    summary: "List a clinic's keys",
    description: `Every key of the clinic, revoked ones too (with \`revokedAt\`), in \`keyId\` order; never a key itself. ${PAGING}`,
    access: { roles: ['platform', 'admin'] },
    params: clinicParams,
    query: pageQuerySchema.in,
    parameters: PAGE_PARAMETERS,
    answers: {
      200: {
        description: 'A page of the keys.',
        schema: keysSchema,
        example: { keys: [keyExample], nextCursor: null },
      },
    },
  },
  'get-key': {
    tag: 'Clinics',
    summary: 'Read an API key',
    description: 'Its role, label, clinician and whether it was revoked; never the key itself.',
    access: { roles: ['platform', 'admin'] },
    params: keyParams,
    answers: { 200: { description: 'The key.', schema: keySchema, example: keyExample } },
  },
  'revoke-key': {
    tag: 'Clinics',
    summary: 'Revoke an API key',
    description:
      "Takes effect within 5 minutes on a deployed stage (the authorizer caches a key's verdict that long), at once on the local stack.",
    access: { roles: ['platform', 'admin'] },
    params: keyParams,
    answers: { 204: { description: 'Revoked.', kind: 'empty' } },
  },
} satisfies Record<string, RouteDoc>;
