// Shift notices: "you're on call from …" some minutes before a person's stretch on call starts, and a short
// summary when it ends. A stretch is their consecutive shifts of one service joined (a person on call two
// days running gets one notice, not one per handoff). A notice is known by person, service, kind and its
// instant (the start for a start notice, the end for a summary), so every check finds it already sent.
import { settledIdentities } from './claims.js';
import type { Shift } from './shifts.js';

export const SHIFT_NOTICE_DEFAULT_MINUTES = 60;
/** How far back and ahead the check reads shifts: a day's notice ahead, and whether a stretch began earlier. */
export const SHIFT_LOOKBACK_MS = 2 * 86_400_000;
export const SHIFT_LOOKAHEAD_MS = 86_400_000 + 10 * 60_000;
/** How far ahead shifts are read to find where a stretch ends (a weekly rota's stretch is 7 days). */
export const STRETCH_HORIZON_MS = 15 * 86_400_000;
/** A summary later than this after the stretch ended (the check was down) is not sent any more. */
export const SUMMARY_GRACE_MS = 30 * 60_000;
/** A claim whose check died before sending is sent by a check this much later (start notices: if still due). */
export const NOTICE_CLAIM_STALE_MS = 10 * 60_000;

export interface OnCallStretch {
  serviceId: string;
  clinicianId: string;
  start: number;
  end: number;
}

export interface DueNotice extends OnCallStretch {
  kind: 'start' | 'end';
}

export interface ShiftNoticeRecord {
  clinicId: string;
  clinicianId: string;
  serviceId: string;
  kind: 'start' | 'end';
  /** The stretch's start (start notices) or end (summaries): with the rest, the notice's identity. */
  at: number;
  state: 'claimed' | 'sent';
  claimedAt: number;
  sentAt?: number;
  sentMessages?: number;
}

export const noticeAt = (n: DueNotice) => (n.kind === 'start' ? n.start : n.end);
export const noticeIdentity = (n: { clinicianId: string; serviceId: string; kind: string; at: number }) =>
  `${n.clinicianId}@${n.serviceId}@${n.kind}@${n.at}`;

/** A service's shifts (in time order) joined into stretches of one person. */
export function stretchesOf(serviceId: string, shifts: readonly Shift[]): OnCallStretch[] {
  const out: OnCallStretch[] = [];
  for (const shift of [...shifts].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && last.clinicianId === shift.clinicianId && last.end === shift.start) last.end = shift.end;
    else out.push({ serviceId, clinicianId: shift.clinicianId, start: shift.start, end: shift.end });
  }
  return out;
}

/**
 * The notices due at `now`: a start notice from `minutes` before a stretch until it starts, a summary from its
 * end for SUMMARY_GRACE_MS. A stretch cut by the window's start (`from`) began earlier: no start notice.
 * `minutesOf` gives a person's setting (0: no notices, and no summaries).
 */
export function dueNotices(
  stretches: readonly OnCallStretch[],
  minutesOf: (clinicianId: string) => number,
  now: number,
  from: number,
): DueNotice[] {
  const due: DueNotice[] = [];
  for (const s of stretches) {
    const minutes = minutesOf(s.clinicianId);
    if (minutes <= 0) continue;
    if (s.start > from && s.start > now && s.start - minutes * 60_000 <= now)
      due.push({ ...s, kind: 'start' });
    if (s.end <= now && s.end > now - SUMMARY_GRACE_MS) due.push({ ...s, kind: 'end' });
  }
  return due;
}

/** Those not sent before (a claim older than NOTICE_CLAIM_STALE_MS that never went out counts as not sent). */
export function noticesToSend(
  due: readonly DueNotice[],
  known: readonly ShiftNoticeRecord[],
  now: number,
): DueNotice[] {
  const settled = settledIdentities(known, now, NOTICE_CLAIM_STALE_MS, noticeIdentity);
  return due.filter((n) => !settled.has(noticeIdentity({ ...n, at: noticeAt(n) })));
}

export function noticeClaim(clinicId: string, notice: DueNotice, now: number): ShiftNoticeRecord {
  return {
    clinicId,
    clinicianId: notice.clinicianId,
    serviceId: notice.serviceId,
    kind: notice.kind,
    at: noticeAt(notice),
    state: 'claimed',
    claimedAt: now,
  };
}
