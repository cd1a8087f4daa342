import type { APIGatewayProxyResult } from 'aws-lambda';
import type { StoredRequest } from '../../shared/ports/stored-request.js';
import type { Who } from '../../shared/domain/escalation/index.js';
import { escapeHtml, htmlPage } from './html.js';

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

/** After accepting: the only place outside the authenticated API where the details are shown. */
export function acceptedPage(stored: StoredRequest): APIGatewayProxyResult {
  const { summary, callbackPhone, requesterName } = stored.details;
  const call = callbackPhone
    ? `<a class="call" href="tel:${escapeHtml(callbackPhone)}">Call ${escapeHtml(callbackPhone)}</a>`
    : '<p class="box">No callback number was given: contact the hotline.</p>';
  return htmlPage(
    200,
    `Accepted ${stored.reference}`,
    `${heading(stored)}
<p role="status"><strong>You accepted this request.</strong> Nobody else is being paged.</p>
<div class="box"><h2>What the hotline said</h2><p>${escapeHtml(summary)}</p>
${requesterName ? `<p class="muted">From: ${escapeHtml(requesterName)}</p>` : ''}</div>
${call}
<p class="muted">These details are shown once. Keep this page open until you have called.</p>`,
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
