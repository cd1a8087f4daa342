// Sending a page and moving along the frozen route: level by level, round by round, then unanswered with
// the fallback contacts paged again every fallbackRepeatSeconds. Nothing here ever leaves a paging request
// without a due time: that is what keeps a request from going silent.
import type { Draft } from './draft.js';
import { log } from './draft.js';
import {
  channelKey,
  distinctRecipients,
  routeClinicians,
  usableChannels,
  whoKey,
  whoOf,
} from './recipients.js';
import type { ContactChannel } from '../model.js';
import type { Recipient, RouteLevel } from './request.js';

const SECOND = 1000;

/**
 * Who on this level may be paged now: not declined earlier in this request. The level counts only if one of
 * them still has a working channel; the unreachable others get a 'page_failed' entry when it is paged.
 */
function candidates(d: Draft, level: RouteLevel): Recipient[] {
  const open = distinctRecipients(level.recipients).filter(
    (r) => !(r.kind === 'clinician' && d.req.declinedBy.includes(r.clinicianId)),
  );
  return open.some((r) => usableChannels(r, d.req.brokenContacts).length > 0) ? open : [];
}

/** Opens a new attempt: one page action per recipient, all sharing the attempt number, and its timer. */
function openPage(
  d: Draft,
  recipients: readonly Recipient[],
  place: { level: number; round: number } | null,
  waitSeconds: number,
): number {
  const req = d.req;
  const attempt = req.position.attempt + 1;
  req.position = place ? { ...place, attempt } : { ...req.position, attempt };
  req.paged = [];
  req.awaiting = [];
  let sent = 0;
  for (const recipient of distinctRecipients(recipients)) {
    const who = whoOf(recipient);
    const channels = usableChannels(recipient, req.brokenContacts);
    if (channels.length === 0) {
      log(d, { type: 'page_failed', who, attempt, ...place, reason: 'no_usable_channel' });
      continue;
    }
    sent++;
    req.paged.push(who);
    const delayOf = (channel: ContactChannel) =>
      recipient.kind === 'clinician' ? (recipient.delays?.[channel] ?? 0) : 0;
    const now = channels.filter((channel) => delayOf(channel) <= 0);
    if (now.length > 0)
      d.actions.push({
        type: 'page',
        attempt,
        recipient,
        channels: now,
        level: place?.level ?? null,
        round: place?.round ?? null,
        retry: 0,
      });
    for (const channel of channels) {
      req.awaiting.push(channelKey(channel, who));
      const delay = delayOf(channel);
      // Pending, not sent: the timeline says 'page_sent' only once the provider has accepted it. A channel
      // the person's rules try later waits for its time like a re-attempt: an answer meanwhile cancels it.
      (req.pending ??= []).push(
        delay > 0
          ? { attempt, who, channel, retry: 0, ...place, notBefore: d.now + delay * SECOND }
          : { attempt, who, channel, retry: 0, ...place, since: d.now },
      );
      if (delay > 0) d.actions.push({ type: 'schedule', at: d.now + delay * SECOND, attempt });
    }
  }
  req.nextDueAt = d.now + waitSeconds * SECOND;
  d.actions.push({ type: 'schedule', at: req.nextDueAt, attempt });
  return sent;
}

/**
 * Pages the first level at or after `from` that has someone to page, logging the levels skipped on the way.
 * `reason` is why we move (null for the first page); when the route is used up the request goes unanswered.
 */
export function pageFrom(d: Draft, from: { round: number; level: number }, reason: string | null): void {
  const { levels, repeat } = d.req.route;
  let { round, level } = from;
  while (round <= repeat) {
    const current = levels[level];
    if (current === undefined) {
      round++;
      level = 0;
      continue;
    }
    const recipients = candidates(d, current);
    if (recipients.length > 0) {
      if (reason !== null) log(d, { type: 'escalated', level, round, reason });
      openPage(d, recipients, { level, round }, current.ackTimeoutSeconds);
      return;
    }
    const skip =
      current.skipReason ?? (current.recipients.length === 0 ? 'no_recipients' : 'no_pageable_recipients');
    log(d, { type: 'level_skipped', level, round, reason: skip });
    level++;
  }
  goUnanswered(d, reason ?? (levels.length === 0 ? 'no_levels' : 'no_pageable_recipients'));
}

/** The current page is over (timeout, declined, undeliverable): on to the next level at once. */
export function moveOn(d: Draft, reason: string): void {
  const { round, level } = d.req.position;
  pageFrom(d, { round, level: level + 1 }, reason);
}

function goUnanswered(d: Draft, reason: string): void {
  d.req.status = 'unanswered';
  log(d, { type: 'unanswered', reason });
  d.actions.push({ type: 'notify_requester', status: 'unanswered' });
  pageFallback(d);
}

/**
 * Pages the clinic's fallback contacts (again). With no fallback contacts at all, every clinician of the
 * route is paged instead, decliners included: a clinician who said no beats silence. If even that reaches
 * nobody, ops are alerted, and the timer still runs so the alert repeats.
 */
export function pageFallback(d: Draft): void {
  const { fallbackContacts, fallbackRepeatSeconds } = d.req.route;
  const all = fallbackContacts.length > 0 ? fallbackContacts : routeClinicians(d.req.route);
  // A fallback contact who was passed on or handed it back is left out while anyone else can be paged.
  const passedOn = d.req.passedOn ?? [];
  const others = all.filter((r) => !passedOn.includes(whoKey(whoOf(r))));
  const recipients = others.length > 0 ? others : all;
  const sent = openPage(d, recipients, null, fallbackRepeatSeconds);
  if (sent === 0) d.actions.push({ type: 'alert_ops', reason: 'nobody_to_page' });
}
