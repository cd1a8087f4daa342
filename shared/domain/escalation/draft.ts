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
  return { unchanged: false, request: { ...d.req, version: d.req.version + 1 }, actions: d.actions };
}

/** Where the current page sits in the route; fallback pages of an unanswered request have no level. */
export function placeOf(d: Draft): { level?: number; round?: number } {
  return d.req.status === 'paging' ? { level: d.req.position.level, round: d.req.position.round } : {};
}
