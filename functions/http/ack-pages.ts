import type { APIGatewayProxyResult } from 'aws-lambda';
import type { StoredRequest } from '../../shared/ports/stored-request.js';
import type { Who } from '../../shared/domain/escalation/index.js';
import { escapeHtml, HTML_HEADERS, htmlPage } from './html.js';

/** 303: the browser loads `location` with a GET, so a reload never posts the form again. */
export function seeOther(location: string): APIGatewayProxyResult {
  return {
    statusCode: 303,
    headers: { ...HTML_HEADERS, location },
    body: `<!doctype html><title>Moved</title><a href="${escapeHtml(location)}">Continue</a>`,
  };
}

function heading(stored: StoredRequest): string {
  const { request } = stored;
  const level = request.urgency === 'emergency' ? 'EMERGENCY' : 'URGENT';
  return `<p><span class="tag">${level}</span> <span class="muted">Request ${escapeHtml(stored.reference)}</span></p>
<h1>Crisis request: ${escapeHtml(stored.serviceName)}, ${escapeHtml(stored.clinicName)}</h1>`;
}

/**
 * GET: the choice only. Nothing changes until a person presses a button (previewers fetch GETs).
 * The forms have no action: they post back to the link's own URL, which keeps an API stage path (/prod).
 */
export function confirmPage(stored: StoredRequest, who: Who): APIGatewayProxyResult {
  return htmlPage(
    200,
    `Crisis request ${stored.reference}`,
    `${heading(stored)}
<p>${escapeHtml(who.name)}, a caller needs a clinician to call back. The caller's details are shown once you accept.</p>
<form method="post"><input type="hidden" name="action" value="acknowledge">
<button class="accept" type="submit">Accept: I will call back</button></form>
<form method="post"><input type="hidden" name="action" value="decline">
<button class="decline" type="submit">Can't take it</button></form>
<p class="hint">Can't take it pages the next clinician at once. If you do not answer, they are paged when your time is up.</p>`,
  );
}

/** The person who accepted comes back by the page's link (accepted by SMS, or lost the tab): one button to the case. */
export function holderPage(stored: StoredRequest, who: Who): APIGatewayProxyResult {
  return htmlPage(
    200,
    `Accepted ${stored.reference}`,
    `${heading(stored)}
<p role="status"><strong>${escapeHtml(who.name)}, you accepted this request.</strong></p>
<form method="post"><input type="hidden" name="action" value="case">
<button class="accept" type="submit">Open the case: caller's details</button></form>
<p class="hint">The case page has the callback number and the buttons to record the call back and resolve it.</p>`,
  );
}

export function declinedPage(stored: StoredRequest): APIGatewayProxyResult {
  return htmlPage(
    200,
    `Declined ${stored.reference}`,
    `${heading(stored)}<p role="status"><strong>Declined.</strong> The next clinician is being paged. Thank you.</p>`,
  );
}

export function noLongerPage(stored: StoredRequest, message: string): APIGatewayProxyResult {
  return htmlPage(
    409,
    `Request ${stored.reference}`,
    `${heading(stored)}<p role="status">${escapeHtml(message)}</p>`,
  );
}

export function invalidLinkPage(): APIGatewayProxyResult {
  return htmlPage(
    404,
    'Link not valid',
    '<h1>This link is not valid</h1><p>It may be mistyped or expired. If you were paged, reply to the SMS with its code instead.</p>',
  );
}

export function badFormPage(statusCode: number, message: string): APIGatewayProxyResult {
  return htmlPage(statusCode, 'Could not do that', `<h1>Could not do that</h1><p>${escapeHtml(message)}</p>`);
}
