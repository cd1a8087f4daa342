// The journeys of the request lifecycle (docs/api.md, "Lifecycle") that only the running stack can show:
// real timers, real HTTP.
import { ackPath, type Api, type OutboxMessage, type RequestView } from './api.js';
import { check, checkEqual, inOrder, sleep } from './assert.js';
import { SERVICE_ID, onCall, type Contact, type TestClinic } from './clinic.js';
import {
  REQUESTS,
  checkPagingOnly,
  firstPage,
  getRequest,
  newCaller,
  newIdempotencyKey,
  submit,
  waitForPages,
  waitForRequest,
  type Caller,
  type Submitted,
} from './requests.js';

/** How late a timer may fire and still count as on time (the AWS timer rounds to whole seconds). */
const MAX_LATENESS_MS = 2_000;
/** How long to wait for a 10 s step: the step itself plus generous slack for a slow CI machine. */
const STEP_WAIT_MS = 15_000;

export interface Context {
  api: Api;
  clinic: TestClinic;
  /** Every caller's detail used so far, for the privacy checks. */
  callers: Caller[];
}

/** What a scenario leaves behind, checked again after the restart. */
export interface Outcome {
  requestId: string;
  status: string;
  assignee: string;
  timelineLength: number;
  note: string;
}

const outcomeOf = (view: RequestView, note: string): Outcome => ({
  requestId: view.requestId,
  status: view.status,
  assignee: view.assignee?.name ?? '',
  timelineLength: view.timeline.length,
  note,
});

/**
 * A timed step must happen at the due time the status view announced: not before (the clinician still had
 * time), and not much after. Both instants come from the server's clock. Returns the lateness in ms.
 */
function checkOnTime(page: OutboxMessage, dueAt: string | null, what: string): number {
  check(dueAt, `${what}: the status view should announce nextEscalationAt`);
  const lateMs = Date.parse(page.sentAt) - Date.parse(dueAt);
  check(
    lateMs >= 0 && lateMs <= MAX_LATENESS_MS,
    `${what}: expected at nextEscalationAt ${dueAt} (up to ${MAX_LATENESS_MS} ms late), was ${lateMs} ms off`,
  );
  return lateMs;
}

/** The `count`-th page of this request to every contact; returns the earliest of them. */
async function pageToAll(
  api: Api,
  contacts: Contact[],
  submitted: Submitted,
  what: string,
  count: number,
  timeoutMs: number,
): Promise<OutboxMessage> {
  const pages: OutboxMessage[] = [];
  for (const contact of contacts) {
    const sent = await waitForPages(api, contact, submitted, what, { count, timeoutMs });
    pages.push(sent[count - 1] as OutboxMessage);
  }
  const [earliest] = pages.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
  check(earliest, `${what}: no contacts`);
  return earliest;
}

/** A: the primary times out, the secondary is paged, accepts by SMS reply, and resolves. */
export async function timeoutEscalateSmsAck({ api, clinic, callers }: Context): Promise<Outcome> {
  const { primary, secondary } = await onCall(api, clinic);
  const caller = newCaller('A');
  callers.push(caller);
  const submitted = await submit(api, clinic.intakeKey, newIdempotencyKey('a'), caller);
  const { view } = submitted;
  checkEqual(view.status, 'paging', 'A: status after submit');
  checkPagingOnly(view, primary, 'A: after submit');
  const primaryPage = await firstPage(api, primary, submitted, 'A: the primary page');
  const firstPageMs = Date.parse(primaryPage.sentAt) - submitted.sentAt;

  const escalated = await waitForRequest(
    api,
    clinic.intakeKey,
    view.requestId,
    'A: the primary timing out and the secondary being paged',
    (r) => r.level === 1,
    STEP_WAIT_MS,
  );
  checkPagingOnly(escalated, secondary, 'A: after the timeout');
  const [secondaryPage] = await waitForPages(api, secondary, submitted, 'A: the secondary page', {
    timeoutMs: 1_000,
  });
  check(secondaryPage, 'A: the secondary page');
  const lateMs = checkOnTime(secondaryPage, view.nextEscalationAt, 'A: the escalation');

  const sms = await api.expect<{ matched: boolean; reply: string }>(200, 'POST', '/local/sms-inbound', {
    json: { from: secondary.phone, body: secondaryPage.code },
  });
  check(sms.matched, `A: the SMS reply "${secondaryPage.code}" should match the page: ${sms.reply}`);
  const acked = await getRequest(api, clinic.intakeKey, view.requestId);
  checkEqual(acked.status, 'acknowledged', 'A: status after the SMS ack');
  checkEqual(acked.assignee?.clinicianId, secondary.clinicianId, 'A: assignee');
  check(acked.summary === undefined, 'A: the hotline view must not carry the summary');

  // The primary's link, opened late, must say it's over and change nothing.
  const late = await api.call('GET', ackPath(primaryPage));
  check(late.text.includes('no longer waiting'), `A: the primary's late link: ${late.status} ${late.text}`);
  const unchanged = await getRequest(api, clinic.intakeKey, view.requestId);
  checkEqual(unchanged.status, 'acknowledged', 'A: status after the late link');
  checkEqual(unchanged.timeline.length, acked.timeline.length, 'A: timeline entries after the late link');

  const mine = await getRequest(api, secondary.key, view.requestId);
  checkEqual(mine.summary, caller.summary, 'A: the assignee sees the summary');
  const resolved = await api.expect<RequestView>(200, 'POST', `${REQUESTS}/${view.requestId}/resolve`, {
    key: secondary.key,
    json: { note: 'Called back; the caller is safe with family.' },
  });
  checkEqual(resolved.status, 'resolved', 'A: status after resolve');
  const expected = ['submitted', 'page_sent', 'timeout', 'escalated', 'acknowledged', 'resolved'];
  const types = resolved.timeline.map((e) => e.type);
  check(
    inOrder(types, expected),
    `A: timeline should hold ${expected.join(' > ')}, got ${types.join(' > ')}`,
  );
  return outcomeOf(resolved, `first page ${firstPageMs} ms after submit; escalated ${lateMs} ms after due`);
}

/** B: the primary declines by link, the secondary times out, fallback pages repeat, a contact accepts. */
export async function declineUnansweredFallback({ api, clinic, callers }: Context): Promise<Outcome> {
  const { primary, secondary } = await onCall(api, clinic);
  const caller = newCaller('B');
  callers.push(caller);
  const submitted = await submit(api, clinic.intakeKey, newIdempotencyKey('b'), caller, 'emergency');
  const { requestId } = submitted.view;
  const primaryPage = await firstPage(api, primary, submitted, 'B: the primary page');

  // Link previewers fetch GETs: the confirm page must change nothing.
  const preview = await api.call('GET', ackPath(primaryPage));
  checkEqual(preview.status, 200, 'B: GET of the ack link');
  const previewed = await getRequest(api, clinic.intakeKey, requestId);
  checkEqual(previewed.timeline.length, submitted.view.timeline.length, 'B: timeline entries after a GET');

  const declinedAt = Date.now();
  const declined = await api.call('POST', ackPath(primaryPage), { form: { action: 'decline' } });
  check(declined.status === 200 && declined.text.includes('Declined'), `B: decline: ${declined.status}`);
  const [secondaryPage] = await waitForPages(api, secondary, submitted, 'B: the secondary paged at once', {
    timeoutMs: 1_000,
  });
  check(secondaryPage, 'B: the secondary page');
  const declineToPageMs = Date.parse(secondaryPage.sentAt) - declinedAt;
  const moved = await getRequest(api, clinic.intakeKey, requestId);
  checkPagingOnly(moved, secondary, 'B: after the decline');

  const unanswered = await waitForRequest(
    api,
    clinic.intakeKey,
    requestId,
    'B: the secondary timing out and the request going unanswered',
    (r) => r.status === 'unanswered',
    STEP_WAIT_MS,
  );
  check(unanswered.emergencyProtocol?.trim(), 'B: an unanswered request tells the hotline the protocol');
  const fallback = await pageToAll(api, clinic.fallback, submitted, 'B: the fallback page', 1, 1_000);
  const unansweredLateMs = checkOnTime(fallback, moved.nextEscalationAt, 'B: going unanswered');
  const repeat = await pageToAll(api, clinic.fallback, submitted, 'B: the fallback repeat', 2, STEP_WAIT_MS);
  const repeatLateMs = checkOnTime(repeat, unanswered.nextEscalationAt, 'B: the fallback repeat');

  const [contact] = clinic.fallback;
  check(contact, 'B: a fallback contact');
  const [latest] = (await api.pages(contact.phone, submitted.view.reference, submitted.sentAt)).slice(-1);
  check(latest, 'B: a fallback page to answer');
  const accepted = await api.call('POST', ackPath(latest), { form: { action: 'acknowledge' } });
  checkEqual(accepted.status, 200, 'B: fallback ack by link');
  check(accepted.text.includes(caller.summary), 'B: the accepted page shows the summary');
  check(accepted.text.includes(`href="tel:${caller.callbackPhone}"`), 'B: the accepted page has a tel: link');
  const acked = await getRequest(api, clinic.intakeKey, requestId);
  checkEqual(acked.status, 'acknowledged', 'B: status after the fallback ack');
  checkEqual(acked.assignee?.name, contact.name, 'B: assignee');
  return outcomeOf(
    acked,
    `secondary paged ${declineToPageMs} ms after decline; fallback ${unansweredLateMs} ms, ` +
      `repeat ${repeatLateMs} ms after due`,
  );
}

/** C: a retried submit is the same request with one page; the key with another body is a conflict. */
export async function idempotency({ api, clinic, callers }: Context): Promise<Outcome> {
  const { primary } = await onCall(api, clinic);
  const caller = newCaller('C');
  const other = newCaller('C2');
  callers.push(caller, other);
  const key = newIdempotencyKey('c');
  const submitted = await submit(api, clinic.intakeKey, key, caller);
  const retried = await submit(api, clinic.intakeKey, key, caller);
  checkEqual(retried.view.requestId, submitted.view.requestId, 'C: requestId of the retried submit');
  await firstPage(api, primary, submitted, 'C: the primary page');
  // A duplicate first page would be sent before the retry's 202 too; the pause only adds margin.
  await sleep(300);
  const pages = await api.pages(primary.phone, submitted.view.reference, submitted.sentAt);
  checkEqual(pages.length, 1, 'C: first pages after a retried submit');

  const clash = await api.call('POST', REQUESTS, {
    key: clinic.intakeKey,
    headers: { 'idempotency-key': key },
    json: { serviceId: SERVICE_ID, urgency: 'urgent', ...other },
  });
  checkEqual(clash.status, 409, 'C: the same key with another body');
  checkEqual((clash.body as { error?: { code?: string } })?.error?.code, 'conflict', 'C: error code');

  // Cancelled, so it does not keep paging through the restart check.
  const cancelled = await api.expect<RequestView>(
    200,
    'POST',
    `${REQUESTS}/${submitted.view.requestId}/cancel`,
    { key: clinic.intakeKey, json: { note: 'e2e: done' } },
  );
  checkEqual(cancelled.status, 'cancelled', 'C: status after cancel');
  return outcomeOf(cancelled, 'two submits: one request, one page; same key, other body: 409');
}

/** C (privacy): no summary or callback number in any page, nor anywhere in the server's output. */
export async function privacy(api: Api, callers: Caller[], serverLog: string): Promise<string> {
  const { messages } = await api.outbox();
  check(messages.length > 0, 'privacy: the outbox should hold the pages sent so far');
  for (const message of messages)
    checkNoCallerDetail(message.text, callers, `the outbox message to ${message.to}`);
  checkNoCallerDetail(serverLog, callers, 'the server output');
  return `${messages.length} outbox messages, ${serverLog.length} chars of server output: no caller detail`;
}

export function checkNoCallerDetail(text: string, callers: Caller[], where: string): void {
  for (const { summary, callbackPhone } of callers)
    for (const secret of [summary, callbackPhone])
      check(!text.includes(secret), `privacy: ${where} contains caller detail "${secret}"`);
}
