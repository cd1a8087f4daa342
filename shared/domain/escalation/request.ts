// The crisis request as the escalation engine sees it: plain data, so the store can keep it as one item and
// every step is one conditional write on `version`.
import type { ContactChannel, NotifyTarget } from '../model.js';

export type Urgency = 'emergency' | 'urgent';
export type RequestStatus = 'paging' | 'acknowledged' | 'resolved' | 'cancelled' | 'unanswered';

/** Who did or got something. Never a phone number: this is what the timeline may show. */
export interface Who {
  clinicianId?: string;
  name: string;
}

export type Recipient =
  | {
      kind: 'clinician';
      clinicianId: string;
      name: string;
      phone: string;
      email?: string;
      smsBroken?: boolean;
    }
  | { kind: 'fallback'; name: string; phone: string };

export interface RouteLevel {
  notify: NotifyTarget;
  /** Resolved at submit; may be empty (nobody secondary), then the level is skipped at once. */
  recipients: Recipient[];
  ackTimeoutSeconds: number;
}

/** The escalation chain frozen at submit, so rota edits mid-crisis don't change who gets paged. */
export interface Route {
  levels: RouteLevel[];
  repeat: number;
  fallbackRepeatSeconds: number;
  fallbackContacts: Recipient[];
  /** Why the route is not the asked-for service's own chain (e.g. nobody on call). */
  reason?: string;
}

export interface Position {
  /** 0..route.repeat */
  round: number;
  level: number;
  /** Pages sent so far (one per level page or fallback repeat); acks and timers name the page they answer. */
  attempt: number;
}

export type AckChannel = 'link' | 'sms' | 'api';

export type TimelineType =
  | 'submitted'
  | 'routed'
  | 'page_sent'
  | 'page_failed'
  | 'page_withheld'
  | 'page_unconfirmed'
  /** Only in the API's view: a page decided and not yet accepted by the provider. Never stored. */
  | 'page_pending'
  | 'level_skipped'
  | 'timeout'
  | 'declined'
  | 'acknowledged'
  | 'escalated'
  | 'unanswered'
  | 'fallback_repeat'
  | 'compacted'
  | 'resolved'
  | 'cancelled';

/**
 * One flat shape so the API can map it as is. `level`/`round` are absent on fallback pages of an
 * unanswered request. Free text is limited to the requester's cancel reason and the resolve note.
 */
export interface TimelineEntry {
  at: number;
  type: TimelineType;
  who?: Who;
  role?: string;
  channel?: ContactChannel;
  via?: AckChannel;
  attempt?: number;
  level?: number;
  round?: number;
  retry?: number;
  reason?: string;
  note?: string;
  serviceId?: string;
  /** On a 'page_sent' entry: the provider's id for the message it accepted. */
  messageId?: string;
  /** On a 'compacted' entry: how many entries it stands for. */
  omitted?: number;
}

/**
 * A page decided but not yet accepted by the provider. The request item is its lease: the step that wrote
 * `since` sends it, and a page still pending PENDING_STALE_MS later is taken over and sent again.
 */
export interface PendingPage {
  attempt: number;
  who: Who;
  channel: ContactChannel;
  /** 0 for the page itself, n for the n-th re-attempt after a passing failure. */
  retry: number;
  level?: number;
  round?: number;
  /** When its current sender took it; absent while a re-attempt waits for `notBefore`. */
  since?: number;
  notBefore?: number;
}

export interface BrokenContact {
  clinicianId: string;
  channel: ContactChannel;
}

export interface CrisisRequest {
  requestId: string;
  clinicId: string;
  serviceId: string;
  routedServiceId: string;
  urgency: Urgency;
  createdAt: number;
  route: Route;
  status: RequestStatus;
  position: Position;
  version: number;
  /** Set while paging or unanswered (when the current page times out / the fallback repeats), else null. */
  nextDueAt: number | null;
  assignee: Who | null;
  /** clinicianIds who declined: skipped on later levels and rounds (see paging.ts for the exception). */
  declinedBy: string[];
  /** Recipients of the current attempt. */
  paged: Who[];
  /** `channel:whoKey` of the current attempt still able to answer; empty ⇒ move on at once. */
  awaiting: string[];
  /** Contact methods found broken during this request, so later rounds don't use them. */
  brokenContacts: BrokenContact[];
  /** Pages not yet accepted by the provider (absent on items written before delivery tracking). */
  pending?: PendingPage[];
  timeline: TimelineEntry[];
}

/** Timers run while the request pages someone. */
export function isPagingStatus(status: RequestStatus): status is 'paging' | 'unanswered' {
  return status === 'paging' || status === 'unanswered';
}

export function isClosedStatus(status: RequestStatus): status is 'resolved' | 'cancelled' {
  return status === 'resolved' || status === 'cancelled';
}
