import type { Principal } from '../../domain/model.js';
import type { CoverState } from '../../domain/rota/cover-requests.js';
import { requireAccess } from '../access.js';
import { notFound } from '../errors.js';
import { loadRotaOf, mayView } from './cover-context.js';
import type { CoverDeps } from './cover-deps.js';
import { coverView } from './cover-view.js';

/** Admins see every cover request of the clinic; a clinician those they asked for, took or were offered. */
export async function listCovers(
  deps: CoverDeps,
  principal: Principal,
  clinicId: string,
  query: { state?: CoverState | undefined },
) {
  requireAccess(principal, clinicId, ['admin', 'clinician']);
  const now = deps.clock();
  const [requests, rota] = await Promise.all([
    deps.covers.listCoverRequests(clinicId),
    loadRotaOf(deps, clinicId, now),
  ]);
  const items = requests
    .filter((r) => mayView(principal, r) && (query.state === undefined || r.state === query.state))
    .sort((a, b) => a.start - b.start || a.coverId.localeCompare(b.coverId))
    .map((r) => coverView(rota, r, principal, now));
  return { items };
}

export async function getCover(deps: CoverDeps, principal: Principal, clinicId: string, coverId: string) {
  requireAccess(principal, clinicId, ['admin', 'clinician']);
  const now = deps.clock();
  const [request, rota] = await Promise.all([
    deps.covers.getCoverRequest(clinicId, coverId),
    loadRotaOf(deps, clinicId, now),
  ]);
  if (!request || !mayView(principal, request)) throw notFound('cover request');
  return coverView(rota, request, principal, now);
}
