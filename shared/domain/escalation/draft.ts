// A working copy of the request for one decision: timeline entries and actions accumulate, then `finish`
// bumps the version once. The input request is never mutated (callers may hold it frozen).
import type { Action, Decision } from './events.js';
import { noticeMatters } from './notice-rules.js';
import type { CrisisRequest, PendingPage, TimelineEntry } from './request.js';

export interface Draft {
  req: CrisisRequest;
  actions: Action[];
  now: number;
}

export function begin(request: CrisisRequest, now: number): Draft {
  const req: CrisisRequest = {
    ...request,
    position: { ...request.position },
    declinedBy: [...request.declinedBy],
    paged: [...request.paged],
    awaiting: [...request.awaiting],
    brokenContacts: [...request.brokenContacts],
    ...(request.passedOn && { passedOn: [...request.passedOn] }),
    pending: [...(request.pending ?? [])],
    timeline: [...request.timeline],
  };
  return { req, actions: [], now };
}

export function log(d: Draft, entry: Omit<TimelineEntry, 'at'>): void {
  d.req.timeline.push({ at: d.now, ...entry });
}

export function finish(d: Draft): Decision {
  dropMootPages(d);
  const timeline = compactTimeline(d.req.timeline, d.now);
  return {
    unchanged: false,
    request: { ...d.req, timeline, version: d.req.version + 1 },
    actions: d.actions,
  };
}

/** Kept in step with PENDING_STALE_MS (delivery.ts imports this module, so the value lives here). */
export const STALE_AFTER_MS = 5_000;

/**
 * Pending pages that can no longer matter (an older attempt, or a request nobody is paged for any more)
 * leave the state: a waiting re-attempt silently (its failure is on the timeline), one whose sender went
 * quiet with a 'page_unconfirmed' entry, since nobody knows whether it left. A younger one stays: its
 * sender may still report it.
 */
function dropMootPages(d: Draft): void {
  const req = d.req;
  if (!req.pending?.length) return;
  const live = (p: PendingPage) =>
    p.notice !== undefined
      ? noticeMatters(req, p.notice, p.who)
      : (req.status === 'paging' || req.status === 'unanswered') && p.attempt === req.position.attempt;
  req.pending = req.pending.filter((p) => {
    if (live(p)) return true;
    if (p.since === undefined) return false;
    if (p.since > d.now - STALE_AFTER_MS) return true;
    log(d, {
      type: 'page_unconfirmed',
      who: p.who,
      channel: p.channel,
      attempt: p.attempt,
      ...(p.level !== undefined && { level: p.level, round: p.round }),
      ...(p.retry > 0 && { retry: p.retry }),
      ...(p.notice && { notice: p.notice }),
      reason: 'no_answer_from_provider',
    });
    return false;
  });
}

// An unanswered request pages its fallback contacts until someone answers, possibly for days, and the
// request is one DynamoDB item (400 KB). So past MAX entries the middle of the timeline, which by then is
// repeats of the same fallback page, is folded into one 'compacted' entry; the start and the latest stay.
export const TIMELINE_MAX = 400;
const TIMELINE_HEAD = 250;
const TIMELINE_TAIL = 120;

export function compactTimeline(timeline: TimelineEntry[], now: number): TimelineEntry[] {
  if (timeline.length <= TIMELINE_MAX) return timeline;
  const keep = TIMELINE_HEAD - 1;
  const marker = timeline[keep];
  // A marker from an earlier compaction sits right after the kept head: fold its count into the new one.
  const earlier = marker?.type === 'compacted' ? (marker.omitted ?? 0) : 0;
  const dropped = timeline.slice(marker?.type === 'compacted' ? keep + 1 : keep, -TIMELINE_TAIL).length;
  const omitted = earlier + dropped;
  return [
    ...timeline.slice(0, keep),
    {
      at: now,
      type: 'compacted',
      omitted,
      reason: `${omitted} earlier entries (repeated fallback pages) omitted`,
    },
    ...timeline.slice(-TIMELINE_TAIL),
  ];
}

/** Where the current page sits in the route; fallback pages of an unanswered request have no level. */
export function placeOf(d: Draft): { level?: number; round?: number } {
  return d.req.status === 'paging' ? { level: d.req.position.level, round: d.req.position.round } : {};
}
