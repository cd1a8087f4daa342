// The request schemas the handlers validate with (shared/schemas), under the names the document gives
// them: each is one component, referenced wherever a route takes it. The routes' documentation names the
// shared schemas themselves; `named` swaps in a copy carrying the component id (zod's `.meta()` makes a
// copy: the shared schema is left as it is).
import type * as z from 'zod';
import { clinicSettingsSchema, putClinicSchema } from '../../shared/schemas/clinic.js';
import {
  addContactSchema,
  notificationRulesSchema,
  putClinicianSchema,
  verifyContactSchema,
} from '../../shared/schemas/clinician.js';
import { createKeySchema } from '../../shared/schemas/key.js';
import { createOverrideSchema } from '../../shared/schemas/override.js';
import {
  ackFormSchema,
  caseFormSchema,
  handbackRequestSchema,
  requestActionSchema,
  resolveRequestSchema,
  submitRequestSchema,
} from '../../shared/schemas/request.js';
import { putServiceSchema } from '../../shared/schemas/service.js';

const REQUEST_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  PutClinic: putClinicSchema,
  ClinicSettings: clinicSettingsSchema,
  CreateKey: createKeySchema,
  PutClinician: putClinicianSchema,
  AddContact: addContactSchema,
  VerifyContact: verifyContactSchema,
  NotificationRules: notificationRulesSchema,
  PutService: putServiceSchema,
  // Cover: a new override's, and an override's replacement (PUT), held to the same rules.
  Cover: createOverrideSchema,
  SubmitRequest: submitRequestSchema,
  RequestAction: requestActionSchema,
  ResolveRequest: resolveRequestSchema,
  Handback: handbackRequestSchema,
  AckForm: ackFormSchema,
  CaseForm: caseFormSchema,
};

const NAMED = new Map(Object.entries(REQUEST_SCHEMAS).map(([id, schema]) => [schema, schema.meta({ id })]));

/** The schema under its component name, when it has one. */
export const named = (schema: z.ZodType): z.ZodType => NAMED.get(schema) ?? schema;
