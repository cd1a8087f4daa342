// Shift notices of one clinic (docs/api.md, "Shift notices"): to each person whose stretch on call starts
// within their notice minutes, and a summary to each whose stretch just ended, through their channels
// (pagingPlan, no calls). Claimed one by one before sending, as gap alerts are: one notice per stretch across
// duplicate and concurrent checks.
import { pagingPlan, unreachableReason } from '../../domain/contacts.js';
import { tallyPages, type PageTally } from '../../domain/fairness.js';
import { shiftNoticeText } from '../../domain/paging/shift-notice-text.js';
import { shiftsBetween } from '../../domain/rota/index.js';
import {
  dueNotices,
  NOTICE_CLAIM_STALE_MS,
  noticeClaim,
  noticesToSend,
  SHIFT_LOOKBACK_MS,
  SHIFT_NOTICE_DEFAULT_MINUTES,
  STRETCH_HORIZON_MS,
  stretchesOf,
  type DueNotice,
} from '../../domain/rota/shift-notices.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { storedRequestsIn } from '../reports/fairness-report.js';
import type { RotaCheckDeps } from './rota-check-deps.js';
import { sendRotaMessage } from './send-rota-message.js';

export interface ShiftNoticeCheck {
  /** Notices that went out (at least one message each), and messages refused. */
  notices: number;
  failed: number;
}

/** Pages received and accepted by the person in the stretch: requests made from a day before it began. */
async function summaryOf(deps: RotaCheckDeps, clinicId: string, n: DueNotice): Promise<PageTally> {
  const stored = await storedRequestsIn(deps.requests, clinicId, { from: n.start - 86_400_000, to: n.end });
  const tallies = new Map<string, PageTally>();
  for (const s of stored)
    tallyPages(
      s.request.timeline.filter((e) => e.at >= n.start && e.at < n.end),
      tallies,
    );
  return tallies.get(n.clinicianId) ?? { pages: 0, accepted: 0, secondsToAccept: [] };
}

/** `rota` read from SHIFT_LOOKBACK_MS (or earlier) before `now`. */
export async function sendShiftNotices(
  deps: RotaCheckDeps,
  rota: RotaSnapshot,
  now: number,
): Promise<ShiftNoticeCheck> {
  const clinicId = rota.clinic.clinicId;
  const from = now - SHIFT_LOOKBACK_MS;
  const to = now + STRETCH_HORIZON_MS;
  const person = (id: string) => rota.clinicians.find((c) => c.clinicianId === id);
  // Only people a page would reach are on call (availability.ts): nobody else is told they are.
  const minutesOf = (id: string) => {
    const clinician = person(id);
    if (!clinician || unreachableReason(clinician) !== null) return 0;
    return clinician.shiftNoticeMinutes ?? SHIFT_NOTICE_DEFAULT_MINUTES;
  };
  const stretches = rota.services.flatMap((service) =>
    stretchesOf(
      service.serviceId,
      shiftsBetween({
        rotation: service.rotation,
        timeZone: rota.clinic.timezone,
        overrides: rota.overrides.filter((o) => o.serviceId === service.serviceId),
        from,
        to,
      }).shifts,
    ),
  );
  const due = dueNotices(stretches, minutesOf, now, from);
  const result: ShiftNoticeCheck = { notices: 0, failed: 0 };
  if (due.length === 0) return result;
  const known = await deps.shiftNotices.listShiftNotices(clinicId);
  for (const notice of noticesToSend(due, known, now)) {
    const claim = noticeClaim(clinicId, notice, now);
    if (!(await deps.shiftNotices.claimShiftNotice(claim, now - NOTICE_CLAIM_STALE_MS))) continue;
    const clinician = person(notice.clinicianId);
    const service = rota.services.find((s) => s.serviceId === notice.serviceId);
    if (!clinician || !service) continue;
    const tally = notice.kind === 'end' ? await summaryOf(deps, clinicId, notice) : undefined;
    const text = shiftNoticeText({
      kind: notice.kind,
      serviceName: service.name,
      serviceId: service.serviceId,
      clinicName: rota.clinic.name,
      clinicId,
      timeZone: rota.clinic.timezone,
      now,
      start: notice.start,
      end: notice.end,
      openEnded: notice.end >= to,
      ...(tally && { pages: tally.pages, accepted: tally.accepted }),
    });
    const sent = await sendRotaMessage(
      deps,
      clinicId,
      { clinicianId: clinician.clinicianId },
      pagingPlan(clinician),
      text,
      'shift-notice',
    );
    result.failed += sent.failed;
    if (sent.sent === 0) {
      // Left claimed: a later check sends it once the claim is stale, if it is still due then.
      deps.signals.alert(`notice_undeliverable:shift_${notice.kind}`);
      continue;
    }
    await deps.shiftNotices.markShiftNoticeSent(claim, { sentAt: deps.clock(), sentMessages: sent.sent });
    result.notices++;
  }
  return result;
}
