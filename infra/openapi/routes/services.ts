import { clinicParams, overrideParams, serviceParams } from '../../../functions/http/params.js';
import { createOverrideSchema, putOverrideSchema } from '../../../shared/schemas/override.js';
import { listOverridesQuerySchema, pageQuerySchema } from '../../../shared/schemas/page-query.js';
import { gapsQuerySchema, onCallQuerySchema, shiftsQuerySchema } from '../../../shared/schemas/rota-query.js';
import { putServiceSchema } from '../../../shared/schemas/service.js';
import { gapsExample, onCallExample, putServiceExample, serviceExample, shiftsExample } from '../examples.js';
import type { RouteDoc } from '../route-doc.js';
import {
  createdOverrideSchema,
  gapsSchema,
  onCallSchema,
  overrideSchema,
  overridesSchema,
  serviceSchema,
  servicesSchema,
  shiftsSchema,
} from '../views/services.js';

import { PAGE_PARAMETERS, PAGING } from './paging.js';

const overrideExample = {
  overrideId: 'mx5yfr40-Hk3mQ9xLw',
  clinicId: 'northside',
  serviceId: 'general',
  clinicianId: 'femi',
  start: '2026-12-01T18:00:00.000Z',
  end: '2026-12-02T10:00:00.000Z',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
};
const coverExample = { clinicianId: 'femi', start: '2026-12-01T18:00:00Z', end: '2026-12-02T10:00:00Z' };
const COVER_RULES =
  '`end` must be after `start`, at most 366 days later, and after now (400 at `end`); the clinician must exist and be active (400 at `clinicianId`).';

const serviceAnswer = (description: string) => ({
  description,
  schema: serviceSchema,
  example: serviceExample,
});

export const serviceRoutes = {
  'put-service': {
    tag: 'Services and rota',
    summary: 'Create or replace a service',
    description:
      'A service (general, adolescent, …) has a rotation (who is on call when, in the clinic’s time zone), an escalation policy (who is paged in which order, how long each level has, how many repeats, and the follow-through deadlines) and optionally a fallback service used when nobody is on call. Every clinician named must exist in the clinic and `fallbackServiceId` must name another existing service: else 400 with one detail per wrong field (e.g. `rotation.participants.2`).',
    access: { roles: ['admin'] },
    params: serviceParams,
    body: { schema: putServiceSchema, required: true, example: putServiceExample },
    answers: { 200: serviceAnswer('The service as stored, defaults filled in.') },
  },
  'delete-service': {
    tag: 'Services and rota',
    summary: 'Delete a service',
    description:
      'Refused (409, with `references`) while another service falls back to it: give those another `fallbackServiceId`, or none, first. Requests already submitted keep the route frozen in them.',
    access: { roles: ['admin'] },
    params: serviceParams,
    answers: { 204: { description: 'Deleted.', kind: 'empty' } },
    errors: {
      409: 'Other services fall back to this one: `references` names each (`path: fallbackServiceId`).',
    },
  },
  'get-service': {
    tag: 'Services and rota',
    summary: 'Read a service',
    description: 'The service with its rotation and escalation policy.',
    access: { roles: ['admin', 'intake'] },
    params: serviceParams,
    answers: { 200: serviceAnswer('The service.') },
  },
  'list-services': {
    tag: 'Services and rota',
    summary: "List a clinic's services",
    description: `The clinic's services in \`serviceId\` order. ${PAGING}`,
    access: { roles: ['admin', 'intake'] },
    params: clinicParams,
    query: pageQuerySchema.in,
    parameters: PAGE_PARAMETERS,
    answers: {
      200: {
        description: 'A page of the services.',
        schema: servicesSchema,
        example: { services: [serviceExample], nextCursor: null },
      },
    },
  },
  'create-override': {
    tag: 'Services and rota',
    summary: 'Put someone on call (an override)',
    description: `Puts a clinician on call for \`[start, end)\` in place of the rotation’s primary (cover, swaps). ${COVER_RULES} Where overrides overlap, the one created last wins.`,
    access: { roles: ['admin'] },
    params: serviceParams,
    body: {
      schema: createOverrideSchema,
      required: true,
      example: coverExample,
    },
    answers: {
      201: {
        description: 'The override’s id.',
        schema: createdOverrideSchema,
        example: { overrideId: 'mx5yfr40-Hk3mQ9xLw' },
      },
    },
  },
  'list-overrides': {
    tag: 'Services and rota',
    summary: "List a service's overrides",
    description: `The service’s overrides by start: those not over yet, or with \`includePast=true\` every one. ${PAGING}`,
    access: { roles: ['admin'] },
    params: serviceParams,
    query: listOverridesQuerySchema.in,
    parameters: {
      ...PAGE_PARAMETERS,
      includePast: '`true`: every override, also those over; `false` (the default): those not over yet.',
    },
    answers: {
      200: {
        description: 'A page of the overrides.',
        schema: overridesSchema,
        example: { overrides: [overrideExample], nextCursor: null },
      },
    },
  },
  'get-override': {
    tag: 'Services and rota',
    summary: 'Read an override',
    description: 'Who covers, from when to when.',
    access: { roles: ['admin'] },
    params: overrideParams,
    answers: { 200: { description: 'The override.', schema: overrideSchema, example: overrideExample } },
  },
  'put-override': {
    tag: 'Services and rota',
    summary: 'Change an override',
    description: `Replaces its clinician, start and end, held to the rules of a new one: ${COVER_RULES} The id and \`createdAt\` stay, so it keeps its place where overrides overlap.`,
    access: { roles: ['admin'] },
    params: overrideParams,
    body: { schema: putOverrideSchema, required: true, example: coverExample },
    answers: {
      200: { description: 'The override as stored.', schema: overrideSchema, example: overrideExample },
    },
    errors: { 409: 'The override was changed by someone else at the same time: try again.' },
  },
  'delete-override': {
    tag: 'Services and rota',
    summary: 'Remove an override',
    description: 'The rotation’s clinician is on call again for that time.',
    access: { roles: ['admin'] },
    params: overrideParams,
    answers: { 204: { description: 'Removed.', kind: 'empty' } },
    errors: { 409: 'The override is being changed by someone else at this moment: try again.' },
  },
  'get-oncall': {
    tag: 'Services and rota',
    summary: 'Who is on call',
    description:
      'Primary and secondary at `at` (default: now). A slot is null when nobody holds it, or when the clinician the rota names would not be paged (inactive, unreachable, or no longer of the clinic): the same rule a submitted request follows, so this is who a request would page. Such a clinician is listed in `unavailable` with the reason.',
    access: { roles: ['admin', 'intake'] },
    params: serviceParams,
    query: onCallQuerySchema,
    parameters: { at: 'The instant to ask about; default: now.' },
    answers: { 200: { description: 'Who is on call.', schema: onCallSchema, example: onCallExample } },
  },
  'get-shifts': {
    tag: 'Services and rota',
    summary: 'Shifts and gaps over a window',
    description:
      'Both `from` and `to` are required, `to` after `from`, at most 92 days apart. A rotation shift is one handoff period, cut where an override takes over; override time is merged while the same clinician stays on call. A shift held by a clinician who would not be paged is a gap with `reason` and `clinicianId`.',
    access: { roles: ['admin', 'intake'] },
    params: serviceParams,
    query: shiftsQuerySchema,
    parameters: {
      from: 'Where the window starts.',
      to: 'Where it ends (exclusive): after `from`, at most 92 days later.',
    },
    answers: { 200: { description: 'The shifts and gaps.', schema: shiftsSchema, example: shiftsExample } },
  },
  'get-gaps': {
    tag: 'Services and rota',
    summary: 'Coverage gaps of the next days',
    description:
      'The next `days` days (1–92, default 30) from now: every stretch nobody is on call, and every shift held by someone no page would reach (inactive, no verified contact method), with its length in hours and who a request would go to instead.',
    access: { roles: ['admin', 'intake'] },
    params: serviceParams,
    query: gapsQuerySchema,
    parameters: { days: 'How many days ahead, 1 to 92 (default 30).' },
    answers: { 200: { description: 'The gaps ahead.', schema: gapsSchema, example: gapsExample } },
  },
} satisfies Record<string, RouteDoc>;
