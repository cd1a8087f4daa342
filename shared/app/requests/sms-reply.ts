import { isClosedStatus, type RequestEvent } from '../../domain/escalation/index.js';
import { applyEvent } from './apply-event.js';
import { isDeclineOfOwnAcceptance } from './explain.js';
import { issueCaseLink } from './issue-case-link.js';
import type { RequestDeps } from './request-deps.js';

/**
 * "4821" or "4821 yes" accepts (the compact page text says "Reply 4821 yes"); "4821N", "4821 n", "4821 no"
 * decline. Anything else is not a reply to a page.
 */
export function parseSmsReply(body: string): { code: string; decline: boolean } | null {
  const match = /^\s*(\d{4})\s*(y|yes|n|no)?\s*[.!]?\s*$/i.exec(body);
  if (!match?.[1]) return null;
  return { code: match[1], decline: /^n/i.test(match[2] ?? '') };
}

/**
 * Wrong codes a phone may send in 15 minutes with the usual "does not match" reply; from then on a wrong code
 * gets LOCKED, which gives no hint about the code, and ops is alerted once. A code that matches a live page
 * for the phone always counts, locked or not: whoever spoofs a clinician's number must not be able to block
 * the clinician's own replies by sending wrong codes first.
 */
const MAX_MISSES = 5;
const LOCKED =
  'Too many wrong codes from this phone. Check the code in the page and reply with it, or open the link in the page.';

const HELP = 'To answer a page, reply with its 4-digit code (e.g. 4821 to accept, 4821N to decline).';

/**
 * An SMS reply, matched on sender + code, never on the code alone. Returns the text to send back; the
 * reply never carries patient detail (that is shown on the ack page or the API after accepting).
 */
export async function respondBySms(
  deps: RequestDeps,
  from: string,
  body: string,
): Promise<{ reply: string; matched: boolean; caseUrl?: string }> {
  const parsed = parseSmsReply(body);
  if (!parsed) return { reply: HELP, matched: false };
  const now = deps.clock();
  // The code first: only misses are counted, and a hit is never refused.
  const record = await deps.requests.findSmsCode(from, parsed.code, now);
  if (!record) {
    const misses = await deps.requests.smsMisses(from, now, true);
    if (misses === MAX_MISSES) deps.signals.alert('sms_code_guessing');
    if (misses > MAX_MISSES) return { reply: LOCKED, matched: false };
    return { reply: `Code ${parsed.code} does not match a page sent to this phone. ${HELP}`, matched: false };
  }
  // A right code after many wrong ones may be a guess that hit: it counts, and ops hear of it to check.
  if ((await deps.requests.smsMisses(from, now, false)) >= MAX_MISSES)
    deps.signals.alert('sms_code_hit_after_misses');

  const event: RequestEvent = {
    type: parsed.decline ? 'decline' : 'ack',
    attempt: record.attempt,
    by: record.who,
    via: 'sms',
  };
  const outcome = await applyEvent(deps, { clinicId: record.clinicId, requestId: record.requestId }, event);
  if (outcome.kind === 'missing')
    return { reply: `Code ${parsed.code} no longer matches an open request.`, matched: false };
  const reference = outcome.stored.reference;
  // Whoever accepts gets the case link: the caller's details, the call button and the follow-up actions.
  const accepted = async (text: string) => {
    const caseUrl = await issueCaseLink(deps, outcome.stored, record.who);
    return { matched: true, reply: `${text} Caller details and actions: ${caseUrl}`, caseUrl };
  };
  if (outcome.kind === 'changed') {
    if (!parsed.decline) return accepted(`You accepted ${reference}. Nobody else is being paged.`);
    return {
      matched: true,
      reply:
        outcome.stored.request.status === 'unanswered'
          ? `Declined ${reference}. Paging continues until someone accepts.`
          : `Declined ${reference}. Thank you; the next clinician is being paged.`,
    };
  }
  const by = outcome.decision.conflict?.acknowledgedBy;
  if (isDeclineOfOwnAcceptance(outcome.decision, event.type))
    return {
      matched: true,
      reply: `You accepted ${reference}, so it can't be declined now: call the caller back, or ask the hotline to cancel it and send it again.`,
    };
  if (outcome.decision.conflict?.byCaller && !isClosedStatus(outcome.stored.request.status))
    return accepted(`You already accepted ${reference}.`);
  if (outcome.decision.conflict?.byCaller)
    return { matched: true, reply: `You already accepted ${reference}; it is closed now.` };
  if (by)
    return { matched: true, reply: `${reference} was already accepted by ${by.name}. No action needed.` };
  return { matched: true, reply: `${reference} is no longer waiting for you. No action needed.` };
}

/** An inbound SMS, answered by SMS to its sender: the one path for AWS two-way SMS and the local stack. */
export async function answerInboundSms(
  deps: RequestDeps,
  from: string,
  body: string,
): Promise<{ reply: string; matched: boolean; replyFailure?: string }> {
  const { caseUrl, ...answer } = await respondBySms(deps, from, body);
  const sent = await deps.pager.send({
    channel: 'sms',
    to: from,
    text: answer.reply,
    ackUrl: '',
    code: '',
    ...(caseUrl && { caseUrl }),
  });
  return sent.ok ? answer : { ...answer, replyFailure: sent.code };
}
