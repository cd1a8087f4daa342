import {
  decide,
  resendDelayMs,
  type Action,
  type Decision,
  type RequestEvent,
} from '../../domain/escalation/index.js';
import type { RequestDeps } from './request-deps.js';
import { sendPage } from './send-page.js';
import type { StoredRequest } from './stored-request.js';

export type EventOutcome =
  | { kind: 'missing' }
  | { kind: 'unchanged'; stored: StoredRequest; decision: Decision & { unchanged: true } }
  | { kind: 'changed'; stored: StoredRequest };

const MAX_RACES = 10;

/**
 * The one way a request changes: decide on the state read, write it conditionally on that version,
 * then carry out the actions. Losing the race means someone else changed it: read again and decide again,
 * so duplicate, late and concurrent events settle into one outcome.
 */
export async function applyEvent(
  deps: RequestDeps,
  ref: { clinicId: string; requestId: string },
  event: RequestEvent,
  current?: StoredRequest,
): Promise<EventOutcome> {
  let stored = current ?? (await deps.requests.get(ref.clinicId, ref.requestId));
  for (let race = 0; race < MAX_RACES; race++) {
    if (!stored) return { kind: 'missing' };
    const decision = decide(stored.request, event, deps.clock());
    if (decision.unchanged) return { kind: 'unchanged', stored, decision };
    const next: StoredRequest = { ...stored, request: decision.request };
    if (await deps.requests.replace(next, stored.request.version)) {
      countTransitions(deps, stored, next);
      return { kind: 'changed', stored: await runActions(deps, next, decision.actions) };
    }
    stored = await deps.requests.get(ref.clinicId, ref.requestId);
  }
  throw new Error('request changed concurrently too many times');
}

/** Carries out a decision already written. Returns the latest state (failed sends feed back as events). */
export async function runActions(
  deps: RequestDeps,
  stored: StoredRequest,
  actions: Action[],
): Promise<StoredRequest> {
  const { clinicId, requestId } = stored.request;
  const now = deps.clock();
  const followUps: RequestEvent[] = [];
  await Promise.all(
    actions.map(async (action) => {
      switch (action.type) {
        case 'page':
          if (action.retry === 0) followUps.push(...(await sendPage(deps, stored, action)));
          else {
            const [channel = 'sms'] = action.channels;
            const who =
              action.recipient.kind === 'clinician'
                ? { clinicianId: action.recipient.clinicianId, name: action.recipient.name }
                : { name: action.recipient.name };
            await schedule(deps, {
              clinicId,
              requestId,
              attempt: action.attempt,
              dueAt: now + resendDelayMs(action.retry),
              resend: { who, channel, retry: action.retry, level: action.level, round: action.round },
            });
          }
          return;
        case 'schedule':
          return schedule(deps, { clinicId, requestId, attempt: action.attempt, dueAt: action.at });
        case 'mark_contact_broken':
          return deps.clinics
            .markContactBroken(clinicId, action.clinicianId, action.channel)
            .catch(() => deps.signals.alert('mark_contact_broken_failed'));
        case 'alert_ops':
          return deps.signals.alert(action.reason);
        case 'notify_requester':
          return; // the status view polls; nothing is pushed to the hotline yet
      }
    }),
  );

  let latest = stored;
  for (const event of followUps) {
    const outcome = await applyEvent(deps, { clinicId, requestId }, event);
    if (outcome.kind !== 'missing') latest = outcome.stored;
  }
  return latest;
}

/** Metrics from what the transition wrote, so every path (API, timer, sweeper, SMS) counts the same. */
function countTransitions(deps: RequestDeps, before: StoredRequest, after: StoredRequest): void {
  for (const entry of after.request.timeline.slice(before.request.timeline.length)) {
    if (entry.type === 'escalated') deps.signals.count('Escalations');
    if (entry.type === 'unanswered') deps.signals.count('Unanswered');
    if (entry.type === 'acknowledged')
      deps.signals.count('TimeToAcknowledge', entry.at - after.request.createdAt);
  }
}

/** A lost timer is not a lost request: the sweeper finds it by its due time. So failing here only alerts. */
async function schedule(deps: RequestDeps, message: Parameters<RequestDeps['timer']['schedule']>[0]) {
  try {
    await deps.timer.schedule(message, deps.clock());
  } catch {
    deps.signals.alert('timer_schedule_failed');
  }
}
