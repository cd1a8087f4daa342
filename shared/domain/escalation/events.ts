// What can happen to a request, and what the engine answers: a new state plus actions, or "unchanged".
import type { ContactChannel } from '../model.js';
import type { CallEnding } from './call-ending.js';
import type {
  AckChannel,
  CrisisRequest,
  NoticeKind,
  Recipient,
  RequestStatus,
  ResolveOutcome,
  Who,
} from './request.js';

export type RequestEvent =
  | { type: 'start' }
  /** A timer message for the page with this attempt number (from the delay queue or the sweeper). */
  | { type: 'timer'; attempt: number }
  | { type: 'ack'; attempt?: number; by: Who; via?: AckChannel }
  | { type: 'decline'; attempt?: number; by: Who; via?: AckChannel }
  /** `retry` is the resend number of the failed send (0 = the page itself). */
  | {
      type: 'send_failed';
      attempt: number;
      to: Who;
      channel: ContactChannel;
      code: string;
      permanent: boolean;
      retry?: number;
    }
  /** A voice page's call ended without reaching the person (busy, no answer, failed, no key pressed). */
  | { type: 'call_ended'; attempt: number; to: Who; ending: CallEnding }
  /** What the provider said about pages that were pending: one write records a whole round of sends. */
  | { type: 'delivery'; results: DeliveryResult[] }
  /**
   * Take over pages still pending after PENDING_STALE_MS (their sender died) and send them again; at once
   * when `sendersGone` says every sender is known to be dead.
   */
  | { type: 'redeliver'; sendersGone?: boolean }
  /** The acceptor called the caller back. */
  | { type: 'contacted'; by: Who; via?: AckChannel }
  /** The acceptor can't take it after all: paging resumes at the next level at once. */
  | { type: 'handback'; by: Who; reason: string; via?: AckChannel }
  | { type: 'resolve'; by: Who; outcome: ResolveOutcome; note?: string; via?: AckChannel }
  | { type: 'cancel'; by: { name: string; role: string }; reason: string };

/** One pending page's outcome: accepted by the provider, refused, or withheld because it no longer mattered. */
export type DeliveryResult = {
  attempt: number;
  to: Who;
  channel: ContactChannel;
  retry: number;
  notice?: NoticeKind;
} & (
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'failed'; code: string; permanent: boolean }
  | { outcome: 'withheld'; reason: string }
);

export interface PageAction {
  type: 'page';
  attempt: number;
  recipient: Recipient;
  channels: ContactChannel[];
  /** null on the fallback pages of an unanswered request. */
  level: number | null;
  round: number | null;
  /** 0 for the page itself, n for the n-th resend after a transient failure. */
  retry: number;
  /** A notice (reminder, passed on, still open) rather than a page asking for acceptance. */
  notice?: NoticeKind;
}

export type Action =
  | PageAction
  /** Deliver `{type:'timer', attempt}` at `at`. */
  | { type: 'schedule'; at: number; attempt: number }
  | { type: 'mark_contact_broken'; clinicianId: string; channel: ContactChannel }
  /** A page to this contact was accepted: if another request had marked it broken, it works again. */
  | { type: 'heal_contact'; clinicianId: string; channel: ContactChannel }
  | { type: 'notify_requester'; status: RequestStatus | 'reopened' }
  | { type: 'alert_ops'; reason: string };

export type UnchangedReason =
  | 'closed'
  | 'already_acknowledged'
  | 'already_contacted'
  | 'already_started'
  | 'not_paging'
  | 'not_acknowledged'
  | 'not_assignee'
  | 'not_current_recipient'
  | 'stale_attempt'
  | 'unknown_attempt'
  | 'unknown_page'
  | 'not_due'
  | 'nothing_to_redeliver'
  | 'duplicate';

export interface Conflict {
  acknowledgedBy: Who;
  acknowledgedAt: number | null;
  /** The caller is the one who acknowledged: a repeated ack, which an API may answer with 200. */
  byCaller: boolean;
}

export type Decision =
  | { unchanged: false; request: CrisisRequest; actions: Action[] }
  | { unchanged: true; reason: UnchangedReason; conflict?: Conflict };
