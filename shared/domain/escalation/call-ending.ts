// A call the provider started can still miss the person: busy, no answer, a failed call, or answered with no
// key pressed (a voicemail, a phone put down). Its end is recorded like a refused page: the call stops
// counting for the wake-up, and when it was the last channel of the current page, paging moves on at once
// instead of waiting out the level's timeout. The other channels of the page (SMS, push) still stand.
import { begin, finish, log } from './draft.js';
import type { Decision } from './events.js';
import { channelKey, sameWho, whoOf } from './recipients.js';
import { stopAwaiting } from './send-failure.js';
import type { CrisisRequest, TimelineEntry, Who } from './request.js';
import { isClosedStatus, isPagingStatus } from './request.js';

export const CALL_ENDINGS = ['busy', 'no_answer', 'failed', 'no_keypress'] as const;
export type CallEnding = (typeof CALL_ENDINGS)[number];

const REASON_PREFIX = 'call_ended:';

const isCallOf = (e: TimelineEntry, attempt: number, to: Who) =>
  e.channel === 'voice' && e.attempt === attempt && e.notice === undefined && !!e.who && sameWho(e.who, to);

export function onCallEnded(
  request: CrisisRequest,
  event: { attempt: number; to: Who; ending: CallEnding },
  now: number,
): Decision {
  if (isClosedStatus(request.status)) return { unchanged: true, reason: 'closed' };
  const { attempt, to, ending } = event;
  const call = request.timeline.findLast((e) => e.type === 'page_sent' && isCallOf(e, attempt, to));
  if (!call) return { unchanged: true, reason: 'unknown_page' };
  const recorded = request.timeline.some(
    (e) => e.type === 'page_failed' && isCallOf(e, attempt, to) && e.reason?.startsWith(REASON_PREFIX),
  );
  if (recorded) return { unchanged: true, reason: 'duplicate' };
  // Someone answered meanwhile (this person by another channel, or another person): the call no longer matters.
  if (!isPagingStatus(request.status) || attempt !== request.position.attempt)
    return { unchanged: true, reason: 'not_paging' };

  const d = begin(request, now);
  const who = whoOf(to);
  const reason = `${REASON_PREFIX}${ending}`;
  log(d, {
    type: 'page_failed',
    who,
    channel: 'voice',
    attempt,
    ...(call.level !== undefined && { level: call.level, round: call.round }),
    reason,
  });
  const key = channelKey('voice', who);
  if (d.req.awaiting.includes(key)) stopAwaiting(d, key, reason);
  return finish(d);
}
