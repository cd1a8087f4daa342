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
import { hasNeeds, matchOf, needsInWords, preferredOrder, type CallerNeeds } from '../../domain/matching.js';

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

const notifyInWords = (level: RouteLevel) =>
  typeof level.notify === 'string' ? level.notify : 'named in the escalation';

/** The level's one clinician, if it pages one (primary, secondary or named); fallback levels page many. */
const clinicianAt = (level: RouteLevel) =>
  level.recipients.length === 1 && level.recipients[0]?.kind === 'clinician'
    ? level.recipients[0]
    : undefined;

interface MatchedChain {
  levels: RouteLevel[];
  /** What matching changed, in words for the timeline; absent when nothing changed. */
  change?: string;
}

/**
 * The chain with the caller's needs applied (matching.ts). "prefer": the clinicians of the chain swap
 * places so the best match is paged first (each level keeps its own wait, so the chain's timing is the
 * service's); "require": a clinician who does not match is taken off their level, which is then skipped
 * at once with reason `no_match`. Each clinician's level records why they are there.
 */
function matchChain(
  levels: RouteLevel[],
  rota: RotaSnapshot,
  mode: 'prefer' | 'require',
  needs: CallerNeeds,
): MatchedChain {
  if (!hasNeeds(needs)) return { levels };
  const byId = (id: string) => rota.clinicians.find((c) => c.clinicianId === id);
  const matched = levels.map((level) => {
    const person = clinicianAt(level);
    const clinician = person?.kind === 'clinician' ? byId(person.clinicianId) : undefined;
    return { level, name: person?.name, match: clinician ? matchOf(clinician, needs) : undefined };
  });
  const wanted = `${needsInWords(needs)} (${mode === 'require' ? 'required' : 'preferred'})`;
  if (mode === 'require') {
    const dropped = matched.filter((m) => m.match && !m.match.full);
    return {
      levels: matched.map(({ level, match }) =>
        !match
          ? level
          : match.full
            ? { ...level, why: `on call as ${notifyInWords(level)}; ${match.why}` }
            : { ...level, recipients: [], why: match.why, skipReason: 'no_match' },
      ),
      ...(dropped.length > 0 && {
        change: `matching ${wanted}: ${dropped.map((m) => `${m.name} (${m.match?.why})`).join(', ')} skipped`,
      }),
    };
  }
  const annotated = matched.map(({ level, match }) =>
    match ? { ...level, why: `on call as ${notifyInWords(level)}; ${match.why}` } : level,
  );
  const slots = matched.flatMap((m, index) => (m.match ? [index] : []));
  const order = preferredOrder(slots, (index) => matched[index]?.match?.score ?? 0);
  if (order.every((source, k) => source === slots[k])) return { levels: annotated };
  const result = [...annotated];
  slots.forEach((slot, k) => {
    const source = annotated[order[k] ?? slot];
    // The person moves; the slot keeps its own wait.
    if (source) result[slot] = { ...source, ackTimeoutSeconds: levels[slot]?.ackTimeoutSeconds ?? 0 };
  });
  return {
    levels: result,
    change: `matching ${wanted}: paged in the order ${order.map((index) => matched[index]?.name).join(', ')}`,
  };
}

const hasClinician = (levels: RouteLevel[]) =>
  levels.some((l) => l.recipients.some((r) => r.kind === 'clinician'));

/**
 * A service with nobody on call routes to its fallbackServiceId, else straight to the clinic's
 * fallback contacts (as a first level that waits fallbackRepeatSeconds, then the unanswered repeat).
 * The caller's needs order the chain ("prefer") or filter it ("require": nobody matching counts as
 * nobody on call, and the fallback service must match too; the clinic's fallback contacts are paged
 * whatever they are, being the last resort). The request is accepted either way; `reason` says why on the
 * timeline (docs/api.md, "Routing: the frozen route and nobody on call", and "Matching").
 */
export function resolveRoute(
  rota: RotaSnapshot,
  service: Service,
  now: number,
  needs: CallerNeeds = {},
): ResolvedRoute {
  const fallbackContacts = rota.clinic.fallback.map(fallbackRecipient);
  const base = {
    fallbackRepeatSeconds: rota.clinic.fallbackRepeatSeconds,
    fallbackContacts,
    followUp: service.escalation.followUp ?? DEFAULT_FOLLOW_UP,
  };
  const mode = service.matching ?? 'prefer';
  const nobody = (of: Service, chain: RouteLevel[]) =>
    hasClinician(chain) && mode === 'require'
      ? `nobody on call for ${of.serviceId} matches ${needsInWords(needs)} (required)`
      : `nobody on call for ${of.serviceId}`;

  const ownChain = chainOf(service, rota, fallbackContacts, now);
  const own = matchChain(ownChain, rota, mode, needs);
  if (hasClinician(own.levels))
    return {
      route: {
        ...base,
        levels: own.levels,
        repeat: service.escalation.repeat,
        ...(own.change && { reason: own.change }),
      },
      routedServiceId: service.serviceId,
      routedServiceName: service.name,
    };

  const fallbackService = rota.services.find((s) => s.serviceId === service.fallbackServiceId);
  if (fallbackService) {
    // The request's own service decides whether a match is required, wherever its chain comes from.
    const chain = matchChain(chainOf(fallbackService, rota, fallbackContacts, now), rota, mode, needs);
    if (hasClinician(chain.levels))
      return {
        route: {
          ...base,
          levels: chain.levels,
          repeat: fallbackService.escalation.repeat,
          followUp: fallbackService.escalation.followUp ?? DEFAULT_FOLLOW_UP,
          reason: [
            `${nobody(service, ownChain)}: routed to fallback service ${fallbackService.serviceId}`,
            chain.change,
          ]
            .filter(Boolean)
            .join('; '),
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
      reason: `${nobody(service, ownChain)}: paging the clinic's fallback contacts`,
    },
    routedServiceId: service.serviceId,
    routedServiceName: service.name,
  };
}
