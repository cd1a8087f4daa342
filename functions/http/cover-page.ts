// The cover offer's page: who asks, which service, when by the clinic's clock, and one button to take it.
// Server-rendered, no scripts; the form posts back to the link's own URL (keeps a stage path).
import type { APIGatewayProxyResult } from 'aws-lambda';
import { refusalError } from '../../shared/app/cover/answer-cover.js';
import { nameIn, serviceNameIn } from '../../shared/app/cover/cover-context.js';
import type { CoverLinkView } from '../../shared/app/cover/cover-links.js';
import { localWhen } from '../../shared/domain/paging/shift-notice-text.js';
import { decideAccept } from '../../shared/domain/rota/cover-requests.js';
import { escapeHtml, htmlPage } from './html.js';

type Offer = Extract<CoverLinkView, { kind: 'offer' }>;

/** A refusal's words (lower case, for the API) as a sentence on a page. */
export const asSentence = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;

function heading({ rota, request, now }: Offer): string {
  const zone = rota.clinic.timezone;
  const when = `${localWhen(zone, now, request.start)} to ${localWhen(zone, now, request.end)}`;
  return `<p><span class="tag cover">COVER</span></p>
<h1>Cover: ${escapeHtml(serviceNameIn(rota, request.serviceId))}, ${escapeHtml(rota.clinic.name)}</h1>
<p>${escapeHtml(nameIn(rota, request.requesterId))} asks a colleague to be on call from <strong>${escapeHtml(when)}</strong> <span class="muted">(${escapeHtml(zone)})</span>.</p>
${request.note ? `<div class="box"><h2>Their note</h2><p>${escapeHtml(request.note)}</p></div>` : ''}`;
}

/** Where this colleague stands with it, in words: taken by them, waiting for approval, or no longer theirs. */
function standing(offer: Offer): string {
  const { request, clinicianId, rota } = offer;
  if (request.acceptedBy === clinicianId && request.state === 'covered')
    return '<p role="status" class="box"><strong>You are covering this.</strong> The rota shows you on call for that time: pages reach you then.</p>';
  if (request.acceptedBy === clinicianId && request.state === 'awaiting_approval')
    return '<p role="status" class="box"><strong>You offered to take it.</strong> An admin must approve; until then the requester stays on call. You will get a message either way.</p>';
  const decision = decideAccept(request, clinicianId, rota.clinic.coverApproval ?? 'none', offer.now);
  if (decision.ok) return '';
  const words = refusalError(rota, request, decision).message;
  return `<p role="status"><strong>${escapeHtml(asSentence(words))}</strong> Nothing for you to do.</p>`;
}

export function coverPage(view: CoverLinkView): APIGatewayProxyResult {
  if (view.kind === 'invalid')
    return htmlPage(
      404,
      'Link not valid',
      '<h1>This cover link is not valid</h1><p>It may be mistyped, or the time it asked to cover has passed.</p>',
    );
  const status = standing(view);
  const approval = (view.rota.clinic.coverApproval ?? 'none') === 'admin';
  const action = status
    ? ''
    : `<form method="post"><input type="hidden" name="action" value="accept">
<button class="accept" type="submit">Take this cover</button></form>
<p class="hint">${
        approval
          ? 'An admin approves it before the rota changes.'
          : 'The first colleague to take it is put on call for that time; nobody else is asked.'
      } Not for you? Do nothing: the offer expires on its own.</p>`;
  return htmlPage(200, 'Cover request', `${heading(view)}${status}${action}`);
}
