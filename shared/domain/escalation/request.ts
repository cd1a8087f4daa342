// The crisis request as the escalation engine sees it: plain data, so the store can keep it as one item and
// every step is one conditional write on `version`.
import type { ContactChannel, NotifyTarget } from '../model.js';

export type Urgency = 'emergency' | 'urgent';
export type RequestStatus = 'paging' | 'acknowledged' | 'contacted' | 'resolved' | 'cancelled' | 'unanswered';

/** How the person who accepted closed the request, for audit. */
export const RESOLVE_OUTCOMES = [
  'safe_plan',
  'referred_emergency',
  'referred_service',
  'no_contact',
  'other',
] as const;
export type ResolveOutcome = (typeof RESOLVE_OUTCOMES)[number];

/**
 * Messages that ask nothing of their recipient: a reminder to the acceptor, "passed on" to a former acceptor,
 * "still open" to the fallback contacts. Delivered like pages (pending until the provider accepts them).
 */
export type NoticeKind = 'contact_reminder' | 'resolve_reminder' | 'passed_on' | 'still_open';

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
      /** Absent when the clinician has no verified SMS method (email only). */
      phone?: string;
      email?: string;
      /** The number a voice call goes to, when the clinician has a verified voice method. */
      voice?: string;
      /** A verified web push subscription (JSON), when the clinician has one. */
      push?: string;
      smsBroken?: boolean;
      /** Seconds after a page opens before a channel is tried (the person's notification rules); absent: 0. */
      delays?: Partial<Record<ContactChannel, number>>;
    }
  | {
      kind: 'fallback';
      /** Absent on requests submitted before fallback ids: such a contact is reached by its phone only. */
      fallbackId?: string;
      name: string;
      phone: string;
      /** Verified methods beyond the settings number, all tried at once: this is the last resort. */
      email?: string;
      voice?: string;
      push?: string;
    };

export interface RouteLevel {
  notify: NotifyTarget;
  /** Resolved at submit; may be empty (nobody secondary), then the level is skipped at once. */
  recipients: Recipient[];
  ackTimeoutSeconds: number;
  /** Why this person is at this level, when the request asked for a match (matching.ts): "speaks es". */
  why?: string;
  /** Why the level has nobody although someone is on call (e.g. `no_match`): the skip's timeline reason. */
  skipReason?: string;
}

/** The escalation chain frozen at submit, so rota edits mid-crisis don't change who gets paged. */
export interface Route {
  levels: RouteLevel[];
  repeat: number;
  fallbackRepeatSeconds: number;
  fallbackContacts: Recipient[];
  /** Why the route is not the asked-for service's own chain (e.g. nobody on call). */
  reason?: string;
  /** Absent on requests submitted before follow-through existed: DEFAULT_FOLLOW_UP applies. */
  followUp?: FollowUpPolicy;
}

/** How long an acceptor has to call the caller back, and then to close the request. */
export interface FollowUpPolicy {
  contactWithinSeconds: number;
  resolveWithinSeconds: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpPolicy = { contactWithinSeconds: 600, resolveWithinSeconds: 14_400 };

/**
 * Where an accepted request stands. 'contact': waiting for "contacted"; 'contact_reminded': reminded, the
 * next deadline reopens it; 'resolve': contacted, waiting for the resolve; 'resolve_reminded': reminded (and
 * the fallback contacts alerted), repeated every resolveWithinSeconds until someone closes it.
 */
export interface FollowUp {
  stage: 'contact' | 'contact_reminded' | 'resolve' | 'resolve_reminded';
  /** Reopening returns to paging the route, or, if it was accepted from the fallback repeat, to that. */
  acceptedWhile: 'paging' | 'unanswered';
  acceptedAt: number;
  contactedAt?: number;
}

export interface Position {
  /** 0..route.repeat */
  round: number;
  level: number;
  /** Pages sent so far (one per level page or fallback repeat); acks and timers name the page they answer. */
  attempt: number;
}

/** How a person answered: a page's link or SMS code, the API, or the case page. */
export type AckChannel = 'link' | 'sms' | 'api' | 'case' | 'voice';

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
  | 'contacted'
  | 'contact_overdue'
  | 'reopened'
  | 'handed_back'
  | 'resolve_overdue'
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
  /** On a page entry: this was a notice, not a page asking for acceptance. */
  notice?: NoticeKind;
  /** On a 'resolved' entry. */
  outcome?: ResolveOutcome;
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
  notice?: NoticeKind;
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
  /**
   * Set while the request is open: when the current page times out or the fallback repeats, or, once
   * accepted, the next follow-up deadline. Null once closed.
   */
  nextDueAt: number | null;
  /** Who accepted: set while acknowledged or contacted, and kept on a closed request as who closed it. */
  assignee: Who | null;
  /** Set while acknowledged or contacted (absent on items from before follow-through). */
  followUp?: FollowUp | null;
  /** Times an accepted request was passed on or handed back. */
  reopened?: number;
  /** Fallback contacts who were passed on or handed back (whoKeys): left out of the fallback repeat while others remain. */
  passedOn?: string[];
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

/** Someone accepted and has not closed it yet: the follow-up deadlines run. */
export function isAcceptedStatus(status: RequestStatus): status is 'acknowledged' | 'contacted' {
  return status === 'acknowledged' || status === 'contacted';
}

export function isClosedStatus(status: RequestStatus): status is 'resolved' | 'cancelled' {
  return status === 'resolved' || status === 'cancelled';
}
