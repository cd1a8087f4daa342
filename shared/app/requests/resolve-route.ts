import {
  DEFAULT_FOLLOW_UP,
  type Recipient,
  type Route,
  type RouteLevel,
} from '../../domain/escalation/index.js';
import { fallbackIdOf, fallbackPlan } from '../../domain/fallback-contacts.js';
import type { Clinician, ContactChannel, FallbackContact, Service } from '../../domain/model.js';
import { whoIsOnCall } from '../../domain/rota/index.js';
import { pagingAddresses, pagingPlan, unreachableReason } from '../../domain/contacts.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';

export interface ResolvedRoute {
  route: Route;
  routedServiceId: string;
  routedServiceName: string;
}

/** Only an active clinician with a verified, working way to be reached is paged (on-call.ts shows the same). */
function clinicianRecipient(clinician: Clinician | undefined): Recipient[] {
  if (!clinician || unreachableReason(clinician) !== null) return [];
  const plan = pagingPlan(clinician);
  const { phone, email, voice, push } = pagingAddresses(clinician);
  const broken = clinician.brokenContacts;
  const delayed = plan.filter((p) => p.afterSeconds > 0);
  return [
    {
      kind: 'clinician',
      clinicianId: clinician.clinicianId,
      name: clinician.name,
      ...(phone !== undefined && { phone }),
      ...(email !== undefined && !broken.includes('email') && { email }),
      ...(voice !== undefined && !broken.includes('voice') && { voice }),
      ...(push !== undefined && !broken.includes('push') && { push }),
      ...(broken.includes('sms') && { smsBroken: true }),
      ...(delayed.length > 0 && {
        delays: Object.fromEntries(delayed.map((p) => [p.channel, p.afterSeconds])),
      }),
    },
  ];
}

/** The settings number always; other methods once verified (fallback-contacts.ts). */
function fallbackRecipient(contact: FallbackContact): Recipient {
  const to = (channel: ContactChannel) =>
    channel === 'sms' ? undefined : fallbackPlan(contact).find((p) => p.channel === channel)?.to;
  const [email, voice, push] = [to('email'), to('voice'), to('push')];
  return {
    kind: 'fallback',
    fallbackId: fallbackIdOf(contact),
    name: contact.name,
    phone: contact.phone,
    ...(email !== undefined && { email }),
    ...(voice !== undefined && { voice }),
    ...(push !== undefined && { push }),
  };
}

/** The service's chain at `now`: who primary and secondary are, frozen into recipients. */
function chainOf(
  service: Service,
  rota: RotaSnapshot,
  fallbackContacts: Recipient[],
  now: number,
): RouteLevel[] {
  const onCall = whoIsOnCall({
    rotation: service.rotation,
    timeZone: rota.clinic.timezone,
    overrides: rota.overrides.filter((o) => o.serviceId === service.serviceId),
    at: now,
  });
  const byId = (id: string | undefined) => rota.clinicians.find((c) => c.clinicianId === id);
  return service.escalation.levels.map((level) => {
    const recipients =
      level.notify === 'primary'
        ? clinicianRecipient(byId(onCall.primary?.clinicianId))
        : level.notify === 'secondary'
          ? clinicianRecipient(byId(onCall.secondary?.clinicianId))
          : level.notify === 'fallback'
            ? fallbackContacts
            : clinicianRecipient(byId(level.notify.clinicianId));
    return { notify: level.notify, recipients, ackTimeoutSeconds: level.ackTimeoutSeconds };
  });
}

const hasClinician = (levels: RouteLevel[]) =>
  levels.some((l) => l.recipients.some((r) => r.kind === 'clinician'));

/**
 * A service with nobody on call routes to its fallbackServiceId, else straight to the clinic's
 * fallback contacts (as a first level that waits fallbackRepeatSeconds, then the unanswered repeat).
 * The request is accepted either way; `reason` says why on the timeline (docs/api.md, "Routing: the frozen
 * route and nobody on call").
 */
export function resolveRoute(rota: RotaSnapshot, service: Service, now: number): ResolvedRoute {
  const fallbackContacts = rota.clinic.fallback.map(fallbackRecipient);
  const base = {
    fallbackRepeatSeconds: rota.clinic.fallbackRepeatSeconds,
    fallbackContacts,
    followUp: service.escalation.followUp ?? DEFAULT_FOLLOW_UP,
  };

  const own = chainOf(service, rota, fallbackContacts, now);
  if (hasClinician(own))
    return {
      route: { ...base, levels: own, repeat: service.escalation.repeat },
      routedServiceId: service.serviceId,
      routedServiceName: service.name,
    };

  const fallbackService = rota.services.find((s) => s.serviceId === service.fallbackServiceId);
  if (fallbackService) {
    const chain = chainOf(fallbackService, rota, fallbackContacts, now);
    if (hasClinician(chain))
      return {
        route: {
          ...base,
          levels: chain,
          repeat: fallbackService.escalation.repeat,
          followUp: fallbackService.escalation.followUp ?? DEFAULT_FOLLOW_UP,
          reason: `nobody on call for ${service.serviceId}: routed to fallback service ${fallbackService.serviceId}`,
        },
        routedServiceId: fallbackService.serviceId,
        routedServiceName: fallbackService.name,
      };
  }
  return {
    route: {
      ...base,
      levels: [
        {
          notify: 'fallback',
          recipients: fallbackContacts,
          ackTimeoutSeconds: rota.clinic.fallbackRepeatSeconds,
        },
      ],
      repeat: 0,
      reason: `nobody on call for ${service.serviceId}: paging the clinic's fallback contacts`,
    },
    routedServiceId: service.serviceId,
    routedServiceName: service.name,
  };
}
