// Delivery as state: a page is pending from the step that decides it until the provider answers. Only an
// accepted page becomes 'page_sent' on the timeline; a page whose sender died is taken over and sent again.
import { begin, finish, log, STALE_AFTER_MS } from './draft.js';
import type { Decision, DeliveryResult, PageAction } from './events.js';
import { noticeMatters, stillMatters } from './notice-rules.js';
import { findRecipient, sameWho, whoOf } from './recipients.js';
import type { CrisisRequest, NoticeKind, PendingPage, TimelineEntry } from './request.js';
import { isClosedStatus, isPagingStatus } from './request.js';
import { recordFailure } from './send-failure.js';

/** A page still pending this long after its sender took it is presumed lost with its sender. */
export const PENDING_STALE_MS = STALE_AFTER_MS;

export function samePage(
  p: {
    attempt?: number;
    who?: { clinicianId?: string; name: string };
    channel?: string;
    retry?: number;
    notice?: NoticeKind;
  },
  r: {
    attempt: number;
    to: { clinicianId?: string; name: string };
    channel: string;
    retry: number;
    notice?: NoticeKind;
  },
): boolean {
  return (
    p.attempt === r.attempt &&
    p.channel === r.channel &&
    (p.retry ?? 0) === r.retry &&
    p.notice === r.notice &&
    p.who !== undefined &&
    sameWho(p.who, r.to)
  );
}

/**
 * Pending pages of the current attempt that nobody is sending now and that still matter. `sendersGone`: every
 * sender is known to be dead (the local stack's one process restarted), so no page needs to go stale first.
 */
export function redeliverable(request: CrisisRequest, now: number, sendersGone = false): PendingPage[] {
  return (request.pending ?? []).filter(
    (p) =>
      stillMatters(request, p) &&
      (p.since === undefined ? (p.notBefore ?? 0) <= now : sendersGone || p.since <= now - PENDING_STALE_MS),
  );
}

/** Pending messages that count for the wake-up: the current attempt's pages, and notices that still matter. */
const counts = (request: CrisisRequest, p: PendingPage) =>
  p.notice !== undefined
    ? noticeMatters(request, p.notice, p.who)
    : isPagingStatus(request.status) && p.attempt === request.position.attempt;

/**
 * When the request next needs attention: its timeout, or earlier when a pending page would go stale or a
 * re-attempt comes due. The store indexes this instant, so the sweeper finds a lost page as well as a lost timer.
 */
export function wakeAt(request: CrisisRequest): number | null {
  if (request.nextDueAt === null) return null;
  let at = request.nextDueAt;
  for (const p of request.pending ?? []) {
    if (!counts(request, p)) continue;
    at = Math.min(at, p.since === undefined ? (p.notBefore ?? at) : p.since + PENDING_STALE_MS);
  }
  return at;
}

const alreadySent = (timeline: readonly TimelineEntry[], r: DeliveryResult) =>
  timeline.some((e) => e.type === 'page_sent' && samePage(e, r));

const settledEntry = (timeline: readonly TimelineEntry[], r: DeliveryResult) =>
  timeline.some((e) => (e.type === 'page_failed' || e.type === 'page_sent') && samePage(e, r));

/** A refusal that comes after its page was given up as unconfirmed still belongs on the record. */
function unconfirmedPage(timeline: readonly TimelineEntry[], r: DeliveryResult): PendingPage | undefined {
  const entry = timeline.findLast((e) => e.type === 'page_unconfirmed' && samePage(e, r));
  if (!entry || settledEntry(timeline, r)) return undefined;
  return {
    attempt: r.attempt,
    who: r.to,
    channel: r.channel,
    retry: r.retry,
    ...(entry.level !== undefined && { level: entry.level, round: entry.round }),
    ...(r.notice && { notice: r.notice }),
  };
}

/** Records a round of provider answers in one step; failures re-attempt or move on as before. */
export function onDelivery(
  request: CrisisRequest,
  results: readonly DeliveryResult[],
  now: number,
): Decision {
  const closed = isClosedStatus(request.status);
  const d = begin(request, now);
  const pending = (d.req.pending ??= []);
  let changed = false;
  for (const r of results) {
    const index = pending.findIndex((p) => samePage(p, r));
    const page = index >= 0 ? pending.splice(index, 1)[0] : undefined;
    if (page) changed = true;
    if (r.outcome === 'sent') {
      // Accepted is accepted, whatever the request did meanwhile: the timeline is the record of every page.
      if (alreadySent(d.req.timeline, r)) continue;
      const place = page?.level !== undefined ? { level: page.level, round: page.round } : {};
      log(d, {
        type: 'page_sent',
        who: whoOf(r.to),
        channel: r.channel,
        attempt: r.attempt,
        ...place,
        ...(r.retry > 0 && { retry: r.retry }),
        ...(r.notice && { notice: r.notice }),
        messageId: r.messageId,
      });
      if (r.to.clinicianId !== undefined)
        d.actions.push({ type: 'heal_contact', clinicianId: r.to.clinicianId, channel: r.channel });
      changed = true;
    } else if (closed) {
      continue; // a closed request only keeps the record of pages that left
    } else if (r.outcome === 'failed') {
      const failed = page ?? unconfirmedPage(d.req.timeline, r);
      if (!failed) continue;
      recordFailure(d, r, failed);
      changed = true;
    } else if (page) {
      log(d, {
        type: 'page_withheld',
        who: whoOf(r.to),
        channel: r.channel,
        attempt: r.attempt,
        ...(r.notice && { notice: r.notice }),
        reason: r.reason,
      });
    }
  }
  if (!changed) {
    const known = results.every((r) => r.attempt <= request.position.attempt);
    const settled = results.some((r) => settledEntry(request.timeline, r));
    const reason = closed ? 'closed' : !known ? 'unknown_attempt' : settled ? 'duplicate' : 'unknown_page';
    return { unchanged: true, reason };
  }
  return finish(d);
}

/** Takes over the pages whose sender is gone (the write is the lease) and sends them again. */
export function onRedeliver(request: CrisisRequest, now: number, sendersGone = false): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  const due = redeliverable(request, now, sendersGone);
  if (due.length === 0) return { unchanged: true, reason: 'nothing_to_redeliver' };
  const d = begin(request, now);
  d.req.pending = (d.req.pending ?? []).map((p) => (due.includes(p) ? { ...p, since: now } : p));
  for (const p of due) {
    const recipient = findRecipient(d.req.route, p.who);
    if (!recipient) continue;
    const action: PageAction = {
      type: 'page',
      attempt: p.attempt,
      recipient,
      channels: [p.channel],
      level: p.level ?? null,
      round: p.round ?? null,
      retry: p.retry,
      ...(p.notice && { notice: p.notice }),
    };
    d.actions.push(action);
  }
  return finish(d);
}
