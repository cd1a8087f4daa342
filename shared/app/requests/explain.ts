import type { Decision, RequestEvent } from '../../domain/escalation/index.js';
import { AppError, conflict } from '../errors.js';

type Unchanged = Decision & { unchanged: true };
type PersonAction = RequestEvent['type'];

/** Told to the clinician who accepted a request and then tries to decline it, on the API and the ack link. */
export const ACCEPTED_CANNOT_DECLINE =
  "You accepted this request, so it can't be declined now: call the caller back, or ask the hotline to cancel it and send it again so someone else is paged.";

/**
 * Nothing changed, yet what the caller asked for already holds: they are the one who acknowledged and they
 * acknowledge again (a double tap, a retry). The API answers that with the request (200). Only an ack: the
 * same person declining is refused, never answered as if it had worked.
 */
export function isRepeatedOwnAck(decision: Unchanged, action: PersonAction): boolean {
  return action === 'ack' && decision.conflict?.byCaller === true;
}

/** The clinician who accepted the request declines it: the domain ignores that, and they must be told. */
export function isDeclineOfOwnAcceptance(decision: Unchanged, action: PersonAction): boolean {
  return (
    action === 'decline' && decision.reason === 'already_acknowledged' && decision.conflict?.byCaller === true
  );
}

/** Why an action by a person changed nothing, as the API's 409 answer (and the ack page's message). */
export function explainUnchanged(decision: Unchanged, action?: PersonAction): AppError {
  const by = decision.conflict?.acknowledgedBy;
  const acknowledged = {
    acknowledgedBy: by ?? null,
    acknowledgedAt: decision.conflict?.acknowledgedAt
      ? new Date(decision.conflict.acknowledgedAt).toISOString()
      : null,
  };
  if (action !== undefined && isDeclineOfOwnAcceptance(decision, action))
    return conflict(ACCEPTED_CANNOT_DECLINE, acknowledged);
  switch (decision.reason) {
    case 'already_acknowledged':
      if (action === 'ack' && decision.conflict?.byCaller)
        return conflict('You already accepted this request.', acknowledged);
      return conflict(`already acknowledged by ${by?.name ?? 'someone else'}`, acknowledged);
    case 'closed':
      return conflict('the request is closed');
    case 'not_acknowledged':
      return conflict(
        'nobody has accepted the request yet (or it was passed on), so this does not apply now',
      );
    case 'not_assignee':
      return conflict('only the person who accepted the request can do that');
    case 'already_contacted':
      return conflict('the call back is already recorded');
    case 'not_current_recipient':
      return conflict('you are not being paged for this request right now');
    case 'not_paging':
      return conflict('the request is not paging anyone');
    default:
      return new AppError('conflict', `nothing to do (${decision.reason})`);
  }
}
