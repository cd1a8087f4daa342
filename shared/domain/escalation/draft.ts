// A working copy of the request for one decision: timeline entries and actions accumulate, then `finish`
// bumps the version once. The input request is never mutated (callers may hold it frozen).
import type { Action, Decision } from './events.js';
import type { CrisisRequest, TimelineEntry } from './request.js';

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
    timeline: [...request.timeline],
  };
  return { req, actions: [], now };
}

export function log(d: Draft, entry: Omit<TimelineEntry, 'at'>): void {
  d.req.timeline.push({ at: d.now, ...entry });
}

export function finish(d: Draft): Decision {
  const timeline = compactTimeline(d.req.timeline, d.now);
  return {
    unchanged: false,
    request: { ...d.req, timeline, version: d.req.version + 1 },
    actions: d.actions,
  };
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
