import type { CoverRequest, CoverTransition } from '../domain/rota/cover-requests.js';

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
}
