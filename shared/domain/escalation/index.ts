// The request state machine: a frozen route, and a pure decide() from (request, event, now) to what to do.
export { decide } from './decide.js';
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
export { isClosedStatus, isPagingStatus } from './request.js';
export type {
  AckChannel,
  BrokenContact,
  CrisisRequest,
  PendingPage,
  Position,
  Recipient,
  RequestStatus,
  Route,
  RouteLevel,
  TimelineEntry,
  TimelineType,
  Urgency,
  Who,
} from './request.js';
export { MAX_SEND_RETRIES, resendDelayMs } from './send-failure.js';
