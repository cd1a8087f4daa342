// Follow-through on a real DynamoDB engine, driven in process with a fixed clock: the request use cases and
// the HTTP handlers of the ack link, the case page and the clinician API over the Dynamo stores, a fake
// pager that records every page and notice, and a fake timer whose messages the tests fire by hand.
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { expect } from '@jest/globals';
import { meterDynamo, type DynamoMeter } from '../../bench/lib/dynamo-meter.js';
import { createHandler as ackPageSubmit } from '../../functions/ack-page-submit/handler.js';
import { createHandler as acknowledgeRequest } from '../../functions/acknowledge-request/handler.js';
import { createHandler as casePage } from '../../functions/case-page/handler.js';
import { createHandler as casePageSubmit } from '../../functions/case-page-submit/handler.js';
import { createHandler as contactedRequest } from '../../functions/contacted-request/handler.js';
import { createHandler as getRequest } from '../../functions/get-request/handler.js';
import { createHandler as handbackRequest } from '../../functions/handback-request/handler.js';
import { createHandler as resolveRequest } from '../../functions/resolve-request/handler.js';
import type { HttpHandler } from '../../functions/http/http-route.js';
import { DynamoClinicStore } from '../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../shared/adapters/aws/dynamo-request-store.js';
import { onTimer } from '../../shared/app/requests/on-timer.js';
import { submitRequest } from '../../shared/app/requests/submit-request.js';
import type { Principal } from '../../shared/domain/model.js';
import type { StoredRequest } from '../../shared/ports/stored-request.js';
import type { TimerMessage } from '../../shared/ports/timer.js';
import { apiEvent, lambdaContext, parse, type ParsedResult } from '../unit/api/events.js';
import {
  body,
  CALLBACK,
  CLINIC_ID,
  harness,
  intake,
  seedClinic,
  service,
  SUMMARY,
  type Harness,
  type SentPage,
} from '../unit/requests/fakes.js';
import { createTestTable, type TestTable } from './test-table.js';

export const FORM = 'application/x-www-form-urlencoded';
/** Far enough ahead that every open request's due instant is before it. */
export const FAR = Date.parse('2030-01-01T00:00:00Z');

export interface CaseWorld {
  table: TestTable;
  h: Harness;
  requests: DynamoRequestStore;
  clinics: DynamoClinicStore;
  /** Every DynamoDB command of the table's client since the last reset. */
  meter: DynamoMeter;
  logger: Logger;
  close(): void;
}

export interface WorldOptions {
  followUp?: { contactWithinSeconds: number; resolveWithinSeconds: number };
  logger?: Logger;
}

/** A fresh table on the suite's engine with the small clinic of the unit fakes (ana, ben; duty and lead). */
export async function caseWorld(options: WorldOptions = {}): Promise<CaseWorld> {
  const table = await createTestTable();
  const clinics = new DynamoClinicStore(table.db, table.tableName);
  const requests = new DynamoRequestStore(table.db, table.tableName);
  await seedClinic(clinics);
  if (options.followUp) {
    const general = service();
    await clinics.putService({
      ...general,
      escalation: { ...general.escalation, followUp: options.followUp },
    });
  }
  const meter = meterDynamo(table.client);
  return {
    table,
    h: harness({ clinics, requests }),
    requests,
    clinics,
    meter,
    logger: options.logger ?? new Logger({ serviceName: 'crisis-router', logLevel: 'SILENT' }),
    close: () => table.destroy(),
  };
}

export async function submit(w: CaseWorld, key: string, over: Record<string, unknown> = {}) {
  const { stored } = await submitRequest(w.h.deps, intake, CLINIC_ID, key, body(over));
  return stored.request.requestId;
}

export async function load(w: CaseWorld, requestId: string): Promise<StoredRequest> {
  const stored = await w.requests.get(CLINIC_ID, requestId);
  if (!stored) throw new Error(`request ${requestId} is not in the table`);
  return stored;
}

/** The request's entry in the sweeper's due index, or undefined when it is not there. */
export async function dueEntry(w: CaseWorld, requestId: string) {
  return (await w.requests.listDue(FAR, 100)).find((d) => d.requestId === requestId);
}

/** What may not change: the whole stored request item (state, timeline, details). */
export async function fingerprint(w: CaseWorld, requestId: string): Promise<string> {
  return JSON.stringify(await w.requests.get(CLINIC_ID, requestId));
}

// ---- messages ----------------------------------------------------------------------------------------

/** Pages (with an ack link) delivered to a phone, oldest first. */
export const pagesTo = (w: CaseWorld, phone: string): SentPage[] =>
  w.h.pager.delivered({ to: phone }).filter((p) => p.ackUrl !== '');

/** Messages without an ack link (notices, SMS replies) delivered to a phone, oldest first. */
export const noticesTo = (w: CaseWorld, phone: string): SentPage[] =>
  w.h.pager.delivered({ to: phone }).filter((p) => p.ackUrl === '');

export function lastPageTo(w: CaseWorld, phone: string): SentPage {
  const page = pagesTo(w, phone).at(-1);
  if (!page) throw new Error(`no page delivered to ${phone}`);
  return page;
}

/** The last path segment of a URL (an ack or case token), without any query. */
export const tokenOf = (url: string): string => {
  const path = url.split('?')[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1);
};

/** No message that left carries the caller's summary or callback number. */
export function expectNoDetailInMessages(w: CaseWorld): void {
  const texts = w.h.pager.sent.map((p) => `${p.text} ${p.subject ?? ''} ${p.ackUrl} ${p.caseUrl ?? ''}`);
  expect(texts.filter((t) => t.includes(SUMMARY) || t.includes(CALLBACK))).toEqual([]);
}

// ---- timers ------------------------------------------------------------------------------------------

/**
 * Fires the fake timer's messages in due order, each at its own due instant (the clock stands there while
 * it runs), up to `until`; then leaves the clock at `until`.
 */
export async function runTimersUntil(
  w: CaseWorld,
  until: number,
  fire: (message: TimerMessage) => Promise<unknown> = (message) => onTimer(w.h.deps, message),
): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (;;) {
    const next = w.h.timer.scheduled
      .map((s) => s.message.dueAt)
      .filter((at) => at <= until)
      .sort((a, b) => a - b)[0];
    if (next === undefined) break;
    w.h.setNow(Math.max(w.h.now(), next));
    for (const message of w.h.timer.takeDue(w.h.now())) outcomes.push(await fire(message));
  }
  w.h.setNow(until);
  return outcomes;
}

// ---- HTTP handlers -----------------------------------------------------------------------------------

type Factory = (deps: Harness['deps'], logger: Logger) => HttpHandler;

/** Runs a handler made by `create` over the world's deps and logger on a hand-made API Gateway event. */
export async function invoke(w: CaseWorld, create: Factory, spec: Parameters<typeof apiEvent>[0]) {
  return create(w.h.deps, w.logger)(apiEvent(spec), lambdaContext('case-flow'));
}

export interface Html {
  status: number;
  headers: Record<string, string>;
  html: string;
  location?: string;
}

/** A handler's answer as a page: status, lower-cased headers, the HTML and any redirect. */
export const html = (result: APIGatewayProxyResult): Html => {
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  return {
    status: result.statusCode,
    headers,
    html: result.body,
    ...(headers.location !== undefined && { location: headers.location }),
  };
};

export const viewCase = async (w: CaseWorld, token: string, done?: string) =>
  html(
    await invoke(w, casePage, {
      method: 'GET',
      resource: '/case/{token}',
      pathParameters: { token },
      query: done ? { done } : null,
    }),
  );

/** A case page form post; `form` is sent as is when a string, url-encoded when an object. */
export const postCase = async (
  w: CaseWorld,
  token: string,
  form: Record<string, string> | string,
  contentType: string | null = FORM,
) =>
  html(
    await invoke(w, casePageSubmit, {
      method: 'POST',
      resource: '/case/{token}',
      pathParameters: { token },
      body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
      contentType,
    }),
  );

export const postAck = async (w: CaseWorld, token: string, action = 'acknowledge') =>
  html(
    await invoke(w, ackPageSubmit, {
      method: 'POST',
      resource: '/ack/{token}',
      pathParameters: { token },
      body: `action=${action}`,
      contentType: FORM,
    }),
  );

/** The case token an accepted ack link's 303 leads to (`../case/{token}?done=accepted`). */
export function caseTokenFromRedirect(reply: Html): string {
  expect(reply.status).toBe(303);
  expect(reply.location).toMatch(/^\.\.\/case\/[A-Za-z0-9_-]{22}\?done=accepted$/);
  return tokenOf(reply.location ?? '');
}

const API_ROUTES = {
  acknowledge: acknowledgeRequest,
  contacted: contactedRequest,
  handback: handbackRequest,
  resolve: resolveRequest,
} as const;

/** POST …/requests/{id}/{action} as `principal`, through the route's handler. */
export async function api(
  w: CaseWorld,
  principal: Principal,
  action: keyof typeof API_ROUTES,
  requestId: string,
  jsonBody?: unknown,
): Promise<ParsedResult> {
  return parse(
    await invoke(w, API_ROUTES[action], {
      method: 'POST',
      resource: `/v1/clinics/{clinicId}/requests/{requestId}/${action}`,
      pathParameters: { clinicId: CLINIC_ID, requestId },
      ...(jsonBody !== undefined && { body: jsonBody }),
      principal,
    }),
  );
}

/** GET …/requests/{id} as `principal`: the request object. */
export async function view(w: CaseWorld, principal: Principal, requestId: string): Promise<ParsedResult> {
  return parse(
    await invoke(w, getRequest, {
      method: 'GET',
      resource: '/v1/clinics/{clinicId}/requests/{requestId}',
      pathParameters: { clinicId: CLINIC_ID, requestId },
      principal,
    }),
  );
}

// ---- what the case page shows ------------------------------------------------------------------------

export const TEL = `href="tel:${CALLBACK}"`;

/** The page of someone who holds the request: details, call button and the three forms. */
export function expectActivePage(page: Html, name: string): void {
  expect(page.status).toBe(200);
  expect(page.html).toContain(`${name}, you accepted this`);
  expect(page.html).toContain(SUMMARY);
  expect(page.html).toContain(TEL);
  for (const action of ['resolve', 'handback'])
    expect(page.html).toContain(`name="action" value="${action}"`);
}

/** "You no longer hold this request": no details, no call button, no forms. */
export function expectPassedOnPage(page: Html): void {
  expect(page.status).toBe(200);
  expect(page.html).toContain('You no longer hold this request');
  for (const absent of [SUMMARY, CALLBACK, 'tel:', '<form', 'Hotline desk 3'])
    expect(page.html).not.toContain(absent);
}

/** Closed less than a day ago: the details to read, no form to post. */
export function expectClosedPage(page: Html): void {
  expect(page.status).toBe(200);
  expect(page.html).toMatch(/<strong>Closed [^<]*\.<\/strong>/);
  expect(page.html).toContain(SUMMARY);
  expect(page.html).toContain(TEL);
  expect(page.html).not.toContain('<form');
}

export function expectInvalidPage(page: Html): void {
  expect(page.status).toBe(404);
  expect(page.html).toContain('This case link is not valid');
  for (const absent of [SUMMARY, CALLBACK, 'tel:', '<form']) expect(page.html).not.toContain(absent);
}

// ---- DynamoDB calls ----------------------------------------------------------------------------------

/** DynamoDB calls of `run`, by command (GetItem, Query, PutItem, UpdateItem, …). */
export async function countCalls<T>(
  w: CaseWorld,
  run: () => Promise<T>,
): Promise<{ result: T; total: number; byCommand: Record<string, number> }> {
  w.meter.reset();
  const result = await run();
  const byCommand: Record<string, number> = {};
  for (const call of w.meter.calls) byCommand[call.command] = (byCommand[call.command] ?? 0) + 1;
  return { result, total: w.meter.calls.length, byCommand };
}
