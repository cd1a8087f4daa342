// Crisis requests as the API shows them (shared/app/requests/request-view.ts, list-requests.ts).
import * as z from 'zod';
import { AGE_GROUPS } from '../../../shared/domain/matching.js';
import type { RequestQueueView, RequestSummary } from '../../../shared/app/requests/list-requests.js';
import type { RequestView } from '../../../shared/app/requests/request-view.js';
import {
  RESOLVE_OUTCOMES,
  type AckChannel,
  type NoticeKind,
  type RequestStatus,
  type TimelineType,
} from '../../../shared/domain/escalation/index.js';
import { CONTACT_CHANNELS } from '../../../shared/domain/model.js';
import { sameFields, id, instant, whoSchema } from './common.js';

/** Every value of a domain union, checked both ways at compile time: none missing, none extra. */
const allOf =
  <T extends string>() =>
  <const L extends readonly [T, ...T[]]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never),
  ) =>
    list;

const STATUSES = allOf<RequestStatus>()([
  'paging',
  'unanswered',
  'acknowledged',
  'contacted',
  'resolved',
  'cancelled',
]);
const TIMELINE_TYPES = allOf<TimelineType>()([
  'submitted',
  'routed',
  'page_sent',
  'page_pending',
  'page_failed',
  'page_withheld',
  'page_unconfirmed',
  'level_skipped',
  'timeout',
  'declined',
  'escalated',
  'unanswered',
  'fallback_repeat',
  'acknowledged',
  'contacted',
  'contact_overdue',
  'reopened',
  'handed_back',
  'resolve_overdue',
  'resolved',
  'cancelled',
  'compacted',
]);
const VIA = allOf<AckChannel>()(['link', 'sms', 'api', 'case', 'voice']);
const NOTICES = allOf<NoticeKind>()(['contact_reminder', 'resolve_reminder', 'passed_on', 'still_open']);

export const requestStatusSchema = z.enum(STATUSES).meta({ id: 'RequestStatus' });

export const timelineEntrySchema = z
  .strictObject({
    at: instant(),
    type: z.enum(TIMELINE_TYPES),
    who: whoSchema.optional(),
    role: z.string().optional().meta({ description: 'cancelled: the role of the key that cancelled.' }),
    channel: z.enum(CONTACT_CHANNELS).optional(),
    via: z.enum(VIA).optional().meta({ description: 'How someone answered.' }),
    attempt: z.number().int().min(0).optional(),
    level: z.number().int().min(0).optional(),
    round: z.number().int().min(0).optional(),
    retry: z.number().int().min(1).optional(),
    reason: z.string().optional(),
    note: z.string().optional(),
    serviceId: id().optional(),
    notice: z.enum(NOTICES).optional().meta({ description: 'A message that asks for no answer.' }),
    outcome: z.enum(RESOLVE_OUTCOMES).optional(),
    messageId: z.string().optional().meta({ description: "page_sent: the provider's id for the message." }),
    omitted: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'compacted: how many entries it stands for.' }),
  })
  .meta({
    id: 'TimelineEntry',
    description: 'Every entry has `at` and `type`; the other fields where they apply.',
  });

const common = {
  requestId: z.string(),
  serviceId: id().meta({ description: 'The service asked for.' }),
  routedServiceId: id().meta({ description: 'The service whose escalation chain is used.' }),
  reference: z
    .string()
    .meta({ description: 'The short code on the pages, to read out on the phone.', example: 'R7KQ' }),
  urgency: z.enum(['emergency', 'urgent']),
  status: requestStatusSchema,
  level: z.number().int().min(0),
  round: z.number().int().min(0),
  assignee: whoSchema.nullable().meta({ description: 'Who accepted it, or null.' }),
  paging: z
    .array(whoSchema)
    .meta({ description: 'Who the current page went to; empty once answered or closed.' }),
  nextEscalationAt: instant().nullable(),
  acknowledgedAt: instant().nullable(),
  contactedAt: instant().nullable(),
  createdAt: instant(),
};

export const requestSchema = z
  .strictObject({
    ...common,
    clinicId: id(),
    nextFollowUpAt: instant().nullable(),
    reopened: z.number().int().min(0),
    emergencyProtocol: z.string().optional().meta({ description: 'Only while unanswered.' }),
    timeline: z.array(timelineEntrySchema),
    summary: z
      .string()
      .optional()
      .meta({ description: 'Only for the clinician key of whoever accepted it.' }),
    callbackPhone: z
      .string()
      .optional()
      .meta({ description: 'Only for the clinician key of whoever accepted it.' }),
    requesterName: z
      .string()
      .optional()
      .meta({ description: 'Only for the clinician key of whoever accepted it.' }),
    language: z
      .string()
      .optional()
      .meta({ description: "The caller's language (BCP 47), if given. Only for whoever accepted it." }),
    ageGroup: z
      .enum(AGE_GROUPS)
      .optional()
      .meta({ description: "The caller's age group, if given. Only for whoever accepted it." }),
    caseUrl: z
      .url()
      .optional()
      .meta({ description: "Only in the answer to acknowledge: the acceptor's case link." }),
  })
  .meta({ id: 'Request', description: 'A crisis request: what the hotline watches.' });
sameFields<z.output<typeof requestSchema>, RequestView & { caseUrl?: string }>();

export const requestSummarySchema = z
  .strictObject({ ...common, serviceName: z.string() })
  .meta({ id: 'RequestSummary', description: 'One row of the queue: no timeline and no caller detail.' });
sameFields<z.output<typeof requestSummarySchema>, RequestSummary>();

export const requestQueueSchema = z
  .strictObject({
    requests: z.array(requestSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null: no more.' }),
  })
  .meta({ id: 'RequestQueue' });
sameFields<z.output<typeof requestQueueSchema>, RequestQueueView>();
