// The coverage-gap check of one clinic: every service's gaps of the next 30 days (time nobody is on call,
// and shifts of people no page would reach), each new one alerted once to the clinic's fallback contacts.
// A gap is claimed (one conditional write) before its alert leaves, so two checks at once send it once; a
// claim whose check died before sending is taken over by a later check (at least once, never silently).
import { gapAlertText, type AlertedGap } from '../../domain/paging/gap-alert-text.js';
import {
  claimFor,
  GAP_CLAIM_STALE_MS,
  GAP_HORIZON_MS,
  GAP_LOOKBACK_MS,
  gapsToAlert,
  type ServiceGap,
} from '../../domain/rota/gap-alerts.js';
import { shiftsBetween, withAvailability } from '../../domain/rota/index.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { unavailabilityIn } from '../on-call.js';
import type { RotaCheckDeps } from './rota-check-deps.js';
import { sendToFallbackContacts } from './send-rota-message.js';

export interface ClinicGapCheck {
  clinicId: string;
  /** Gaps ahead (or under way) in the next 30 days, alerted or not. */
  gaps: number;
  /** Of those, alerted by this check. */
  alerted: number;
  /** Messages that left (one per contact and channel), and those refused. */
  sent: number;
  failed: number;
}

/** Every service's gaps from the look-back to the horizon; one under way since the look-back starts at 0. */
export function serviceGaps(rota: RotaSnapshot, now: number): ServiceGap[] {
  const from = now - GAP_LOOKBACK_MS;
  const unavailable = unavailabilityIn(rota);
  return rota.services.flatMap((service) => {
    const overrides = rota.overrides.filter((o) => o.serviceId === service.serviceId);
    const { gaps } = withAvailability(
      shiftsBetween({
        rotation: service.rotation,
        timeZone: rota.clinic.timezone,
        overrides,
        from,
        to: now + GAP_HORIZON_MS,
      }),
      unavailable,
    );
    // Cut by the window, such a gap's start would move with every check: 0 keeps it one gap.
    return gaps.map((g) => ({
      ...g,
      start: g.start <= from ? 0 : g.start,
      serviceId: service.serviceId,
      serviceName: service.name,
    }));
  });
}

function describe(rota: RotaSnapshot, gap: ServiceGap): AlertedGap {
  const holder = gap.clinicianId
    ? (rota.clinicians.find((c) => c.clinicianId === gap.clinicianId)?.name ?? gap.clinicianId)
    : undefined;
  const service = rota.services.find((s) => s.serviceId === gap.serviceId);
  const fallbackService = service?.fallbackServiceId
    ? rota.services.find((s) => s.serviceId === service.fallbackServiceId)
    : undefined;
  return {
    serviceId: gap.serviceId,
    serviceName: gap.serviceName,
    start: gap.start,
    end: gap.end,
    ...(gap.reason !== undefined && { reason: gap.reason }),
    ...(holder !== undefined && { holder }),
    coveredBy: fallbackService ? fallbackService.name : "the clinic's fallback contacts",
  };
}

/** The gap check of one clinic on its own (the rota check runs it with the shift notices: check-clinic.ts). */
export async function checkClinicGaps(deps: RotaCheckDeps, clinicId: string): Promise<ClinicGapCheck | null> {
  const now = deps.clock();
  const rota = await deps.clinics.loadRota(clinicId, now - GAP_LOOKBACK_MS);
  return rota ? alertNewGaps(deps, rota, now) : null;
}

/** `rota` read from GAP_LOOKBACK_MS before `now`. */
export async function alertNewGaps(
  deps: RotaCheckDeps,
  rota: RotaSnapshot,
  now: number,
): Promise<ClinicGapCheck> {
  const clinicId = rota.clinic.clinicId;
  const gaps = serviceGaps(rota, now);
  const ahead = gaps.filter((g) => g.end > now);
  const known = await deps.gapAlerts.listGapAlerts(clinicId);
  const claims = [];
  for (const gap of gapsToAlert(ahead, known, now)) {
    const claim = claimFor(clinicId, gap, now);
    if (await deps.gapAlerts.claimGapAlert(claim, now - GAP_CLAIM_STALE_MS)) claims.push({ gap, claim });
  }
  const result: ClinicGapCheck = { clinicId, gaps: ahead.length, alerted: 0, sent: 0, failed: 0 };
  if (claims.length === 0) return result;

  const text = gapAlertText({
    clinicName: rota.clinic.name,
    timeZone: rota.clinic.timezone,
    now,
    gaps: claims.map(({ gap }) => describe(rota, gap)),
    consoleUrl: `${deps.publicBaseUrl}/admin`,
  });
  const tally = await sendToFallbackContacts(deps, rota.clinic, text, 'gap-alert');
  Object.assign(result, tally);
  if (tally.sent === 0) {
    // Claims stay unsent: the next check (within the hour) takes them over once stale and tries again.
    deps.signals.count('GapAlertsUndelivered', claims.length);
    deps.signals.alert('gap_alert_undelivered');
    return result;
  }
  const sentAt = deps.clock();
  for (const { claim } of claims)
    await deps.gapAlerts.markGapAlertSent(claim, { sentAt, sentMessages: tally.sent });
  result.alerted = claims.length;
  deps.signals.count('GapAlerts', claims.length);
  return result;
}
