// In memory, with the Dynamo adapter's conditions: a claim is refused while another live claim or a sent
// alert holds the gap; marking sent needs the claim it was made with.
import { gapIdentity, type GapAlertRecord } from '../../../shared/domain/rota/gap-alerts.js';
import type { ClinicDirectory, GapAlertStore } from '../../../shared/ports/gap-alert-store.js';
import type { Page, PageRequest } from '../../../shared/ports/page.js';
import type { FakeClinicStore } from '../requests/fakes.js';

export class FakeGapAlerts implements GapAlertStore, ClinicDirectory {
  readonly records = new Map<string, GapAlertRecord>();
  claims = 0;

  constructor(private readonly clinics: FakeClinicStore) {}

  private id = (a: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start'>) =>
    `${a.clinicId}/${gapIdentity(a)}`;

  async listGapAlerts(clinicId: string): Promise<GapAlertRecord[]> {
    return [...this.records.values()].filter((r) => r.clinicId === clinicId).map((r) => ({ ...r }));
  }

  async claimGapAlert(claim: GapAlertRecord, staleBefore: number): Promise<boolean> {
    const held = this.records.get(this.id(claim));
    if (held && !(held.state === 'claimed' && held.claimedAt < staleBefore)) return false;
    this.claims++;
    this.records.set(this.id(claim), { ...claim });
    return true;
  }

  async markGapAlertSent(
    claim: Pick<GapAlertRecord, 'clinicId' | 'serviceId' | 'start' | 'claimedAt'>,
    sent: { sentAt: number; sentMessages: number },
  ): Promise<boolean> {
    const held = this.records.get(this.id(claim));
    if (!held || held.claimedAt !== claim.claimedAt) return false;
    this.records.set(this.id(claim), { ...held, state: 'sent', ...sent });
    return true;
  }

  async clinicIdsPage(page: PageRequest): Promise<Page<string>> {
    const ids = [...this.clinics.clinics.keys()]
      .sort()
      .filter((id) => page.after === undefined || id > page.after);
    return { items: ids.slice(0, page.limit), more: ids.length > page.limit };
  }
}
