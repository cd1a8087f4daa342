import { holdsRequest, type AckChannel, type RequestEvent, type Who } from '../../domain/escalation/index.js';
import type { Principal } from '../../domain/model.js';
import { requireAccess } from '../access.js';
import { forbidden, notFound } from '../errors.js';
import { hashSecret, isTokenShaped } from '../secrets.js';
import { applyEvent, type EventOutcome } from './apply-event.js';
import { explainUnchanged, isRepeatedOwnAck } from './explain.js';
import { issueCaseLink } from './issue-case-link.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from '../../ports/stored-request.js';

export type PageResponse = 'acknowledge' | 'decline';

/** The domain event a page response becomes. */
export const eventTypeOf = (response: PageResponse): 'ack' | 'decline' =>
  response === 'acknowledge' ? 'ack' : 'decline';

const eventFor = (response: PageResponse, by: Who, via: AckChannel, attempt?: number): RequestEvent => ({
  type: eventTypeOf(response),
  by,
  via,
  ...(attempt !== undefined ? { attempt } : {}),
});

/**
 * Was this clinician paged for the request at any point? Only they may answer it or watch it. A page still
 * pending counts (it may have reached their phone before its outcome was written), a failed one does not.
 */
export function wasPaged(stored: StoredRequest, clinicianId: string | undefined): boolean {
  if (clinicianId === undefined) return false;
  const { timeline, pending = [] } = stored.request;
  return (
    pending.some((p) => p.who.clinicianId === clinicianId && p.since !== undefined) ||
    timeline.some(
      (e) => (e.type === 'page_sent' || e.type === 'page_unconfirmed') && e.who?.clinicianId === clinicianId,
    )
  );
}

/**
 * API: a clinician key acknowledges or declines. A repeated ack by the same clinician is a 200; a decline by
 * the clinician who accepted is a 409 saying it can't be declined now.
 */
export async function respondByApi(
  deps: RequestDeps,
  principal: Principal,
  clinicId: string,
  requestId: string,
  response: PageResponse,
): Promise<StoredRequest> {
  requireAccess(principal, clinicId, ['clinician']);
  const stored = await deps.requests.get(clinicId, requestId);
  if (!stored) throw notFound('request');
  if (!wasPaged(stored, principal.clinicianId)) throw forbidden('you were not paged for this request');
  const name =
    stored.request.timeline.find((e) => e.who?.clinicianId === principal.clinicianId)?.who?.name ??
    'clinician';
  const by: Who = { clinicianId: principal.clinicianId, name };
  const event = eventFor(response, by, 'api');
  return settle(await applyEvent(deps, { clinicId, requestId }, event, stored), event.type);
}

/** The API's answer to a person's action: the request when it changed (or a repeated own ack), else a 409. */
export function settle(outcome: EventOutcome, action: RequestEvent['type']): StoredRequest {
  if (outcome.kind === 'missing') throw notFound('request');
  if (outcome.kind === 'unchanged' && !isRepeatedOwnAck(outcome.decision, action))
    throw explainUnchanged(outcome.decision, action);
  return outcome.stored;
}

export type LinkLookup =
  | { kind: 'invalid' }
  | { kind: 'valid'; stored: StoredRequest; who: Who; attempt: number; used: boolean; tokenHash: string };

/** GET /ack/{token}: what the page should say. Changes nothing (link previewers fetch GETs). */
export async function lookupAckLink(deps: RequestDeps, token: string): Promise<LinkLookup> {
  if (!isTokenShaped(token)) return { kind: 'invalid' };
  return lookupPage(deps, hashSecret(token));
}

/** A page by its reference (the hash of its link token), as a calling provider hands it back. */
export async function lookupPage(deps: RequestDeps, tokenHash: string): Promise<LinkLookup> {
  const record = await deps.requests.findAckToken(tokenHash);
  if (!record) return { kind: 'invalid' };
  const stored = await deps.requests.get(record.clinicId, record.requestId);
  if (!stored) return { kind: 'invalid' };
  return {
    kind: 'valid',
    stored,
    who: record.who,
    attempt: record.attempt,
    used: record.usedAt !== undefined,
    tokenHash,
  };
}

export type LinkResult =
  | { kind: 'invalid' }
  | { kind: 'used'; stored: StoredRequest }
  | {
      kind: 'done';
      outcome: EventOutcome & { kind: 'changed' | 'unchanged' };
      who: Who;
      /** When the answer leaves this person holding the request: their way to the caller. */
      caseUrl?: string;
    };

/**
 * POST /ack/{token}: single use. The token is spent once the answer is recorded, so a failure on the
 * way (throttling, a timeout) leaves the link working for the retry.
 */
export async function respondByLink(
  deps: RequestDeps,
  token: string,
  response: PageResponse,
): Promise<LinkResult> {
  return respondToPage(deps, await lookupAckLink(deps, token), response, 'link');
}

/** A key pressed during a voice page: the same single use as the page's link. */
export async function respondByCall(
  deps: RequestDeps,
  pageRef: string,
  response: PageResponse,
): Promise<LinkResult> {
  return respondToPage(deps, await lookupPage(deps, pageRef), response, 'voice');
}

async function respondToPage(
  deps: RequestDeps,
  link: LinkLookup,
  response: PageResponse,
  via: 'link' | 'voice',
): Promise<LinkResult> {
  if (link.kind === 'invalid') return link;
  const usedAt = deps.clock();
  if (link.used || !(await deps.requests.useAckToken(link.tokenHash, usedAt)))
    return { kind: 'used', stored: link.stored };
  const { clinicId, requestId } = link.stored.request;
  const event = eventFor(response, link.who, via, link.attempt);
  let outcome: EventOutcome;
  try {
    outcome = await applyEvent(deps, { clinicId, requestId }, event, link.stored);
  } catch (error) {
    // Nothing was recorded: give the link back so the clinician's retry works.
    await deps.requests.releaseAckToken(link.tokenHash, usedAt).catch(() => undefined);
    throw error;
  }
  if (outcome.kind === 'missing') return { kind: 'invalid' };
  const caseUrl =
    response === 'acknowledge' && holdsRequest(outcome.stored.request, link.who)
      ? await issueCaseLink(deps, outcome.stored, link.who)
      : undefined;
  return { kind: 'done', outcome, who: link.who, ...(caseUrl && { caseUrl }) };
}

/**
 * "Open the case" on a page's link, for the person who accepted (by SMS code, or a tab that was closed):
 * a fresh case link, whether or not the page's link was used. Null when they do not hold the request.
 */
export async function caseLinkFromPage(deps: RequestDeps, token: string): Promise<string | null> {
  const link = await lookupAckLink(deps, token);
  if (link.kind === 'invalid' || !holdsRequest(link.stored.request, link.who)) return null;
  return issueCaseLink(deps, link.stored, link.who);
}
