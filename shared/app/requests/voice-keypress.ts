// A key pressed during a voice page: 1 accepts, 2 declines, anything else asks again. The call carries its
// page's reference, so the key answers exactly that page, once, like a tap on its link; a call that ended
// without a key is recorded on the timeline like a refused page.
import { voiceConfirmation } from '../../domain/paging/page-text.js';
import { findRecipient } from '../../domain/escalation/recipients.js';
import type { CallEnding, Who } from '../../domain/escalation/index.js';
import type { StoredRequest } from '../../ports/stored-request.js';
import type { RequestDeps } from './request-deps.js';
import { applyEvent } from './apply-event.js';
import { lookupPage, respondByCall } from './respond-to-page.js';

export type KeypressResult = 'accepted' | 'declined' | 'already_answered' | 'not_understood';

export async function answerVoiceKeypress(
  deps: RequestDeps,
  pageRef: string,
  digits: string,
): Promise<{ result: KeypressResult; say: string }> {
  const key = digits.trim().charAt(0);
  if (key !== '1' && key !== '2') return said('not_understood');
  const answer = await respondByCall(deps, pageRef, key === '1' ? 'acknowledge' : 'decline');
  if (answer.kind !== 'done' || answer.outcome.kind !== 'changed') return said('already_answered');
  if (answer.caseUrl) await sendCaseLink(deps, answer.outcome.stored, answer.who, answer.caseUrl);
  return said(key === '1' ? 'accepted' : 'declined');
}

/**
 * A call cannot show the caller's details: the acceptor gets their case link by text (or email), as an SMS
 * reply would. If that send fails the acceptance stands; the reminder before the call-back deadline carries
 * a fresh case link.
 */
async function sendCaseLink(deps: RequestDeps, stored: StoredRequest, who: Who, caseUrl: string) {
  const recipient = findRecipient(stored.request.route, who);
  if (!recipient) return;
  const text = `You accepted ${stored.reference} by phone. Caller details and actions: ${caseUrl}`;
  const email = recipient.kind === 'clinician' ? recipient.email : undefined;
  // Someone paged by voice alone has a verified number all the same: the one that was just called.
  const phone = recipient.phone ?? (recipient.kind === 'clinician' ? recipient.voice : undefined);
  const channel = phone !== undefined ? 'sms' : email !== undefined ? 'email' : null;
  if (!channel) return;
  await deps.pager
    .send({
      channel,
      to: channel === 'sms' ? (phone ?? '') : (email ?? ''),
      ...(recipient.kind === 'clinician' && { clinicianId: recipient.clinicianId }),
      text,
      ...(channel === 'email' && { subject: `You accepted ${stored.reference}` }),
      ackUrl: '',
      code: '',
      caseUrl,
    })
    .catch(() => undefined);
}

const said = (result: KeypressResult) => ({ result, say: voiceConfirmation(result) });

export type CallEndingResult = 'recorded' | 'unchanged' | 'unknown_page';

/** A call of a page ended without reaching the person (busy, no answer, failed, no key pressed). */
export async function recordCallEnding(
  deps: RequestDeps,
  pageRef: string,
  ending: CallEnding,
): Promise<CallEndingResult> {
  const page = await lookupPage(deps, pageRef);
  if (page.kind === 'invalid') return 'unknown_page';
  const { clinicId, requestId } = page.stored.request;
  const event = { type: 'call_ended' as const, attempt: page.attempt, to: page.who, ending };
  const outcome = await applyEvent(deps, { clinicId, requestId }, event, page.stored);
  if (outcome.kind === 'changed') deps.signals.count('CallsUnanswered');
  return outcome.kind === 'changed' ? 'recorded' : outcome.kind === 'missing' ? 'unknown_page' : 'unchanged';
}
