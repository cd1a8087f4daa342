import type { Decision } from '../../domain/escalation/index.js';
import { AppError, conflict } from '../errors.js';

type Unchanged = Decision & { unchanged: true };

/** Why an action by a person changed nothing, as the API's 409 answer. */
export function explainUnchanged(decision: Unchanged): AppError {
  const by = decision.conflict?.acknowledgedBy;
  switch (decision.reason) {
    case 'already_acknowledged':
      return conflict(`already acknowledged by ${by?.name ?? 'someone else'}`, {
        acknowledgedBy: by ?? null,
        acknowledgedAt: decision.conflict?.acknowledgedAt
          ? new Date(decision.conflict.acknowledgedAt).toISOString()
          : null,
      });
    case 'closed':
      return conflict('the request is closed');
    case 'not_acknowledged':
      return conflict('the request has not been acknowledged yet');
    case 'not_assignee':
      return conflict('only the clinician who acknowledged the request can do that');
    case 'not_current_recipient':
      return conflict('you are not being paged for this request right now');
    case 'not_paging':
      return conflict('the request is not paging anyone');
    default:
      return new AppError('conflict', `nothing to do (${decision.reason})`);
  }
}
