import { GAP_LOOKBACK_MS } from '../../domain/rota/gap-alerts.js';
import { alertNewGaps, type ClinicGapCheck } from './check-clinic-gaps.js';
import type { RotaCheckDeps } from './rota-check-deps.js';
import { sendShiftNotices, type ShiftNoticeCheck } from './send-shift-notices.js';

/** The rota check of one clinic: one read of its rota, then its new gaps and its shift notices. */
export async function checkClinic(
  deps: RotaCheckDeps,
  clinicId: string,
): Promise<(ClinicGapCheck & { shiftNotices: ShiftNoticeCheck }) | null> {
  const now = deps.clock();
  // The gaps' look-back (31 days) covers the notices' (2 days).
  const rota = await deps.clinics.loadRota(clinicId, now - GAP_LOOKBACK_MS);
  if (!rota) return null;
  const gaps = await alertNewGaps(deps, rota, now);
  return { ...gaps, shiftNotices: await sendShiftNotices(deps, rota, now) };
}
