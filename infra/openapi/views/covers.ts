// A cover request as the API shows it (shared/app/cover/cover-view.ts: coverView).
import * as z from 'zod';
import type { coverView } from '../../../shared/app/cover/cover-view.js';
import { COVER_STATES } from '../../../shared/schemas/cover.js';
import { id, instant, sameFields } from './common.js';

const personSchema = z
  .strictObject({ clinicianId: id(), name: z.string() })
  .meta({ id: 'CoverPerson', description: 'A clinician of the clinic, with their name.' });

export const coverRequestSchema = z
  .strictObject({
    coverId: id(),
    clinicId: id(),
    serviceId: id(),
    serviceName: z.string(),
    requester: personSchema.meta({ description: 'Whose time on call is to be covered.' }),
    start: instant(),
    end: instant().meta({ description: 'Exclusive: `[start, end)`.' }),
    note: z.string().optional().meta({ description: 'The requester’s note: shown on the offer page only.' }),
    state: z.enum(COVER_STATES).meta({
      description:
        '`open` (offered), `awaiting_approval` (taken, an admin must approve), `covered` (an override puts the taker on call), `cancelled`, `expired` (nobody took it before `expiresAt`).',
    }),
    open: z.boolean().meta({ description: 'Still to be decided: `open` or `awaiting_approval`.' }),
    acceptedBy: personSchema.optional().meta({ description: 'Who took it.' }),
    acceptedAt: instant().optional(),
    expiresAt: instant().meta({ description: 'Unanswered by then, it expires and the admins are told.' }),
    canAccept: z.boolean().meta({ description: 'Whether the caller of this route could take it now.' }),
    offeredTo: z
      .array(personSchema)
      .optional()
      .meta({ description: 'For admins and the requester only: the colleagues it was offered to.' }),
    refused: z.array(personSchema).optional().meta({
      description: 'For admins and the requester only: takers an admin rejected (not offered again).',
    }),
    history: z
      .array(
        z.strictObject({
          at: instant(),
          action: z.enum(['requested', 'accepted', 'approved', 'rejected', 'cancelled', 'expired']),
          by: z.string().meta({ description: 'A clinician id, `<role> key <keyId>`, or `rota-check`.' }),
          byName: z.string(),
        }),
      )
      .meta({ description: 'The audit list: every change, oldest first.' }),
    createdAt: instant(),
    updatedAt: instant(),
  })
  .meta({ id: 'CoverRequest' });
sameFields<z.output<typeof coverRequestSchema>, ReturnType<typeof coverView>>();

export const createdCoverSchema = coverRequestSchema
  .extend({
    offers: z
      .strictObject({ sent: z.number().int(), failed: z.number().int() })
      .meta({ description: 'Messages sent now; offers that could not leave are sent again within minutes.' }),
  })
  .meta({ id: 'CreatedCoverRequest' });

export const coverRequestsSchema = z
  .strictObject({ items: z.array(coverRequestSchema) })
  .meta({ id: 'CoverRequests', description: 'By start.' });
