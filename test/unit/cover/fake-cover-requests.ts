// Cover requests in memory with the DynamoDB store's conditions (dynamo-cover-requests.ts): a transition
// lands only on the state read, taking only when nobody took it, rejecting only the same taker.
import {
  applyCoverTransition,
  type CoverRequest,
  type CoverTransition,
} from '../../../shared/domain/rota/cover-requests.js';
import type { CoverLink, CoverMark, CoverRequestStore } from '../../../shared/ports/cover-request-store.js';

const copy = <T>(value: T): T => structuredClone(value);

export class FakeCoverRequests implements CoverRequestStore {
  readonly requests = new Map<string, CoverRequest>();
  readonly links = new Map<string, CoverLink>();
  /** Called before each write: a test makes it throw to kill the caller at that moment. */
  beforeWrite: (what: string) => void = () => undefined;

  private key = (clinicId: string, coverId: string) => `${clinicId}/${coverId}`;

  async createCoverRequest(request: CoverRequest) {
    this.beforeWrite('create');
    const key = this.key(request.clinicId, request.coverId);
    if (this.requests.has(key)) return false;
    this.requests.set(key, copy(request));
    return true;
  }

  async getCoverRequest(clinicId: string, coverId: string) {
    const found = this.requests.get(this.key(clinicId, coverId));
    return found ? copy(found) : null;
  }

  async listCoverRequests(clinicId: string) {
    return [...this.requests.values()]
      .filter((r) => r.clinicId === clinicId)
      .sort((a, b) => a.coverId.localeCompare(b.coverId))
      .map(copy);
  }

  async applyCoverTransition(ref: Pick<CoverRequest, 'clinicId' | 'coverId'>, t: CoverTransition) {
    this.beforeWrite(`transition:${t.to}`);
    const key = this.key(ref.clinicId, ref.coverId);
    const stored = this.requests.get(key);
    if (!stored || stored.state !== t.from) return false;
    if (t.acceptedBy !== undefined && stored.acceptedBy !== undefined) return false;
    if (t.refuse !== undefined && stored.acceptedBy !== t.refuse) return false;
    this.requests.set(key, applyCoverTransition(stored, t));
    return true;
  }

  async markCover(ref: Pick<CoverRequest, 'clinicId' | 'coverId'>, mark: CoverMark, at: number) {
    this.beforeWrite(`mark:${mark}`);
    const stored = this.requests.get(this.key(ref.clinicId, ref.coverId));
    if (!stored || stored[mark] !== undefined) return false;
    stored[mark] = at;
    return true;
  }

  async putCoverLink(link: CoverLink) {
    this.beforeWrite('link');
    this.links.set(link.tokenHash, copy(link));
  }

  async findCoverLink(tokenHash: string) {
    const link = this.links.get(tokenHash);
    return link ? copy(link) : null;
  }
}
