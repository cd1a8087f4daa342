import type { CoverRequest, CoverTransition } from '../domain/rota/cover-requests.js';

/** What was done after a change, recorded once it is done: the rota check finishes what is unmarked. */
export type CoverMark = 'offeredAt' | 'overrideAt' | 'expiryToldAt';

/** A colleague's link to one offer: found by the token's hash, kept until the window ends. */
export interface CoverLink {
  tokenHash: string;
  clinicId: string;
  coverId: string;
  clinicianId: string;
  createdAt: number;
  /** The covered window's end: the link is deleted after it. */
  end: number;
}

/** Cover requests in their clinic's partition; every state change is one conditional write. */
export interface CoverRequestStore {
  /** False when a request with this id exists already. */
  createCoverRequest(request: CoverRequest): Promise<boolean>;
  getCoverRequest(clinicId: string, coverId: string): Promise<CoverRequest | null>;
  /** The clinic's cover requests (kept a week after their window ends), oldest first by id. */
  listCoverRequests(clinicId: string): Promise<CoverRequest[]>;
  /**
   * Applies the transition on condition the stored state is still `transition.from` (and, when it names a
   * taker, that nobody took it meanwhile); appends its audit entry. False when another write came first.
   */
  applyCoverTransition(
    request: Pick<CoverRequest, 'clinicId' | 'coverId'>,
    transition: CoverTransition,
  ): Promise<boolean>;
  /** Records that a follow-up is done; false when it was recorded already. */
  markCover(
    request: Pick<CoverRequest, 'clinicId' | 'coverId'>,
    mark: CoverMark,
    at: number,
  ): Promise<boolean>;
  putCoverLink(link: CoverLink): Promise<void>;
  findCoverLink(tokenHash: string): Promise<CoverLink | null>;
}
