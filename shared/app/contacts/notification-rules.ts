// A clinician's notification rules: which methods a page uses and when, within each level they are paged at
// (docs/api.md, "Notification rules"). A rule that could never fire is refused when saved, not discovered
// at 3 am.
import { channelOf, DELIVERABLE_TYPES, type NotificationRule } from '../../domain/contacts.js';
import type { Principal, Service } from '../../domain/model.js';
import { invalid, type ErrorDetail } from '../errors.js';
import { contactsView } from '../views.js';
import type { ContactDeps } from './contact-deps.js';
import { changeContacts, clinicianOf } from './change-contacts.js';
import { requireSelfOrAdmin } from './contacts.js';

/** The shortest time any level of the clinic waits for this clinician before moving on, and where. */
function shortestWait(services: Service[], clinicianId: string) {
  let shortest: { seconds: number; where: string } | null = null;
  for (const service of services)
    service.escalation.levels.forEach((level, i) => {
      // Any clinician can be primary or secondary (an override puts anyone on call); a named level only its own.
      const pages =
        level.notify === 'fallback'
          ? false
          : typeof level.notify === 'string' || level.notify.clinicianId === clinicianId;
      if (pages && (!shortest || level.ackTimeoutSeconds < shortest.seconds))
        shortest = { seconds: level.ackTimeoutSeconds, where: `${service.name}, level ${i + 1}` };
    });
  return shortest as { seconds: number; where: string } | null;
}

export async function putNotificationRules(
  deps: ContactDeps,
  principal: Principal,
  clinicId: string,
  clinicianId: string,
  input: { rules?: NotificationRule[] | undefined; shiftNoticeMinutes?: number | undefined },
) {
  requireSelfOrAdmin(principal, clinicId, clinicianId);
  const wait = shortestWait(await deps.clinics.listServices(clinicId), clinicianId);
  const { holder } = await changeContacts(deps, clinicId, { clinicianId }, (contacts) => {
    const details: ErrorDetail[] = [];
    const seen = new Map<string, number>();
    (input.rules ?? []).forEach((rule, i) => {
      const method = contacts.find((m) => m.contactId === rule.contactId);
      const deliverable = deps.deliverable ?? DELIVERABLE_TYPES;
      const channel = method && deliverable.includes(method.type) ? channelOf(method.type) : null;
      if (!method)
        details.push({
          path: `rules.${i}.contactId`,
          message: 'is not one of this clinician’s contact methods',
        });
      else if (!channel)
        details.push({
          path: `rules.${i}.contactId`,
          message: `${method.type} is not available on this deployment yet`,
        });
      else if (seen.has(channel))
        details.push({
          path: `rules.${i}.contactId`,
          message: `a second ${channel} method: pages use one method per channel (rule ${(seen.get(channel) ?? 0) + 1} already names one)`,
        });
      else seen.set(channel, i);
      if (wait && rule.afterSeconds >= wait.seconds)
        details.push({
          path: `rules.${i}.afterSeconds`,
          message: `${rule.afterSeconds} s is not before the shortest wait of a level that pages this clinician (${wait.seconds} s, ${wait.where}): it would never be sent`,
        });
    });
    if (details.length > 0) throw invalid(details, 'these notification rules cannot be saved');
    return {
      contacts,
      // Left out: the rules stay as they are.
      ...(input.rules !== undefined && { rules: input.rules }),
      ...(input.shiftNoticeMinutes !== undefined && { shiftNoticeMinutes: input.shiftNoticeMinutes }),
      result: null,
    };
  });
  return contactsView(clinicianOf(holder));
}
