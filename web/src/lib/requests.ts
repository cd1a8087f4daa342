// Requests as the hotline reads them: the request object, the queue's summaries, and their status in the
// words a hotline worker uses on the phone ("Accepted by Femi Adeyemi, not yet called back, 4 min").
import type { Service, Who } from './api.js';
import { minutesAgo, minutesSince } from './time.js';

export type Status = 'paging' | 'unanswered' | 'acknowledged' | 'contacted' | 'resolved' | 'cancelled';
export type Outcome = 'safe_plan' | 'referred_emergency' | 'referred_service' | 'no_contact' | 'other';
export type Notice = 'contact_reminder' | 'resolve_reminder' | 'passed_on' | 'still_open';

export interface TimelineEntry {
  at: string;
  type: string;
  who?: Who;
  role?: string;
  channel?: string;
  via?: string;
  attempt?: number;
  level?: number;
  round?: number;
  reason?: string;
  note?: string;
  outcome?: Outcome;
  notice?: Notice;
  serviceId?: string;
  omitted?: number;
}

/** A row of the queue (GET …/requests): no summary, no callback number, no timeline. */
export interface RequestSummary {
  requestId: string;
  reference: string;
  serviceId: string;
  routedServiceId: string;
  serviceName?: string;
  urgency: 'emergency' | 'urgent';
  status: Status;
  level: number;
  round: number;
  assignee: Who | null;
  createdAt: string;
  nextEscalationAt: string | null;
  /** Who is being paged now (names only); older listings may lack it. */
  paging?: Who[];
  acknowledgedAt?: string | null;
  contactedAt?: string | null;
}

/** The request object (GET …/requests/{id}). */
export interface RequestView extends RequestSummary {
  paging: Who[];
  nextFollowUpAt?: string | null;
  reopened?: number;
  emergencyProtocol?: string;
  timeline: TimelineEntry[];
}

export const OPEN_STATUSES: readonly Status[] = ['unanswered', 'paging', 'acknowledged', 'contacted'];
export const isOpen = (status: Status) => OPEN_STATUSES.includes(status);
/** Someone is being paged: a countdown to the next escalation runs. */
export const isPaging = (status: Status) => status === 'paging' || status === 'unanswered';

/** The queue's order: what needs the hotline most first. */
export const STATUS_RANK: Record<Status, number> = {
  unanswered: 0,
  paging: 1,
  acknowledged: 2,
  contacted: 3,
  resolved: 4,
  cancelled: 5,
};

/** The pill: one or two words. */
export const STATUS_LABEL: Record<Status, string> = {
  paging: 'Paging',
  unanswered: 'Unanswered',
  acknowledged: 'Accepted',
  contacted: 'Called back',
  resolved: 'Resolved',
  cancelled: 'Cancelled',
};

export const OUTCOME_WORDS: Record<Outcome, string> = {
  safe_plan: 'safe plan agreed',
  referred_emergency: 'referred to emergency services',
  referred_service: 'referred to a service',
  no_contact: 'could not reach the caller',
  other: 'other',
};

const since = (iso: string | null | undefined, now: number | null) =>
  iso && now !== null ? now - Date.parse(iso) : null;

export function pagingNames(request: RequestSummary): string {
  return (request.paging ?? []).map((who) => who.name).join(', ');
}

/** "Level 2 of 2", "Level 1 of 2, round 2 of 2" as far as the service's policy is known. */
export function levelText(request: RequestSummary, service: Service | undefined): string {
  if (request.status === 'unanswered') return 'Fallback contacts';
  const levels = service?.escalation.levels.length;
  const rounds = service ? service.escalation.repeat + 1 : undefined;
  let text = `Level ${request.level + 1}${levels ? ` of ${levels}` : ''}`;
  if (rounds && rounds > 1) text += `, round ${request.round + 1} of ${rounds}`;
  return text;
}

/**
 * Why paging runs again on a request someone had accepted: the latest 'reopened' or 'handed_back' entry,
 * when no acceptance came after it. In words, without the final full stop.
 */
export function passedOn(timeline: readonly TimelineEntry[] | undefined): string | null {
  for (const entry of [...(timeline ?? [])].reverse()) {
    if (entry.type === 'acknowledged') return null;
    const who = entry.who?.name ?? 'The clinician';
    if (entry.type === 'reopened') return `Passed on: ${who} did not record a call back in time`;
    if (entry.type === 'handed_back')
      return `Handed back by ${who}${entry.reason ? `: ${entry.reason.trim().replace(/[.;\s]+$/, '')}` : ''}`;
  }
  return null;
}

/** The latest entry of `type`; a full view has them even where a field (acknowledgedAt) is missing. */
function latest(timeline: readonly TimelineEntry[] | undefined, type: string): TimelineEntry | undefined {
  return [...(timeline ?? [])].reverse().find((entry) => entry.type === type);
}

/**
 * The status as a sentence, with the minutes that matter (since accepted, since called back). Works on a
 * queue row too: what a row does not carry (timeline, acceptance times) is left out, never guessed.
 * `now` null leaves the minutes out (for a live region, which should speak when the status changes only).
 */
export function statusInWords(
  request: RequestSummary & { timeline?: TimelineEntry[] },
  now: number | null,
  service?: Service,
): string {
  const who = request.assignee?.name ?? 'A clinician';
  const names = pagingNames(request);
  switch (request.status) {
    case 'paging': {
      const reopened = passedOn(request.timeline);
      const level = levelText(request, service).toLowerCase();
      const target = names ? `${names}, ${level}` : level;
      return reopened ? `${reopened}; paging ${target}.` : `Paging ${target}. Waiting for them to accept.`;
    }
    case 'unanswered': {
      const reopened = passedOn(request.timeline);
      const fallback = `Paging the fallback contacts${names ? `: ${names}` : ''}.`;
      return `${reopened ? `${reopened}; nobody` : 'Nobody'} has accepted yet. ${fallback}`;
    }
    case 'acknowledged': {
      const waiting = since(request.acknowledgedAt ?? latest(request.timeline, 'acknowledged')?.at, now);
      return `Accepted by ${who}, not yet called back${waiting === null ? '' : `, ${minutesSince(waiting)}`}`;
    }
    case 'contacted': {
      const ago = since(request.contactedAt ?? latest(request.timeline, 'contacted')?.at, now);
      return `${who} called the caller back${ago === null ? '' : ` ${minutesAgo(ago)}`}; not resolved yet`;
    }
    case 'resolved': {
      const entry = latest(request.timeline, 'resolved');
      const by = entry?.who?.name ?? request.assignee?.name;
      const outcome = entry?.outcome ? ` (${OUTCOME_WORDS[entry.outcome] ?? entry.outcome})` : '';
      return `Resolved${by ? ` by ${by}` : ''}${outcome}`;
    }
    case 'cancelled':
      return 'Cancelled. Nobody is being paged.';
  }
}
