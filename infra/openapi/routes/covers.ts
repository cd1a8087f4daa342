// Cover requests (docs/api.md, "Cover requests"): a clinician asks colleagues to take part of their time on call.
import { clinicParams, coverParams, serviceParams } from '../../../functions/http/params.js';
import { createCoverSchema, listCoverQuerySchema, reviewCoverSchema } from '../../../shared/schemas/cover.js';
import type { RouteDoc } from '../route-doc.js';
import { coverRequestSchema, coverRequestsSchema, createdCoverSchema } from '../views/covers.js';

const person = (clinicianId: string, name: string) => ({ clinicianId, name });

export const coverRequestExample = {
  coverId: 'cov_Yb3k9QwZ1xLm',
  clinicId: 'northside',
  serviceId: 'adolescent',
  serviceName: 'Adolescent',
  requester: person('ana', 'Dr Ana Ruiz'),
  start: '2026-12-05T18:00:00.000Z',
  end: '2026-12-05T22:00:00.000Z',
  note: 'Family event: back on call at 22:00.',
  state: 'open',
  open: true,
  expiresAt: '2026-12-05T17:00:00.000Z',
  canAccept: false,
  offeredTo: [person('ben', 'Dr Ben Okafor'), person('chloe', 'Chloe Martin')],
  refused: [],
  history: [{ at: '2026-12-04T10:00:00.000Z', action: 'requested', by: 'ana', byName: 'Dr Ana Ruiz' }],
  createdAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:00:00.000Z',
};

const coveredExample = {
  ...coverRequestExample,
  state: 'covered',
  open: false,
  acceptedBy: person('ben', 'Dr Ben Okafor'),
  acceptedAt: '2026-12-04T10:07:00.000Z',
  offeredTo: undefined,
  refused: undefined,
  history: [
    ...coverRequestExample.history,
    { at: '2026-12-04T10:07:00.000Z', action: 'accepted', by: 'ben', byName: 'Dr Ben Okafor' },
  ],
  updatedAt: '2026-12-04T10:07:00.000Z',
};
delete coveredExample.offeredTo;
delete coveredExample.refused;

const VISIBILITY =
  'Admins see every cover request of the clinic; a clinician sees those they asked for, took or were offered (any other is a 404).';

export const coverRoutes = {
  'create-cover-request': {
    tag: 'Cover requests',
    summary: 'Ask for cover',
    description:
      'Asks colleagues to be on call for `[start, end)` in the requester’s place. The whole window must be the requester’s own time on call for this service (rotation or override; 400 at `start` or `end` naming the first instant they are not), in the future, at most 14 days long. It is offered at once to every other active clinician of the service’s rotation and escalation with a verified contact method, each by their channels with a link of their own (no patient or request detail). It expires unanswered an hour before `start` (at least 15 minutes after asking), and the clinic’s fallback contacts are told. Offers that could not leave are sent again by the rota check within minutes.',
    access: {
      roles: ['admin', 'clinician'],
      rule: 'A clinician key asks for its own time; an admin key names `requesterId`.',
    },
    params: serviceParams,
    body: {
      schema: createCoverSchema,
      required: true,
      example: { start: '2026-12-05T18:00:00.000Z', end: '2026-12-05T22:00:00.000Z', note: 'Family event' },
    },
    answers: {
      201: {
        description: 'The cover request, offered.',
        schema: createdCoverSchema,
        example: { ...coverRequestExample, offers: { sent: 2, failed: 0 } },
      },
    },
    errors: {
      403: 'An intake key, or a clinician key naming someone else as `requesterId`.',
      409: 'An open cover request of the same person already asks for part of that time (with `coverId`), or nobody else on the service could take it.',
    },
  },
  'list-cover-requests': {
    tag: 'Cover requests',
    summary: 'List cover requests',
    description: `By start, every state unless \`state\` says one. ${VISIBILITY}`,
    access: { roles: ['admin', 'clinician'] },
    params: clinicParams,
    query: listCoverQuerySchema,
    parameters: { state: 'Only cover requests in this state.' },
    answers: {
      200: {
        description: 'The cover requests this key may see.',
        schema: coverRequestsSchema,
        example: { items: [coverRequestExample] },
      },
    },
  },
  'get-cover-request': {
    tag: 'Cover requests',
    summary: 'Read a cover request',
    description: `With its audit list. ${VISIBILITY}`,
    access: { roles: ['admin', 'clinician'] },
    params: coverParams,
    answers: {
      200: { description: 'The cover request.', schema: coverRequestSchema, example: coverRequestExample },
    },
  },
  'accept-cover-request': {
    tag: 'Cover requests',
    summary: 'Take a cover request',
    description:
      'The first colleague to take it wins. Without approval (the clinic’s `coverApproval` is `none`) an override puts them on call for the window at once and the requester is told; with `admin`, it waits for an admin’s review and the admins are told.',
    access: { roles: ['clinician'], rule: 'A colleague it was offered to.' },
    params: coverParams,
    answers: {
      200: { description: 'The cover request, taken.', schema: coverRequestSchema, example: coveredExample },
    },
    errors: {
      403: 'Not offered to this clinician.',
      409: 'Someone took it first (`<name> has already taken this cover`, with `acceptedBy`), it expired, was cancelled, or it is the caller’s own request.',
    },
  },
  'review-cover-request': {
    tag: 'Cover requests',
    summary: 'Approve or reject a taken cover request',
    description:
      'For clinics that require approval. `approve`: the override puts the taker on call and both are told. `reject`: the taker is told, it is open again for the other colleagues, and the rejected taker is not offered it again.',
    access: { roles: ['admin'] },
    params: coverParams,
    body: { schema: reviewCoverSchema, required: true, example: { decision: 'approve' } },
    answers: {
      200: {
        description: 'The cover request after the review.',
        schema: coverRequestSchema,
        example: coveredExample,
      },
    },
    errors: { 409: 'Not waiting for approval (with `state`).' },
  },
  'cancel-cover-request': {
    tag: 'Cover requests',
    summary: 'Withdraw a cover request',
    description:
      'While it is open or awaiting approval; a covered request is changed through its override instead.',
    access: { roles: ['admin', 'clinician'], rule: 'The clinician who asked for it, or an admin.' },
    params: coverParams,
    answers: {
      200: {
        description: 'The cover request, cancelled.',
        schema: coverRequestSchema,
        example: {
          ...coverRequestExample,
          state: 'cancelled',
          open: false,
          history: [
            ...coverRequestExample.history,
            { at: '2026-12-04T11:00:00.000Z', action: 'cancelled', by: 'ana', byName: 'Dr Ana Ruiz' },
          ],
          updatedAt: '2026-12-04T11:00:00.000Z',
        },
      },
    },
    errors: {
      403: 'A clinician who did not ask for it.',
      409: 'Already covered, cancelled or expired (with `state`).',
    },
  },
} satisfies Record<string, RouteDoc>;
