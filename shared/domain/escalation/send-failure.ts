// A page that could not be delivered. Permanent failures (opted out, invalid number) mark the contact
// broken and, once nobody of the current page can be reached, move on at once instead of waiting out the
// timeout. Transient ones are re-attempted up to MAX_SEND_RETRIES times first.
import type { Draft } from './draft.js';
import { log } from './draft.js';
import type { DeliveryResult } from './events.js';
import { noticeMatters } from './notice-rules.js';
import { moveOn } from './paging.js';
import { channelKey, findRecipient, whoOf } from './recipients.js';
import type { PendingPage } from './request.js';
import { isPagingStatus } from './request.js';

/** Re-attempts of a page that failed for a passing reason (throttling, 5xx) before it counts as undeliverable. */
export const MAX_SEND_RETRIES = 3;

/**
 * Backoff before re-attempt `retry` (1-based): 5 s, 10 s, 20 s. The three span 35 s, so an SNS throttling
 * burst of half a minute still reaches the person on call instead of burning the chain in seconds.
 */
export const resendDelayMs = (retry: number) => 2500 * 2 ** retry;

type Failed = DeliveryResult & { outcome: 'failed' };

/** Records one refused page that was pending, and decides what follows: a re-attempt, or moving on. */
export function recordFailure(d: Draft, failure: Failed, page: PendingPage): void {
  const who = whoOf(failure.to);
  const { attempt, channel, retry } = failure;
  const key = channelKey(channel, who);
  const { notice } = page;
  // A notice asks for no answer: its failure is re-attempted while it matters, and never moves the request on.
  const current = notice === undefined && attempt === d.req.position.attempt && isPagingStatus(d.req.status);
  const place = { ...(page.level !== undefined && { level: page.level, round: page.round }) };
  log(d, {
    type: 'page_failed',
    who,
    channel,
    attempt,
    ...place,
    ...(retry > 0 && { retry }),
    ...(notice && { notice }),
    reason: `send_failed:${failure.code}`,
  });

  if (failure.permanent) {
    const id = who.clinicianId;
    const known = d.req.brokenContacts.some((b) => b.clinicianId === id && b.channel === channel);
    if (id !== undefined && !known) {
      d.req.brokenContacts.push({ clinicianId: id, channel });
      d.actions.push({ type: 'mark_contact_broken', clinicianId: id, channel });
    }
    d.actions.push({ type: 'alert_ops', reason: `contact_broken:${failure.code}` });
  }

  const matters =
    notice !== undefined ? noticeMatters(d.req, notice, who) : current && d.req.awaiting.includes(key);
  const resend =
    !failure.permanent &&
    retry < MAX_SEND_RETRIES &&
    matters &&
    findRecipient(d.req.route, who) !== undefined;
  if (resend) {
    // Pending again, taken by whoever comes first once it is due: the timer below, or the sweeper.
    const notBefore = d.now + resendDelayMs(retry + 1);
    (d.req.pending ??= []).push({
      attempt,
      who,
      channel,
      retry: retry + 1,
      ...place,
      ...(notice && { notice }),
      notBefore,
    });
    d.actions.push({ type: 'schedule', at: notBefore, attempt });
  } else if (current) {
    stopAwaiting(d, key, `send_failed:${failure.code}`);
  }
}

/** A channel of the current page that can no longer wake its person: once none is left, paging moves on. */
export function stopAwaiting(d: Draft, key: string, reason: string): void {
  d.req.awaiting = d.req.awaiting.filter((k) => k !== key);
  if (d.req.status === 'paging' && d.req.awaiting.length === 0) moveOn(d, reason);
}
