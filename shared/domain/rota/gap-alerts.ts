// Coverage-gap alerts: which gaps of a clinic's services are new (never alerted), and what the alert says.
// A gap is known by its service and its start, so a gap that a later check sees longer (the look-ahead
// moved on) or shortened at its end (someone covered the last hours) is the same gap and alerted once.
import type { ExplainedGap } from './availability.js';
import { settledIdentities } from './claims.js';

/** How far back the check looks, so a gap already under way keeps its real start (and so its identity). */
export const GAP_LOOKBACK_MS = 31 * 86_400_000;
/** How far ahead a gap is alerted; those starting within SOON_MS come first in the alert. */
export const GAP_HORIZON_MS = 30 * 86_400_000;
export const GAP_SOON_MS = 7 * 86_400_000;
/** An alert claimed by a check that then died is sent again by a check this much later. */
export const GAP_CLAIM_STALE_MS = 15 * 60_000;

export interface ServiceGap extends ExplainedGap {
  serviceId: string;
  serviceName: string;
}

/** What is stored per alerted gap (the clinic partition; expires a week after the gap ends). */
export interface GapAlertRecord {
  clinicId: string;
  serviceId: string;
  /** The gap's start: with the service, its identity. */
  start: number;
  end: number;
  reason?: string;
  clinicianId?: string;
  /** claimed: a check is sending it; sent: at least one fallback contact was reached. */
  state: 'claimed' | 'sent';
  claimedAt: number;
  sentAt?: number;
  /** How many messages left (one per contact and channel). */
  sentMessages?: number;
}

export const gapIdentity = (gap: { serviceId: string; start: number }) => `${gap.serviceId}@${gap.start}`;

/**
 * The gaps that need an alert now: ending after `now`, starting within the horizon, and not alerted before
 * (a claim older than GAP_CLAIM_STALE_MS whose alert never went out counts as not alerted).
 */
export function gapsToAlert(
  gaps: readonly ServiceGap[],
  known: readonly GapAlertRecord[],
  now: number,
): ServiceGap[] {
  const settled = settledIdentities(known, now, GAP_CLAIM_STALE_MS, gapIdentity);
  return gaps
    .filter((g) => g.end > now && g.start < now + GAP_HORIZON_MS && !settled.has(gapIdentity(g)))
    .sort((a, b) => a.start - b.start || a.serviceId.localeCompare(b.serviceId));
}

/** A stored claim for `gap`, to be written on condition nobody else holds a live one. */
export function claimFor(clinicId: string, gap: ServiceGap, now: number): GapAlertRecord {
  return {
    clinicId,
    serviceId: gap.serviceId,
    start: gap.start,
    end: gap.end,
    ...(gap.reason !== undefined && { reason: gap.reason }),
    ...(gap.clinicianId !== undefined && { clinicianId: gap.clinicianId }),
    state: 'claimed',
    claimedAt: now,
  };
}
