import * as z from 'zod';
import { clinicParams, requestParams } from '../../../functions/http/params.js';
import { listRequestsQuerySchema } from '../../../shared/schemas/request-query.js';
import {
  handbackRequestSchema,
  idempotencyKeySchema,
  requestActionSchema,
  resolveRequestSchema,
  submitRequestSchema,
} from '../../../shared/schemas/request.js';
import { acknowledgedExample, queueExample, requestExample, submitExample } from '../examples.js';
import type { RouteDoc } from '../route-doc.js';
import { requestQueueSchema, requestSchema } from '../views/requests.js';

const request = (description: string, example: unknown = requestExample) => ({
  description,
  schema: requestSchema,
  example,
});

const note = (what: string) => ({
  schema: requestActionSchema,
  required: false,
  description: `\`{note}\` (at most 500 characters) or no body at all. ${what}`,
  example: { note: 'on my way to a phone' },
});

const PAGED = 'A clinician key of a clinician who was paged for it (another clinician’s key: 403).';
const ACCEPTOR =
  'The clinician key of whoever acknowledged it. A clinician never paged for it gets 404; one who was paged but did not accept it, 409.';
const ACTION_CONFLICTS =
  'Nothing changed, and the message says why: `the request is closed`, `nobody has accepted the request yet (or it was passed on), so this does not apply now`, `only the person who accepted the request can do that`.';

export const requestRoutes = {
  'submit-request': {
    tag: 'Requests',
    summary: 'Submit a crisis request',
    description:
      'Works out who is on call for the service now, freezes the whole escalation chain into the request, and pages the first level before it answers (its timeline shows `page_sent`, or `page_failed` and what followed). If nobody is on call, the service’s fallback service is used, else the clinic’s fallback contacts. **Idempotent**: the same `Idempotency-Key` with the same body within 24 hours answers 202 with the same request and pages nobody again; with another body, or after 24 hours, 409.',
    access: { roles: ['intake'] },
    params: clinicParams,
    headers: z.object({ 'Idempotency-Key': idempotencyKeySchema }),
    body: {
      schema: submitRequestSchema,
      required: true,
      description:
        '`summary`, `callbackPhone` and `requesterName` are shown only to the clinician who accepts: never in a page, a log line or the hotline’s view.',
      example: submitExample,
    },
    answers: { 202: request('The request as it is now: the first page has gone out.') },
    errors: {
      400: 'The body is wrong, or the `Idempotency-Key` header is missing, malformed or sent twice (`details[].path` is `Idempotency-Key`).',
      409: 'This `Idempotency-Key` was already used with a different body, or more than 24 hours ago.',
    },
  },
  'list-requests': {
    tag: 'Requests',
    summary: 'The request queue',
    description:
      'The clinic’s requests, newest first, a page at a time (`limit`, then `cursor` = the previous `nextCursor`): what the hotline and the admin watch. `status` is `open` by default (paging, unanswered, or accepted and not closed yet). With `serviceId` a page can hold fewer than `limit` requests and still have a `nextCursor`. `reference` (any case) answers in one page: the open request with it, then closed ones. The queue follows each change within a moment.',
    access: { roles: ['intake', 'admin'], rule: 'Clinician and platform keys get 403.' },
    params: clinicParams,
    query: listRequestsQuerySchema.in,
    parameters: {
      status:
        '`open` (the default): paging, unanswered, or accepted and not closed yet; `closed`: resolved or cancelled; `all`.',
      serviceId: 'Only requests for this service (the one asked for, not `routedServiceId`).',
      from: 'Requests created at or after this instant.',
      to: 'Requests created before this instant; after `from`.',
      limit: '1–100, default 25: at most this many requests in the answer.',
      cursor:
        'The `nextCursor` of the previous page, for the next one. Opaque; keep the other parameters as they were.',
      reference:
        'A short reference, `R` and 3 (rarely 4) letters or digits, any case: the requests that have or had it, the open one first. One page: no `cursor`.',
    },
    answers: {
      200: { description: 'A page of the queue.', schema: requestQueueSchema, example: queueExample },
    },
    errors: {
      400: 'A parameter is wrong or unknown (`details[].path` names it), or the cursor was not given out for this clinic’s queue.',
    },
  },
  'get-request': {
    tag: 'Requests',
    summary: 'Watch a request',
    description:
      'The request as it is now, with its timeline. `summary`, `callbackPhone` and `requesterName` only for the clinician key of whoever accepted it (not once it is cancelled).',
    access: {
      roles: ['intake', 'admin', 'clinician'],
      rule: 'A clinician key only for a request they were paged for (else 404).',
    },
    params: requestParams,
    answers: { 200: request('The request.') },
  },
  'acknowledge-request': {
    tag: 'Requests',
    summary: 'Acknowledge (accept) a request',
    description:
      'First acknowledgement wins, from any page of the request so far, while it is paging or unanswered: nobody else is paged, and the call back is due by `nextFollowUpAt`. The answer carries the caller’s details and the acceptor’s `caseUrl`. The same clinician acknowledging again is a 200 too.',
    access: { roles: ['clinician'], rule: PAGED },
    params: requestParams,
    body: note('The note is not recorded.'),
    answers: { 200: request('The request, acknowledged by the caller of this route.', acknowledgedExample) },
    errors: {
      403: 'Not a clinician key, or a clinician who was not paged for this request.',
      409: 'Someone else accepted first (`already acknowledged by <name>`, with `acknowledgedBy` and `acknowledgedAt`), or the request is closed.',
    },
  },
  'decline-request': {
    tag: 'Requests',
    summary: 'Decline a request',
    description:
      'Recorded; once everyone on the current page has declined (or cannot be reached), the next level is paged at once. Someone who declined is not paged again for this request.',
    access: { roles: ['clinician'], rule: PAGED },
    params: requestParams,
    body: note('The note is not recorded.'),
    answers: { 200: request('The request after the decline.') },
    errors: {
      403: 'Not a clinician key, or a clinician who was not paged for this request.',
      409: 'Someone accepted already (with `acknowledgedBy`), the caller accepted it themselves (they cannot decline now), the request is closed, the caller is not on the current page, or a second decline.',
    },
  },
  'contacted-request': {
    tag: 'Requests',
    summary: 'Record the call back',
    description:
      'The acceptor called the caller back: the request is `contacted` and the resolve deadline starts. Said twice, a 200.',
    access: { roles: ['clinician'], rule: ACCEPTOR },
    params: requestParams,
    body: note('No body is needed; a note is not recorded.'),
    answers: { 200: request('The request, contacted.') },
    errors: { 409: ACTION_CONFLICTS },
  },
  'handback-request': {
    tag: 'Requests',
    summary: 'Hand a request back',
    description:
      'The acceptor cannot take it after all: back to `paging` at the next level at once (or the fallback repeat), with the reason on the timeline. They are not paged for it again.',
    access: { roles: ['clinician'], rule: ACCEPTOR },
    params: requestParams,
    body: { schema: handbackRequestSchema, required: true, example: { reason: 'called into an emergency' } },
    answers: { 200: request('The request, paging again.') },
    errors: { 409: ACTION_CONFLICTS },
  },
  'resolve-request': {
    tag: 'Requests',
    summary: 'Resolve a request',
    description:
      'The acceptor closes it: `resolved`, with the `outcome` (recorded as `other` when left out) and the `note` on the timeline.',
    access: { roles: ['clinician'], rule: ACCEPTOR },
    params: requestParams,
    body: {
      schema: resolveRequestSchema,
      required: false,
      description: '`{outcome, note}`, either left out, or no body at all.',
      example: { outcome: 'safe_plan', note: 'called back, safe plan agreed' },
    },
    answers: { 200: request('The request, resolved.') },
    errors: { 409: ACTION_CONFLICTS },
  },
  'cancel-request': {
    tag: 'Requests',
    summary: 'Cancel a request',
    description:
      'Withdraws it from any open state, also once acknowledged (the caller was reached another way). The `note` becomes the timeline’s `reason`.',
    access: { roles: ['intake', 'admin'] },
    params: requestParams,
    body: note('The note becomes the `reason` of the `cancelled` entry.'),
    answers: { 200: request('The request, cancelled.') },
    errors: { 409: 'The request is closed already.' },
  },
} satisfies Record<string, RouteDoc>;
