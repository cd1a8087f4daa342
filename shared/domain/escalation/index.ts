// The request state machine: a frozen route, and a pure decide() from (request, event, now) to what to do.
export { decide } from './decide.js';
export { CALL_ENDINGS, type CallEnding } from './call-ending.js';
export type {
  Action,
  Conflict,
  Decision,
  DeliveryResult,
  PageAction,
  RequestEvent,
  UnchangedReason,
} from './events.js';
export { PENDING_STALE_MS, samePage, wakeAt } from './delivery.js';
export { createRequest } from './new-request.js';
export type { NewRequestInput } from './new-request.js';
export { holdsRequest, stillMatters } from './notice-rules.js';
export {
  DEFAULT_FOLLOW_UP,
  isAcceptedStatus,
  isClosedStatus,
  isPagingStatus,
  RESOLVE_OUTCOMES,
} from './request.js';
export type {
  AckChannel,
  BrokenContact,
  CrisisRequest,
  FollowUp,
  FollowUpPolicy,
  NoticeKind,
  PendingPage,
  Position,
  Recipient,
  RequestStatus,
  ResolveOutcome,
  Route,
  RouteLevel,
  TimelineEntry,
  TimelineType,
  Urgency,
  Who,
} from './request.js';
export { MAX_SEND_RETRIES, resendDelayMs } from './send-failure.js';
