// The offer's link (`/cover/<token>`): a colleague without a key sees the offer and takes it. The token is
// the credential of one colleague for one request; reading it changes nothing (previewers fetch links).
import type { CoverRequest } from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import type { CoverLink } from '../../ports/cover-request-store.js';
import { AppError } from '../errors.js';
import { hashSecret, isTokenShaped } from '../secrets.js';
import { takeCover } from './answer-cover.js';
import type { CoverDeps } from './cover-deps.js';

export type CoverLinkView =
  | { kind: 'invalid' }
  | { kind: 'offer'; rota: RotaSnapshot; request: CoverRequest; clinicianId: string; now: number };

async function linkOf(deps: CoverDeps, token: string): Promise<CoverLink | null> {
  if (!isTokenShaped(token)) return null;
  const link = await deps.covers.findCoverLink(hashSecret(token));
  // TTL deletes within days, not at once: past its window, a link is over.
  return link && link.end > deps.clock() ? link : null;
}

export async function openCoverLink(deps: CoverDeps, token: string): Promise<CoverLinkView> {
  const link = await linkOf(deps, token);
  if (!link) return { kind: 'invalid' };
  const now = deps.clock();
  const [request, rota] = await Promise.all([
    deps.covers.getCoverRequest(link.clinicId, link.coverId),
    deps.clinics.loadRota(link.clinicId, now),
  ]);
  if (!request || !rota) return { kind: 'invalid' };
  return { kind: 'offer', rota, request, clinicianId: link.clinicianId, now };
}

/** The page's button: the link's colleague takes it, as with their key; a refusal comes back as its words. */
export async function acceptByLink(
  deps: CoverDeps,
  token: string,
): Promise<{ kind: 'invalid' } | { kind: 'refused'; message: string } | { kind: 'done' }> {
  const link = await linkOf(deps, token);
  if (!link) return { kind: 'invalid' };
  try {
    await takeCover(deps, link.clinicId, link.coverId, link.clinicianId);
    return { kind: 'done' };
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal_error') {
      if (error.code === 'not_found') return { kind: 'invalid' };
      return { kind: 'refused', message: error.message };
    }
    throw error;
  }
}
