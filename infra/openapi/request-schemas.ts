// The request schemas the handlers validate with (shared/schemas), under the names the document gives
// them: each is one component, referenced wherever a route takes it. The routes' documentation names the
// shared schemas themselves; `named` swaps in a copy carrying the component id (what classic zod's `.meta()`
// does, spelled out for the zod/mini ones too: the shared schema is left as it is).
import { clone, globalRegistry, type $ZodType } from 'zod/v4/core';
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

const REQUEST_SCHEMAS: Readonly<Record<string, $ZodType>> = {
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

const withId = (schema: $ZodType, id: string): $ZodType => {
  const copy = clone(schema);
  globalRegistry.add(copy, { id });
  return copy;
};
const NAMED = new Map(Object.entries(REQUEST_SCHEMAS).map(([id, schema]) => [schema, withId(schema, id)]));

/** The schema under its component name, when it has one. */
export const named = (schema: $ZodType): $ZodType => NAMED.get(schema) ?? schema;
