import { GAP_LOOKBACK_MS } from '../../domain/rota/gap-alerts.js';
import { alertNewGaps, type ClinicGapCheck } from './check-clinic-gaps.js';
import { checkCoverRequests, type CoverCheck } from './check-cover-requests.js';
import type { RotaCheckDeps } from './rota-check-deps.js';
import { sendShiftNotices, type ShiftNoticeCheck } from './send-shift-notices.js';

/** The rota check of one clinic: one read of its rota, then its new gaps, shift notices and cover requests. */
export async function checkClinic(
  deps: RotaCheckDeps,
  clinicId: string,
): Promise<(ClinicGapCheck & { shiftNotices: ShiftNoticeCheck; cover: CoverCheck }) | null> {
  const now = deps.clock();
  // The gaps' look-back (31 days) covers the notices' (2 days).
  const rota = await deps.clinics.loadRota(clinicId, now - GAP_LOOKBACK_MS);
  if (!rota) return null;
  const gaps = await alertNewGaps(deps, rota, now);
  const shiftNotices = await sendShiftNotices(deps, rota, now);
  return { ...gaps, shiftNotices, cover: await checkCoverRequests(deps, rota, now) };
}
