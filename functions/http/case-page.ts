// The case page: whoever accepted reaches the caller from here, as often as needed, and records what
// happened. Server-rendered, no scripts; the forms post back to the link's own URL (keeps a stage path).
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { CaseView } from '../../shared/app/requests/case-links.js';
import type { TimelineEntry } from '../../shared/domain/escalation/index.js';
import type { StoredRequest } from '../../shared/ports/stored-request.js';
import { escapeHtml, htmlPage } from './html.js';

const OUTCOME_WORDS: Record<string, string> = {
  safe_plan: 'Safe plan agreed with the caller',
  referred_emergency: 'Referred to emergency services',
  referred_service: 'Referred to a service',
  no_contact: 'Could not reach the caller',
  other: 'Other (say in the note)',
};

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** A time left, as a person says it: "10 min", "4 h", "1 h 30 min"; at least a minute. */
function timeLeft(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

function heading(stored: StoredRequest): string {
  const level = stored.request.urgency === 'emergency' ? 'EMERGENCY' : 'URGENT';
  return `<p><span class="tag">${level}</span> <span class="muted">Request ${escapeHtml(stored.reference)}</span></p>
<h1>Crisis request: ${escapeHtml(stored.serviceName)}, ${escapeHtml(stored.clinicName)}</h1>`;
}

/** One timeline entry in words; names only, never a number or an address. */
function entryWords(e: TimelineEntry): string | null {
  const who = e.who?.name ?? 'someone';
  const by = e.channel === 'email' ? 'by email' : 'by SMS';
  switch (e.type) {
    case 'submitted':
      return 'Submitted by the hotline';
    case 'page_sent':
      if (e.notice === 'contact_reminder' || e.notice === 'resolve_reminder') return `Reminded ${who} ${by}`;
      if (e.notice === 'passed_on') return `Told ${who} it was passed on`;
      if (e.notice === 'still_open') return `Alerted ${who}: still open`;
      return `Paged ${who} ${by}`;
    case 'acknowledged':
      return `Accepted by ${who}`;
    case 'declined':
      return `Declined by ${who}`;
    case 'contacted':
      return `${who} called the caller back`;
    case 'contact_overdue':
      return `No call back recorded in time: ${who} reminded`;
    case 'reopened':
      return `Passed on: ${who} did not record a call back in time`;
    case 'handed_back':
      return `Handed back by ${who}: ${e.reason ?? ''}`;
    case 'resolve_overdue':
      return 'Still open after the call back: reminder sent';
    case 'escalated':
      return 'Paging the next level';
    case 'unanswered':
      return 'Nobody accepted: paging the fallback contacts';
    case 'resolved':
      return `Resolved by ${who}: ${OUTCOME_WORDS[e.outcome ?? 'other'] ?? e.outcome}`;
    case 'cancelled':
      return `Cancelled by the ${e.who?.name ?? 'hotline'}`;
    default:
      return null;
  }
}

function timeline(stored: StoredRequest, now: number): string {
  const items = stored.request.timeline
    .map((e) => ({ e, words: entryWords(e) }))
    .filter((x): x is { e: TimelineEntry; words: string } => x.words !== null)
    .map(
      ({ e, words }) =>
        `<li><time datetime="${new Date(e.at).toISOString()}">${ago(now - e.at)}</time> ${escapeHtml(words)}</li>`,
    );
  return `<details><summary>Timeline (${items.length})</summary><ol class="timeline">${items.join('')}</ol></details>`;
}

function details(stored: StoredRequest): string {
  const { summary, callbackPhone, requesterName } = stored.details;
  const call = callbackPhone
    ? `<a class="call" href="tel:${escapeHtml(callbackPhone)}">Call ${escapeHtml(callbackPhone)}</a>`
    : '<p class="box">No callback number was given: contact the hotline.</p>';
  return `<div class="box"><h2>What the hotline said</h2><p>${escapeHtml(summary)}</p>
${requesterName ? `<p class="muted">Submitted by: ${escapeHtml(requesterName)}</p>` : ''}</div>
${call}`;
}

const DONE_WORDS: Record<string, string> = {
  accepted: 'You accepted this request. Nobody else is being paged.',
  contacted: 'Recorded: you called the caller back.',
};

/** The steps in order: call (above), record the call back, resolve; handing back is tucked away. */
function actions(stored: StoredRequest, now: number): string {
  const { status, nextDueAt, followUp } = stored.request;
  const contacted = status === 'contacted';
  const within = nextDueAt === null ? '' : ` within ${timeLeft(nextDueAt - now)}`;
  // What a missed deadline does: before the call back, a reminder first, then the request is passed on.
  const record = contacted
    ? `<p class="muted">Called back. Resolve it${within} when you are done, or the clinic's fallback contacts are told it is still open.</p>`
    : `<p class="muted">After the call, record it here${within}, or ${
        followUp?.stage === 'contact_reminded'
          ? 'the request is passed on to the next clinician'
          : 'you are reminded, then the request is passed on to the next clinician'
      }.</p>
<form method="post"><input type="hidden" name="action" value="contacted">
<button class="secondary" type="submit">Contacted the caller</button></form>`;
  const outcomes = Object.entries(OUTCOME_WORDS)
    .map(
      ([value, words]) =>
        `<label class="choice"><input type="radio" name="outcome" value="${value}" required> ${escapeHtml(words)}</label>`,
    )
    .join('');
  return `${record}
<form method="post" class="box"><input type="hidden" name="action" value="resolve">
<fieldset><legend><h2>Resolve</h2>How did it end?</legend>${outcomes}</fieldset>
<label for="note">Note (optional; the hotline sees it)</label>
<textarea id="note" name="note" maxlength="2000" rows="2"></textarea>
<button class="${contacted ? 'accept' : 'decline'}" type="submit">Resolve</button></form>
<details class="box"><summary>Can't take it? Hand back</summary>
<form method="post"><input type="hidden" name="action" value="handback">
<label for="reason">Say why (the hotline sees it). The next clinician is paged at once.</label>
<textarea id="reason" name="reason" maxlength="500" rows="2" required></textarea>
<button class="decline" type="submit">Hand back</button></form></details>`;
}

export function casePage(view: CaseView, now: number, done?: string): APIGatewayProxyResult {
  switch (view.kind) {
    case 'invalid':
      return htmlPage(
        404,
        'Link not valid',
        '<h1>This case link is not valid</h1><p>It may be mistyped, or the request closed more than a day ago. Contact the hotline if you need the details.</p>',
      );
    case 'passed_on':
      return htmlPage(
        200,
        `Request ${view.stored.reference}`,
        `${heading(view.stored)}<p role="status"><strong>You no longer hold this request.</strong> It has been passed on to another clinician. No action needed.</p>`,
      );
    case 'closed': {
      const last = view.stored.request.timeline.findLast(
        (e) => e.type === 'resolved' || e.type === 'cancelled',
      );
      return htmlPage(
        200,
        `Closed ${view.stored.reference}`,
        `${heading(view.stored)}<p role="status"><strong>Closed ${ago(now - view.closedAt)}.</strong> ${escapeHtml(last ? (entryWords(last) ?? '') : '')}</p>
${view.stored.request.status === 'cancelled' ? '' : details(view.stored)}${timeline(view.stored, now)}`,
      );
    }
    case 'active': {
      const flash =
        done && Object.hasOwn(DONE_WORDS, done)
          ? `<p role="status" class="box"><strong>${DONE_WORDS[done]}</strong></p>`
          : '';
      const acceptedAt = view.stored.request.followUp?.acceptedAt;
      return htmlPage(
        200,
        `Case ${view.stored.reference}`,
        `${heading(view.stored)}${flash}
<p>${escapeHtml(view.who.name)}, you accepted this${acceptedAt ? ` ${ago(now - acceptedAt)}` : ''}.</p>
${details(view.stored)}${actions(view.stored, now)}${timeline(view.stored, now)}`,
      );
    }
  }
}
