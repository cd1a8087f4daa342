// Submitting and reading crisis requests as the hotline does, and finding their pages in the outbox.
import { randomBytes, randomInt } from 'node:crypto';
import type { Api, OutboxMessage, RequestView } from './api.js';
import { check, checkEqual, waitFor } from './assert.js';
import { CLINIC_ID, SERVICE_ID, type Contact } from './clinic.js';

export const REQUESTS = `/v1/clinics/${CLINIC_ID}/requests`;

/** The spec's bound: the first page is out before the 202, or within 1 s of it. */
export const FIRST_PAGE_WITHIN_MS = 1_000;

export interface Caller {
  summary: string;
  callbackPhone: string;
}

/**
 * Patient detail that must never leave the API except to the acknowledging clinician. A random marker
 * makes both easy to search for in pages and logs without false hits.
 */
export function newCaller(label: string): Caller {
  const marker = randomBytes(6).toString('hex');
  return {
    summary: `E2E ${label} caller ${marker} reports thoughts of self-harm and asks for a callback`,
    callbackPhone: `+4477009005${String(randomInt(0, 100)).padStart(2, '0')}`,
  };
}

export const newIdempotencyKey = (label: string) => `e2e-${label}-${randomBytes(8).toString('hex')}`;

export interface Submitted {
  view: RequestView;
  /** Client clock just before the POST: pages of this request are sent at or after it. */
  sentAt: number;
  /** Client clock when the 202 arrived. */
  acceptedAt: number;
}

export async function submit(
  api: Api,
  intakeKey: string,
  idempotencyKey: string,
  caller: Caller,
  urgency: 'urgent' | 'emergency' = 'urgent',
): Promise<Submitted> {
  const sentAt = Date.now();
  const view = await api.expect<RequestView>(202, 'POST', REQUESTS, {
    key: intakeKey,
    headers: { 'idempotency-key': idempotencyKey },
    json: { serviceId: SERVICE_ID, urgency, ...caller },
  });
  return { view, sentAt, acceptedAt: Date.now() };
}

export const getRequest = (api: Api, key: string, requestId: string) =>
  api.expect<RequestView>(200, 'GET', `${REQUESTS}/${requestId}`, { key });

/** Polls the request (every 250 ms, as a hotline screen would) until `done` holds. */
export function waitForRequest(
  api: Api,
  key: string,
  requestId: string,
  what: string,
  done: (view: RequestView) => boolean,
  timeoutMs: number,
): Promise<RequestView> {
  return waitFor(
    what,
    async () => {
      const view = await getRequest(api, key, requestId);
      return done(view) ? view : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Waits for the `count`-th page of this request to `to`, within `timeoutMs`; returns all pages so far. */
export function waitForPages(
  api: Api,
  to: Contact,
  submitted: Submitted,
  what: string,
  options: { count?: number; timeoutMs: number },
): Promise<OutboxMessage[]> {
  const count = options.count ?? 1;
  return waitFor(
    `${what} (page ${count} to ${to.name})`,
    async () => {
      const pages = await api.pages(to.phone, submitted.view.reference, submitted.sentAt);
      return pages.length >= count ? pages : undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 25 },
  );
}

/** The first page to `to`, which must be in the outbox within 1 s of the 202. */
export async function firstPage(
  api: Api,
  to: Contact,
  submitted: Submitted,
  what: string,
): Promise<OutboxMessage> {
  const left = Math.max(0, submitted.acceptedAt + FIRST_PAGE_WITHIN_MS - Date.now());
  const [page] = await waitForPages(api, to, submitted, what, { timeoutMs: left });
  check(page, `${what}: no page`);
  return page;
}

export function checkPagingOnly(view: RequestView, who: { clinicianId: string }, what: string): void {
  checkEqual(view.paging.map((p) => p.clinicianId).join(','), who.clinicianId, `${what}: who is being paged`);
}
