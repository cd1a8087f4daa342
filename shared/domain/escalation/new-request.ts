// A freshly submitted request: paging, nothing sent yet, due at once. decide(start) sends the first page;
// should that step be lost, the sweeper finds it due and its timer (attempt 0) does the same.
import type { CrisisRequest, Route, Urgency } from './request.js';

export interface NewRequestInput {
  requestId: string;
  clinicId: string;
  serviceId: string;
  /** The service whose chain was used; defaults to serviceId. */
  routedServiceId?: string;
  urgency: Urgency;
  route: Route;
  now: number;
}

/** Guards the engine's progress: a zero or negative wait would page in a tight loop. */
function checkRoute(route: Route): void {
  const positive = (n: number) => Number.isFinite(n) && n > 0;
  if (!Number.isInteger(route.repeat) || route.repeat < 0) throw new RangeError('route.repeat must be >= 0');
  if (!positive(route.fallbackRepeatSeconds)) throw new RangeError('route.fallbackRepeatSeconds must be > 0');
  const followUp = route.followUp;
  if (followUp && !(positive(followUp.contactWithinSeconds) && positive(followUp.resolveWithinSeconds)))
    throw new RangeError('route.followUp deadlines must be > 0');
  if (!route.levels.every((l) => positive(l.ackTimeoutSeconds))) {
    throw new RangeError('route level ackTimeoutSeconds must be > 0');
  }
}

export function createRequest(input: NewRequestInput): CrisisRequest {
  checkRoute(input.route);
  const routedServiceId = input.routedServiceId ?? input.serviceId;
  const rerouted = routedServiceId !== input.serviceId || input.route.reason !== undefined;
  return {
    requestId: input.requestId,
    clinicId: input.clinicId,
    serviceId: input.serviceId,
    routedServiceId,
    urgency: input.urgency,
    createdAt: input.now,
    route: input.route,
    status: 'paging',
    position: { round: 0, level: 0, attempt: 0 },
    version: 0,
    nextDueAt: input.now,
    assignee: null,
    followUp: null,
    declinedBy: [],
    paged: [],
    awaiting: [],
    brokenContacts: [],
    pending: [],
    timeline: [
      { at: input.now, type: 'submitted', serviceId: input.serviceId },
      ...(rerouted
        ? [
            {
              at: input.now,
              type: 'routed' as const,
              serviceId: routedServiceId,
              reason: input.route.reason ?? 'rerouted',
            },
          ]
        : []),
    ],
  };
}
