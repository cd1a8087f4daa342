// A page that could not be delivered. Permanent failures (opted out, invalid number) mark the contact
// broken and, once nobody of the current page can be reached, move on at once instead of waiting out the
// timeout. Transient ones are resent up to MAX_SEND_RETRIES times first.
import { begin, finish, log } from './draft.js';
import type { Decision, RequestEvent } from './events.js';
import { moveOn } from './paging.js';
import { channelKey, findRecipient, whoKey, whoOf } from './recipients.js';
import type { CrisisRequest, TimelineEntry } from './request.js';
import { isClosedStatus, isPagingStatus } from './request.js';

/** Re-attempts of a page that failed for a passing reason (throttling, 5xx) before it counts as undeliverable. */
export const MAX_SEND_RETRIES = 3;

/**
 * Backoff before re-attempt `retry` (1-based): 5 s, 10 s, 20 s. The three span 35 s, so an SNS throttling
 * burst of half a minute still reaches the person on call instead of burning the chain in seconds.
 */
export const resendDelayMs = (retry: number) => 2500 * 2 ** retry;

type SendFailed = Extract<RequestEvent, { type: 'send_failed' }>;

function samePage(e: TimelineEntry, event: SendFailed, retry: number): boolean {
  return (
    e.attempt === event.attempt &&
    e.channel === event.channel &&
    (e.retry ?? 0) === retry &&
    e.who !== undefined &&
    whoKey(e.who) === whoKey(event.to)
  );
}

export function onSendFailed(request: CrisisRequest, event: SendFailed, now: number): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  const retry = event.retry ?? 0;
  // Only failures of sends we recorded count: the timeline is the record of every page (SNS keeps none).
  const sent = request.timeline.find((e) => e.type === 'page_sent' && samePage(e, event, retry));
  if (sent === undefined) {
    const known = event.attempt <= request.position.attempt;
    return { unchanged: true, reason: known ? 'unknown_page' : 'unknown_attempt' };
  }
  if (request.timeline.some((e) => e.type === 'page_failed' && samePage(e, event, retry))) {
    return { unchanged: true, reason: 'duplicate' };
  }

  const d = begin(request, now);
  const who = whoOf(event.to);
  const key = channelKey(event.channel, who);
  const current = event.attempt === request.position.attempt && isPagingStatus(request.status);
  const place = { ...(sent.level !== undefined && { level: sent.level, round: sent.round }) };
  log(d, {
    type: 'page_failed',
    who,
    channel: event.channel,
    attempt: event.attempt,
    ...place,
    ...(retry > 0 && { retry }),
    reason: `send_failed:${event.code}`,
  });

  if (event.permanent) {
    const id = who.clinicianId;
    const known = d.req.brokenContacts.some((b) => b.clinicianId === id && b.channel === event.channel);
    if (id !== undefined && !known) {
      d.req.brokenContacts.push({ clinicianId: id, channel: event.channel });
      d.actions.push({ type: 'mark_contact_broken', clinicianId: id, channel: event.channel });
    }
    d.actions.push({ type: 'alert_ops', reason: `contact_broken:${event.code}` });
  }

  const recipient = findRecipient(request.route, who);
  const resend = !event.permanent && retry < MAX_SEND_RETRIES && current && request.awaiting.includes(key);
  if (resend && recipient !== undefined) {
    d.actions.push({
      type: 'page',
      attempt: event.attempt,
      recipient,
      channels: [event.channel],
      level: sent.level ?? null,
      round: sent.round ?? null,
      retry: retry + 1,
    });
    log(d, {
      type: 'page_sent',
      who,
      channel: event.channel,
      attempt: event.attempt,
      ...place,
      retry: retry + 1,
    });
  } else if (current) {
    d.req.awaiting = d.req.awaiting.filter((k) => k !== key);
    if (d.req.status === 'paging' && d.req.awaiting.length === 0) moveOn(d, `send_failed:${event.code}`);
  }
  return finish(d);
}
