// Services, the rota and overrides (shared/app/views.ts: serviceView; shared/app/on-call.ts; overrides.ts).
import * as z from 'zod';
import { MATCHING_MODES } from '../../../shared/domain/matching.js';
import type { getGaps, getOnCall, getShifts } from '../../../shared/app/on-call.js';
import type { listOverrides, overrideView } from '../../../shared/app/overrides.js';
import type { listServices } from '../../../shared/app/services.js';
import type { serviceView } from '../../../shared/app/views.js';
import { escalationSchema, rotationSchema } from '../../../shared/schemas/service.js';
import { sameFields, id, instant, nextCursor } from './common.js';

// The rotation and escalation as stored: what PUT took, defaults filled in. A service saved before
// follow-through has no `followUp` (the defaults apply).
const storedEscalation = escalationSchema.extend({
  followUp: escalationSchema.shape.followUp.unwrap().optional(),
});

export const serviceSchema = z
  .strictObject({
    clinicId: id(),
    serviceId: id(),
    name: z.string(),
    rotation: rotationSchema,
    escalation: storedEscalation,
    fallbackServiceId: id().optional(),
    matching: z.enum(MATCHING_MODES).optional().meta({
      description:
        'How a request\'s language and age group pick people: "prefer" (absent) pages matches first, "require" only them.',
    }),
    updatedAt: instant(),
  })
  .meta({ id: 'Service' });
sameFields<z.output<typeof serviceSchema>, ReturnType<typeof serviceView>>();

export const servicesSchema = z
  .strictObject({ services: z.array(serviceSchema), nextCursor: nextCursor() })
  .meta({ id: 'ServiceList', description: 'A page of the services, in id order.' });
sameFields<z.output<typeof servicesSchema>, Awaited<ReturnType<typeof listServices>>>();

const unavailableReason = z.enum(['clinician_inactive', 'no_verified_contact', 'no_such_clinician']);

const slotSchema = z
  .strictObject({
    clinicianId: id(),
    name: z.string().nullable(),
    until: instant().meta({ description: 'When the slot next changes hands.' }),
    source: z.enum(['rotation', 'override']),
  })
  .nullable()
  .meta({
    id: 'OnCallSlot',
    description: 'Who holds the slot, or null: nobody, or nobody a page would reach.',
  });

export const onCallSchema = z
  .strictObject({
    serviceId: id(),
    at: instant(),
    timezone: z.string(),
    primary: slotSchema,
    secondary: slotSchema,
    unavailable: z
      .array(
        z.strictObject({
          role: z.enum(['primary', 'secondary']),
          clinicianId: id(),
          name: z.string().nullable(),
          reason: unavailableReason,
        }),
      )
      .meta({ description: 'Named by the rota but not paged, and why.' }),
  })
  .meta({ id: 'OnCall' });
sameFields<z.output<typeof onCallSchema>, Awaited<ReturnType<typeof getOnCall>>>();

export const shiftsSchema = z
  .strictObject({
    serviceId: id(),
    timezone: z.string(),
    shifts: z.array(
      z.strictObject({
        clinicianId: id(),
        start: instant(),
        end: instant(),
        source: z.enum(['rotation', 'override']),
      }),
    ),
    gaps: z.array(
      z
        .strictObject({
          start: instant(),
          end: instant(),
          reason: unavailableReason.optional(),
          clinicianId: id().optional(),
          alertedAt: instant()
            .optional()
            .meta({ description: 'When the fallback contacts were alerted to it.' }),
        })
        .meta({
          description:
            'Without `reason`: nobody on the rota; with it: who the rota names and why no page would reach them.',
        }),
    ),
  })
  .meta({
    id: 'Shifts',
    description: 'Shifts and gaps together cover `[from, to)` exactly, with no overlap.',
  });
sameFields<z.output<typeof shiftsSchema>, Awaited<ReturnType<typeof getShifts>>>();

export const gapsSchema = z
  .strictObject({
    serviceId: id(),
    timezone: z.string(),
    from: instant().meta({ description: 'Now.' }),
    to: instant().meta({ description: '`days` from now.' }),
    uncoveredHours: z.number().min(0),
    coveredBy: z
      .union([
        z.strictObject({ fallbackServiceId: id() }),
        z.strictObject({ fallbackContacts: z.array(z.string()) }),
      ])
      .meta({ description: 'Who a request made during a gap goes to instead.' }),
    gaps: z.array(
      z.strictObject({
        start: instant(),
        end: instant(),
        hours: z.number().min(0),
        reason: unavailableReason.optional(),
        clinicianId: id().optional(),
        name: z.string().nullable().optional(),
        alertedAt: instant()
          .optional()
          .meta({ description: 'When the fallback contacts were alerted to it.' }),
      }),
    ),
  })
  .meta({
    id: 'Gaps',
    description: 'The time ahead that no page would reach anyone on this service’s rota.',
  });
sameFields<z.output<typeof gapsSchema>, Awaited<ReturnType<typeof getGaps>>>();

export const overrideSchema = z
  .strictObject({
    overrideId: z.string(),
    clinicId: id(),
    serviceId: id(),
    clinicianId: id().meta({ description: 'Who is on call, in place of the rotation’s primary.' }),
    start: instant(),
    end: instant().meta({ description: 'Exclusive.' }),
    createdAt: instant().meta({ description: 'Where overrides overlap, the one created last wins.' }),
    updatedAt: instant(),
  })
  .meta({ id: 'Override' });
sameFields<z.output<typeof overrideSchema>, ReturnType<typeof overrideView>>();

export const overridesSchema = z
  .strictObject({ overrides: z.array(overrideSchema), nextCursor: nextCursor() })
  .meta({ id: 'OverrideList', description: 'A page of the service’s overrides, by start.' });
sameFields<z.output<typeof overridesSchema>, Awaited<ReturnType<typeof listOverrides>>>();

export const createdOverrideSchema = z
  .strictObject({ overrideId: z.string() })
  .meta({ id: 'CreatedOverride' });
