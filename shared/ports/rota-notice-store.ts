import type { GapAlertRecord } from '../domain/rota/gap-alerts.js';
import type { ShiftNoticeRecord } from '../domain/rota/shift-notices.js';
import type { Page, PageRequest } from './page.js';

/** Every clinic, for the jobs that visit each one (the table has no Scan on the hot path). */
export interface ClinicDirectory {
  /** Clinic ids in id order, a page at a time. */
  clinicIdsPage(page: PageRequest): Promise<Page<string>>;
}

/** One record per alerted coverage gap, so a gap is alerted once however often the check runs. */
export interface GapAlertStore {
  /** The clinic's alert records (gaps not yet a week over). */
  listGapAlerts(clinicId: string): Promise<GapAlertRecord[]>;
  /**
   * Writes the claim on condition there is no record of the gap, or only a claim made before
   * `staleBefore` (its check died before sending): false when another check holds or sent it.
   */
  claimGapAlert(claim: GapAlertRecord, staleBefore: number): Promise<boolean>;
  /** The claim made at `claimedAt` went out: the gap is alerted for good. False when the claim was taken over. */
  markGapAlertSent(
    claim: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start' | 'claimedAt'>,
    sent: { sentAt: number; sentMessages: number },
  ): Promise<boolean>;
}

/** One record per shift notice, so a notice goes once however often the check runs. */
export interface ShiftNoticeStore {
  /** The clinic's notice records (a week's worth). */
  listShiftNotices(clinicId: string): Promise<ShiftNoticeRecord[]>;
  /** As claimGapAlert: false when another check holds or sent it. */
  claimShiftNotice(claim: ShiftNoticeRecord, staleBefore: number): Promise<boolean>;
  markShiftNoticeSent(
    claim: ShiftNoticeRecord,
    sent: { sentAt: number; sentMessages: number },
  ): Promise<boolean>;
}
