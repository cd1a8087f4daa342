// What people do with a request: acknowledge, decline, record the call back, hand back, resolve, cancel.
import { begin, finish, log, placeOf } from './draft.js';
import type { Conflict, Decision, RequestEvent } from './events.js';
import { markContacted, reopen, startFollowUp } from './follow-up.js';
import { moveOn } from './paging.js';
import { channelKey, sameWho, whoKey, whoOf } from './recipients.js';
import type { CrisisRequest, Who } from './request.js';
import { isAcceptedStatus, isClosedStatus } from './request.js';
import { CONTACT_CHANNELS } from '../model.js';

const MAX_TEXT = 500;
/** The resolve note is the clinician's record of the outcome: longer than a reason. */
export const MAX_NOTE = 2000;

function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : text.slice(0, max);
}

function conflictWith(request: CrisisRequest, caller: Who): Conflict | undefined {
  const assignee = request.assignee;
  if (assignee === null) return undefined;
  const acked = request.timeline.findLast((e) => e.type === 'acknowledged');
  return { acknowledgedBy: assignee, acknowledgedAt: acked?.at ?? null, byCaller: sameWho(assignee, caller) };
}

/**
 * First ack wins. An ack for an earlier page still counts while the request is open: whoever answers a
 * crisis page late is still someone answering. Whether the caller may ack at all is the use case's check.
 */
export function onAck(
  request: CrisisRequest,
  event: Extract<RequestEvent, { type: 'ack' }>,
  now: number,
): Decision {
  const conflict = conflictWith(request, event.by);
  if (isClosedStatus(request.status))
    return { unchanged: true, reason: 'closed', ...(conflict && { conflict }) };
  if (isAcceptedStatus(request.status)) {
    return { unchanged: true, reason: 'already_acknowledged', ...(conflict && { conflict }) };
  }
  if (event.attempt !== undefined && event.attempt > request.position.attempt) {
    return { unchanged: true, reason: 'unknown_attempt' };
  }
  const d = begin(request, now);
  const who = whoOf(event.by);
  d.req.status = 'acknowledged';
  d.req.assignee = who;
  d.req.awaiting = [];
  log(d, {
    type: 'acknowledged',
    who,
    attempt: event.attempt ?? request.position.attempt,
    ...(event.via && { via: event.via }),
  });
  startFollowUp(d, request.status === 'unanswered' ? 'unanswered' : 'paging');
  d.actions.push({ type: 'notify_requester', status: 'acknowledged' });
  return finish(d);
}

/**
 * A decline from someone paged by the current attempt. When nobody of that page can still answer, the
 * request moves on at once; otherwise the others keep their chance until the timeout. Decliners are not
 * paged again on later levels or rounds. While unanswered nothing moves: the fallback repeat goes on.
 */
export function onDecline(
  request: CrisisRequest,
  event: Extract<RequestEvent, { type: 'decline' }>,
  now: number,
): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  if (isAcceptedStatus(request.status)) {
    const conflict = conflictWith(request, event.by);
    return { unchanged: true, reason: 'already_acknowledged', ...(conflict && { conflict }) };
  }
  const attempt = request.position.attempt;
  if (event.attempt !== undefined && event.attempt !== attempt) {
    return { unchanged: true, reason: event.attempt < attempt ? 'stale_attempt' : 'unknown_attempt' };
  }
  const key = whoKey(event.by);
  if (!request.paged.some((p) => whoKey(p) === key))
    return { unchanged: true, reason: 'not_current_recipient' };
  const already = request.timeline.some(
    (e) => e.type === 'declined' && e.attempt === attempt && e.who !== undefined && whoKey(e.who) === key,
  );
  if (already) return { unchanged: true, reason: 'duplicate' };

  const d = begin(request, now);
  const who = whoOf(event.by);
  log(d, { type: 'declined', who, attempt, ...placeOf(d), ...(event.via && { via: event.via }) });
  if (who.clinicianId !== undefined && !d.req.declinedBy.includes(who.clinicianId)) {
    d.req.declinedBy.push(who.clinicianId);
  }
  const theirs = new Set(CONTACT_CHANNELS.map((channel) => channelKey(channel, who)));
  d.req.awaiting = d.req.awaiting.filter((k) => !theirs.has(k));
  if (d.req.status === 'paging' && d.req.awaiting.length === 0) moveOn(d, 'declined');
  return finish(d);
}

type AcceptedCheck = { ok: true; assignee: Who } | { ok: false; decision: Decision };

/** Only the person who accepted may act on an accepted request. */
function checkAssignee(request: CrisisRequest, by: Who): AcceptedCheck {
  if (isClosedStatus(request.status)) return { ok: false, decision: { unchanged: true, reason: 'closed' } };
  if (!isAcceptedStatus(request.status) || request.assignee === null)
    return { ok: false, decision: { unchanged: true, reason: 'not_acknowledged' } };
  if (!sameWho(request.assignee, by))
    return { ok: false, decision: { unchanged: true, reason: 'not_assignee' } };
  return { ok: true, assignee: request.assignee };
}

/** "Contacted the caller": the resolve deadline starts. Saying it twice changes nothing. */
export function onContacted(
  request: CrisisRequest,
  event: Extract<RequestEvent, { type: 'contacted' }>,
  now: number,
): Decision {
  const check = checkAssignee(request, event.by);
  if (!check.ok) return check.decision;
  if (request.status === 'contacted') return { unchanged: true, reason: 'already_contacted' };
  const d = begin(request, now);
  d.req.status = 'contacted';
  log(d, { type: 'contacted', who: check.assignee, ...(event.via && { via: event.via }) });
  markContacted(d, request.followUp ?? { stage: 'contact', acceptedWhile: 'paging', acceptedAt: now });
  d.actions.push({ type: 'notify_requester', status: 'contacted' });
  return finish(d);
}

/** "Couldn't take it after all": back to paging at the next level at once, with the reason on the timeline. */
export function onHandback(
  request: CrisisRequest,
  event: Extract<RequestEvent, { type: 'handback' }>,
  now: number,
): Decision {
  const check = checkAssignee(request, event.by);
  if (!check.ok) return check.decision;
  const d = begin(request, now);
  log(d, {
    type: 'handed_back',
    who: check.assignee,
    reason: clip(event.reason),
    ...(event.via && { via: event.via }),
  });
  reopen(d, 'handed_back');
  return finish(d);
}

/** Only the person who accepted closes it, with an outcome; from acknowledged (e.g. no contact) or contacted. */
export function onResolve(
  request: CrisisRequest,
  event: Extract<RequestEvent, { type: 'resolve' }>,
  now: number,
): Decision {
  const check = checkAssignee(request, event.by);
  if (!check.ok) return check.decision;
  const d = begin(request, now);
  d.req.status = 'resolved';
  d.req.nextDueAt = null;
  d.req.followUp = null;
  log(d, {
    type: 'resolved',
    who: check.assignee,
    outcome: event.outcome,
    ...(event.note !== undefined && { note: clip(event.note, MAX_NOTE) }),
    ...(event.via && { via: event.via }),
  });
  return finish(d);
}

/** Requester or admin withdraws a request that is not closed yet (acknowledged ones too). */
export function onCancel(
  request: CrisisRequest,
  event: Extract<RequestEvent, { type: 'cancel' }>,
  now: number,
): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  const d = begin(request, now);
  d.req.status = 'cancelled';
  d.req.nextDueAt = null;
  d.req.followUp = null;
  d.req.awaiting = [];
  log(d, {
    type: 'cancelled',
    who: { name: event.by.name },
    role: event.by.role,
    reason: clip(event.reason),
  });
  return finish(d);
}
