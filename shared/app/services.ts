import type { Principal, Service } from '../domain/model.js';
import type { PageQuery } from '../schemas/page-query.js';
import type { PutServiceInput } from '../schemas/service.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { conflict, invalid, notFound, type ErrorDetail } from './errors.js';
import { idPage } from './page-cursor.js';
import { serviceView } from './views.js';

export async function putService(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  input: PutServiceInput,
) {
  requireAccess(principal, clinicId, ['admin']);
  const [clinicians, services] = await Promise.all([
    deps.clinics.listClinicians(clinicId),
    deps.clinics.listServices(clinicId),
  ]);
  const known = new Set(clinicians.map((c) => c.clinicianId));
  const details: ErrorDetail[] = [];
  input.rotation.participants.forEach((id, i) => {
    if (!known.has(id))
      details.push({ path: `rotation.participants.${i}`, message: 'no such clinician in this clinic' });
  });
  input.escalation.levels.forEach((level, i) => {
    if (typeof level.notify === 'object' && !known.has(level.notify.clinicianId))
      details.push({
        path: `escalation.levels.${i}.notify.clinicianId`,
        message: 'no such clinician in this clinic',
      });
  });
  if (input.fallbackServiceId === serviceId)
    details.push({ path: 'fallbackServiceId', message: 'a service cannot fall back to itself' });
  else if (input.fallbackServiceId && !services.some((s) => s.serviceId === input.fallbackServiceId))
    details.push({ path: 'fallbackServiceId', message: 'no such service in this clinic' });
  if (details.length) throw invalid(details);

  const service: Service = { clinicId, serviceId, ...input, updatedAt: deps.clock() };
  await deps.clinics.putService(service);
  return serviceView(service);
}

export async function getService(deps: AdminDeps, principal: Principal, clinicId: string, serviceId: string) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  const service = await deps.clinics.getService(clinicId, serviceId);
  if (!service) throw notFound('service');
  return serviceView(service);
}

export async function listServices(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  query: PageQuery,
) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  const page = await idPage(
    clinicId,
    'services',
    query,
    (request) => deps.clinics.servicesPage(clinicId, request),
    (s) => s.serviceId,
  );
  return { services: page.items.map(serviceView), nextCursor: page.nextCursor };
}

/** How an error names a service: "Adolescent (adolescent)". */
export const serviceLabel = (service: Pick<Service, 'name' | 'serviceId'>) =>
  `${service.name} (${service.serviceId})`;

/**
 * Deletes a service and its overrides (a service made later with the same id starts without old cover).
 * Refused while another service falls back to it. Open requests keep the route frozen when they were
 * made, so they carry on as they were.
 */
export async function deleteService(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
): Promise<void> {
  requireAccess(principal, clinicId, ['admin']);
  const [service, services] = await Promise.all([
    deps.clinics.getService(clinicId, serviceId),
    deps.clinics.listServices(clinicId),
  ]);
  if (!service) throw notFound('service');
  const dependants = services.filter((s) => s.serviceId !== serviceId && s.fallbackServiceId === serviceId);
  if (dependants.length)
    throw conflict(
      `other services fall back to this one: ${dependants.map(serviceLabel).join('; ')}. Give them another fallbackServiceId, or none, first`,
      {
        references: dependants.map((s) => ({
          serviceId: s.serviceId,
          serviceName: s.name,
          path: 'fallbackServiceId',
        })),
      },
    );
  if (!(await deps.clinics.deleteService(clinicId, serviceId))) throw notFound('service');
}
