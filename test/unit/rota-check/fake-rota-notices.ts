// In memory, with the Dynamo adapter's conditions: a claim is refused while another live claim or a sent
// record holds it; marking sent needs the claim it was made with.
import { gapIdentity, type GapAlertRecord } from '../../../shared/domain/rota/gap-alerts.js';
import { noticeIdentity, type ShiftNoticeRecord } from '../../../shared/domain/rota/shift-notices.js';
import type {
  ClinicDirectory,
  GapAlertStore,
  ShiftNoticeStore,
} from '../../../shared/ports/rota-notice-store.js';
import type { Page, PageRequest } from '../../../shared/ports/page.js';
import type { FakeClinicStore } from '../requests/fakes.js';

type Held = { state: 'claimed' | 'sent'; claimedAt: number };

class Claims<R extends Held> {
  readonly records = new Map<string, R>();
  claims = 0;
  claim(id: string, record: R, staleBefore: number): boolean {
    const held = this.records.get(id);
    if (held && !(held.state === 'claimed' && held.claimedAt < staleBefore)) return false;
    this.claims++;
    this.records.set(id, { ...record });
    return true;
  }
  markSent(id: string, claimedAt: number, sent: { sentAt: number; sentMessages: number }): boolean {
    const held = this.records.get(id);
    if (!held || held.claimedAt !== claimedAt) return false;
    this.records.set(id, { ...held, state: 'sent', ...sent });
    return true;
  }
}

export class FakeRotaNotices implements GapAlertStore, ShiftNoticeStore, ClinicDirectory {
  readonly gaps = new Claims<GapAlertRecord>();
  readonly notices = new Claims<ShiftNoticeRecord>();

  constructor(private readonly clinics: FakeClinicStore) {}

  /** Gap claims made (a takeover counts again). */
  get claims(): number {
    return this.gaps.claims;
  }

  private gapId = (a: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start'>) =>
    `${a.clinicId}/${gapIdentity(a)}`;
  private noticeId = (n: ShiftNoticeRecord) => `${n.clinicId}/${noticeIdentity(n)}`;

  async listGapAlerts(clinicId: string): Promise<GapAlertRecord[]> {
    return [...this.gaps.records.values()].filter((r) => r.clinicId === clinicId).map((r) => ({ ...r }));
  }
  async claimGapAlert(claim: GapAlertRecord, staleBefore: number): Promise<boolean> {
    return this.gaps.claim(this.gapId(claim), claim, staleBefore);
  }
  async markGapAlertSent(
    claim: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start' | 'claimedAt'>,
    sent: { sentAt: number; sentMessages: number },
  ): Promise<boolean> {
    return this.gaps.markSent(this.gapId(claim), claim.claimedAt, sent);
  }

  async listShiftNotices(clinicId: string): Promise<ShiftNoticeRecord[]> {
    return [...this.notices.records.values()].filter((r) => r.clinicId === clinicId).map((r) => ({ ...r }));
  }
  async claimShiftNotice(claim: ShiftNoticeRecord, staleBefore: number): Promise<boolean> {
    return this.notices.claim(this.noticeId(claim), claim, staleBefore);
  }
  async markShiftNoticeSent(claim: ShiftNoticeRecord, sent: { sentAt: number; sentMessages: number }) {
    return this.notices.markSent(this.noticeId(claim), claim.claimedAt, sent);
  }

  async clinicIdsPage(page: PageRequest): Promise<Page<string>> {
    const ids = [...this.clinics.clinics.keys()]
      .sort()
      .filter((id) => page.after === undefined || id > page.after);
    return { items: ids.slice(0, page.limit), more: ids.length > page.limit };
  }
}
