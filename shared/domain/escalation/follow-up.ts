// After "accepted": the caller must be called back and the request closed. Each deadline runs on the same
// timers and sweeper as paging; a missed one reminds the acceptor, then reopens the request (no call back)
// or alerts the fallback contacts (called back, never closed). An accepted request is never silent either.
import type { Draft } from './draft.js';
import { log } from './draft.js';
import { moveOn, pageFallback } from './paging.js';
import { findRecipient, sameWho, usableChannels, whoKey, whoOf } from './recipients.js';
import type { FollowUp, FollowUpPolicy, NoticeKind, Who } from './request.js';
import { DEFAULT_FOLLOW_UP } from './request.js';

const SECOND = 1000;

export const followUpPolicy = (d: Draft): FollowUpPolicy => d.req.route.followUp ?? DEFAULT_FOLLOW_UP;

function setDeadline(d: Draft, seconds: number): void {
  d.req.nextDueAt = d.now + seconds * SECOND;
  d.actions.push({ type: 'schedule', at: d.req.nextDueAt, attempt: d.req.position.attempt });
}

/** Each follow-up step takes a new attempt number, so its timer and notices are told apart from earlier ones. */
function nextAttempt(d: Draft): number {
  d.req.position = { ...d.req.position, attempt: d.req.position.attempt + 1 };
  return d.req.position.attempt;
}

/** On acceptance: the acceptor has contactWithinSeconds to record the call back. */
export function startFollowUp(d: Draft, acceptedWhile: FollowUp['acceptedWhile']): void {
  d.req.followUp = { stage: 'contact', acceptedWhile, acceptedAt: d.now };
  setDeadline(d, followUpPolicy(d).contactWithinSeconds);
}

/** "Contacted the caller": the acceptor now has resolveWithinSeconds to close it. */
export function markContacted(d: Draft, followUp: FollowUp): void {
  d.req.followUp = { ...followUp, stage: 'resolve', contactedAt: d.now };
  setDeadline(d, followUpPolicy(d).resolveWithinSeconds);
}

/** A notice is pending like a page until the provider accepts it; it asks nothing, so nobody awaits it. */
export function sendNotice(d: Draft, who: Who, notice: NoticeKind): void {
  const recipient = findRecipient(d.req.route, who);
  const attempt = d.req.position.attempt;
  if (!recipient) {
    d.actions.push({ type: 'alert_ops', reason: `notice_recipient_unknown:${notice}` });
    return;
  }
  const to = whoOf(recipient);
  const channels = usableChannels(recipient, d.req.brokenContacts);
  if (channels.length === 0) {
    log(d, { type: 'page_failed', who: to, attempt, notice, reason: 'no_usable_channel' });
    d.actions.push({ type: 'alert_ops', reason: `notice_undeliverable:${notice}` });
    return;
  }
  d.actions.push({ type: 'page', attempt, recipient, channels, level: null, round: null, retry: 0, notice });
  for (const channel of channels)
    (d.req.pending ??= []).push({ attempt, who: to, channel, retry: 0, notice, since: d.now });
}

/**
 * The acceptor is off the request (no call back in time, or handed back): they are not paged for it again,
 * and paging resumes where it stood, at the next level or, if accepted from the fallback repeat, with that.
 */
export function reopen(d: Draft, reason: 'not_contacted' | 'handed_back'): void {
  const req = d.req;
  const former = req.assignee;
  const from = req.followUp?.acceptedWhile ?? 'paging';
  const id = former?.clinicianId;
  if (id !== undefined && !req.declinedBy.includes(id)) req.declinedBy.push(id);
  if (former && id === undefined) req.passedOn = [...new Set([...(req.passedOn ?? []), whoKey(former)])];
  req.assignee = null;
  req.followUp = null;
  req.reopened = (req.reopened ?? 0) + 1;
  d.actions.push({ type: 'notify_requester', status: 'reopened' });
  if (from === 'unanswered') {
    req.status = 'unanswered';
    pageFallback(d);
  } else {
    req.status = 'paging';
    moveOn(d, reason);
  }
}

/** A follow-up deadline passed: remind, reopen, or remind and alert the fallback contacts (and repeat). */
export function onFollowUpDue(d: Draft, assignee: Who): void {
  const req = d.req;
  const followUp: FollowUp = req.followUp ?? {
    stage: 'contact',
    acceptedWhile: 'paging',
    acceptedAt: req.createdAt,
  };
  const policy = followUpPolicy(d);
  switch (followUp.stage) {
    case 'contact':
      log(d, { type: 'contact_overdue', who: assignee, attempt: nextAttempt(d) });
      req.followUp = { ...followUp, stage: 'contact_reminded' };
      sendNotice(d, assignee, 'contact_reminder');
      setDeadline(d, policy.contactWithinSeconds);
      return;
    case 'contact_reminded':
      log(d, { type: 'reopened', who: assignee, reason: 'not_contacted' });
      reopen(d, 'not_contacted');
      sendNotice(d, assignee, 'passed_on');
      return;
    case 'resolve':
    case 'resolve_reminded': {
      log(d, { type: 'resolve_overdue', who: assignee, attempt: nextAttempt(d) });
      req.followUp = { ...followUp, stage: 'resolve_reminded' };
      sendNotice(d, assignee, 'resolve_reminder');
      const others = req.route.fallbackContacts.map(whoOf).filter((c) => !sameWho(c, assignee));
      if (others.length === 0) d.actions.push({ type: 'alert_ops', reason: 'contacted_request_still_open' });
      for (const contact of others) sendNotice(d, contact, 'still_open');
      setDeadline(d, policy.resolveWithinSeconds);
    }
  }
}
