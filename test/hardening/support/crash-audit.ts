// What the crash suite checks after every restart, from the outside only: the API's view of each request
// (status, next escalation, timeline) and the local outbox (what really left). Pure: no I/O here.
//
// An outbox message names its request by the reference in its text and its recipient by the phone. Its
// attempt: the one of the page_sent entry that carries its provider message id, when the timeline records
// ids; otherwise the latest attempt that paged that recipient at or before the message left (each
// attempt's opening step is on the timeline with the instant it was decided).

export interface TimelineView {
  at: string;
  type: string;
  who?: { clinicianId?: string; name: string };
  channel?: string;
  attempt?: number;
  retry?: number;
  /** The provider's id of the accepted message, where page_sent entries record it. */
  messageId?: string;
}

export interface RequestView {
  requestId: string;
  reference: string;
  status: string;
  nextEscalationAt: string | null;
  timeline: TimelineView[];
}

export interface OutboxMessage {
  to: string;
  purpose?: 'verification' | 'test';
  text: string;
  ackUrl: string;
  code: string;
  sentAt: string;
  /** The pager's id for the message (the outbox file keeps it; the HTTP listing does not show it). */
  messageId?: string;
}

export interface AuditedClinic {
  clinicId: string;
  /** clinicianId → phone; `primary` is who level 1 pages. */
  clinicianPhones: Record<string, string>;
  primary: string;
  /** fallback contact name → phone */
  fallbackPhones: Record<string, string>;
  /** Seconds between the steps of this clinic's requests (ack timeout = fallback repeat). */
  stepSeconds: number;
}

export interface AuditedRequest {
  clinic: AuditedClinic;
  key: string;
  requestId: string;
  /** The client saw a 202 for this key (before a kill, or on its retry). */
  accepted: boolean;
  view: RequestView | null;
}

export interface AuditOptions {
  /** When the request views were read (after the outbox). */
  now: number;
  /**
   * When the outbox was read (before the views, so every message's attempt is on its request's timeline).
   * Pages decided in the last second before it may still be on their way: not checked yet.
   */
  outboxAt: number;
  /** When each restart was ready (banner + health), ascending. */
  readyTimes: number[];
  /** Open with the next escalation further in the past than this counts as stuck. */
  stuckAfterMs?: number;
}

export interface Delay {
  requestId: string;
  what: string;
  ms: number;
}

export interface AuditResult {
  requests: number;
  lost: string[];
  stuck: string[];
  firstPageMissing: string[];
  /** page_sent entries with no message in the outbox: the timeline records a page that never left. */
  phantomPages: string[];
  /** Extra outbox messages for one (recipient, request, attempt). */
  duplicates: string[];
  /** Pages that left (outbox) with no page_sent entry for their attempt, or no attempt at all. */
  unrecorded: string[];
  /** Requests whose reference another request of the clinic shares: their pages cannot be told apart. */
  ambiguous: string[];
  /** First pages and timed steps that were due before a restart and ran after it: time after ready. */
  resumeDelays: Delay[];
  /** First pages and steps that no restart got in the way of: time after their due instant. */
  lateness: Delay[];
}

const OPEN = new Set(['paging', 'unanswered']);
const TOLERANCE_MS = 50;
const IN_FLIGHT_MS = 1000;

const ms = (iso: string) => Date.parse(iso);

function mentions(message: OutboxMessage, reference: string): boolean {
  const text = message.ackUrl ? message.text.replace(message.ackUrl, '') : message.text;
  return new RegExp(`(^|[^A-Za-z0-9])${reference}([^A-Za-z0-9]|$)`).test(text);
}

/** The latest restart ready at or before `t` (or -Infinity). */
function readyBefore(readyTimes: number[], t: number): number {
  let found = Number.NEGATIVE_INFINITY;
  for (const ready of readyTimes) if (ready <= t) found = ready;
  return found;
}

function phoneOf(clinic: AuditedClinic, who: TimelineView['who']): string | undefined {
  if (!who) return undefined;
  return who.clinicianId ? clinic.clinicianPhones[who.clinicianId] : clinic.fallbackPhones[who.name];
}

export function audit(
  requests: AuditedRequest[],
  outbox: OutboxMessage[],
  options: AuditOptions,
): AuditResult {
  const stuckAfter = options.stuckAfterMs ?? 15_000;
  const result: AuditResult = {
    requests: requests.length,
    lost: [],
    stuck: [],
    firstPageMissing: [],
    phantomPages: [],
    duplicates: [],
    unrecorded: [],
    ambiguous: [],
    resumeDelays: [],
    lateness: [],
  };
  const byPhone = new Map<string, OutboxMessage[]>();
  for (const m of outbox) byPhone.set(m.to, [...(byPhone.get(m.to) ?? []), m]);

  const references = new Map<string, number>();
  for (const r of requests)
    if (r.view) {
      const key = `${r.clinic.clinicId}#${r.view.reference}`;
      references.set(key, (references.get(key) ?? 0) + 1);
    }

  const timed = (requestId: string, what: string, due: number, done: number) => {
    const ready = readyBefore(options.readyTimes, done);
    if (due < ready) result.resumeDelays.push({ requestId, what, ms: done - ready });
    else result.lateness.push({ requestId, what, ms: done - due });
  };

  for (const r of requests) {
    const { view, clinic } = r;
    if (!view) {
      if (r.accepted) result.lost.push(`${r.requestId} (key ${r.key})`);
      continue;
    }
    if (OPEN.has(view.status)) {
      const next = view.nextEscalationAt === null ? null : ms(view.nextEscalationAt);
      if (next === null || options.now - next > stuckAfter)
        result.stuck.push(
          `${view.requestId} ${view.status}, next escalation ${view.nextEscalationAt ?? 'none'}`,
        );
    }
    if ((references.get(`${clinic.clinicId}#${view.reference}`) ?? 0) > 1) {
      result.ambiguous.push(`${view.requestId} (${view.reference})`);
      continue;
    }

    // When each attempt was decided: the earliest entry of the step that opened it. 'submitted' opens
    // attempt 1, a level's 'timeout' names the attempt that timed out (and is written by the step that opens
    // the next), 'fallback_repeat' names the attempt it opens. A 'page_sent' entry is written with the step
    // or, where pages stay pending until the provider accepts them, later: the minimum copes with both.
    const decidedAt = new Map<number, number>();
    const decided = (attempt: number, at: number) =>
      decidedAt.set(attempt, Math.min(decidedAt.get(attempt) ?? Infinity, at));
    for (const e of view.timeline) {
      if (e.type === 'submitted') decided(1, ms(e.at));
      else if (e.attempt !== undefined) decided(e.type === 'timeout' ? e.attempt + 1 : e.attempt, ms(e.at));
    }
    // Which attempts paged each phone (any page entry: sent, pending, failed, withheld), and which the
    // timeline says were sent.
    const pagedIn = new Map<string, Set<number>>();
    const sentTo = new Map<string, Array<{ attempt: number; entry: TimelineView }>>();
    for (const e of view.timeline) {
      if (!e.type.startsWith('page_') || e.attempt === undefined) continue;
      const phone = phoneOf(clinic, e.who);
      if (!phone) continue;
      pagedIn.set(phone, (pagedIn.get(phone) ?? new Set()).add(e.attempt));
      if (e.type === 'page_sent')
        sentTo.set(phone, [...(sentTo.get(phone) ?? []), { attempt: e.attempt, entry: e }]);
    }
    const phones = new Set([...pagedIn.keys(), ...Object.values(clinic.clinicianPhones)]);
    for (const p of Object.values(clinic.fallbackPhones)) phones.add(p);

    const delivered = new Map<string, OutboxMessage[]>(); // `${phone}#${attempt}`
    const deliver = (phone: string, attempt: number, m: OutboxMessage) =>
      delivered.set(`${phone}#${attempt}`, [...(delivered.get(`${phone}#${attempt}`) ?? []), m]);
    for (const phone of phones) {
      const mine = (byPhone.get(phone) ?? []).filter((m) => mentions(m, view.reference));
      // A page_sent entry that names its message settles that message's attempt.
      const byId = new Map<string, number>();
      for (const { attempt, entry } of sentTo.get(phone) ?? [])
        if (entry.messageId) byId.set(entry.messageId, attempt);
      const attempts = [...(pagedIn.get(phone) ?? [])].sort((a, b) => a - b);
      for (const m of mine) {
        const named = m.messageId === undefined ? undefined : byId.get(m.messageId);
        if (named !== undefined) {
          deliver(phone, named, m);
          continue;
        }
        const at = ms(m.sentAt);
        const attempt = attempts.filter((a) => (decidedAt.get(a) ?? Infinity) <= at + TOLERANCE_MS).pop();
        if (attempt === undefined)
          result.unrecorded.push(`${view.requestId}: message to ${phone} at ${m.sentAt}`);
        else deliver(phone, attempt, m);
      }
    }
    for (const [key, list] of delivered)
      if (list.length > 1)
        result.duplicates.push(
          `${view.requestId} attempt ${key.split('#')[1]} to ${key.split('#')[0]}: ${list.length} messages`,
        );
    const settled = (at: number) => at < options.outboxAt - IN_FLIGHT_MS;
    for (const [key, list] of delivered) {
      const [phone = '', attempt = ''] = key.split('#');
      const recorded = (sentTo.get(phone) ?? []).some((s) => String(s.attempt) === attempt);
      const first = list[0];
      if (!recorded && first && settled(ms(first.sentAt))) {
        const said = view.timeline
          .filter((e) => String(e.attempt) === attempt && phoneOf(clinic, e.who) === phone)
          .map((e) => e.type);
        result.unrecorded.push(
          `${view.requestId} attempt ${attempt} to ${phone}: left at ${first.sentAt}, timeline says ${said.join(', ') || 'nothing'}`,
        );
      }
    }
    for (const [phone, list] of sentTo)
      for (const { attempt, entry } of list) {
        const left = entry.messageId
          ? (delivered.get(`${phone}#${attempt}`) ?? []).some((m) => m.messageId === entry.messageId)
          : delivered.has(`${phone}#${attempt}`);
        if (settled(ms(entry.at)) && !left)
          result.phantomPages.push(
            `${view.requestId} attempt ${attempt} to ${entry.who?.name ?? '?'} (${phone}) recorded at ${entry.at}`,
          );
      }

    // The first page: to the primary, attempt 1, due at submit.
    const primaryPhone = clinic.clinicianPhones[clinic.primary] ?? '';
    const first = (delivered.get(`${primaryPhone}#1`) ?? [])[0];
    const submitted = decidedAt.get(1);
    if (submitted !== undefined && !settled(submitted)) {
      // submitted a moment ago: checked by a later audit
    } else if (!first || submitted === undefined) result.firstPageMissing.push(view.requestId);
    else timed(view.requestId, 'first page', submitted, ms(first.sentAt));

    // Every timed step (level timeout, fallback repeat): due one step after the attempt before it.
    const step = clinic.stepSeconds * 1000;
    for (const [attempt, at] of decidedAt) {
      const before = decidedAt.get(attempt - 1);
      if (attempt < 2 || before === undefined) continue;
      timed(view.requestId, `attempt ${attempt}`, before + step, at);
    }
    // A step still due: how long it has waited since the restart (it counts as stuck past stuckAfter).
    if (OPEN.has(view.status) && view.nextEscalationAt !== null) {
      const due = ms(view.nextEscalationAt);
      const ready = readyBefore(options.readyTimes, options.now);
      if (due < ready && options.now - ready > 0)
        result.resumeDelays.push({
          requestId: view.requestId,
          what: 'pending step',
          ms: options.now - ready,
        });
    }
  }
  return result;
}

export const worst = (delays: Delay[]): Delay | undefined =>
  delays.reduce<Delay | undefined>((w, d) => (!w || d.ms > w.ms ? d : w), undefined);
