import type { Principal, Service } from '../domain/model.js';
import type { PutServiceInput } from '../schemas/service.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { invalid, notFound, type ErrorDetail } from './errors.js';
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

export async function listServices(deps: AdminDeps, principal: Principal, clinicId: string) {
  requireAccess(principal, clinicId, ['admin', 'intake']);
  return { services: (await deps.clinics.listServices(clinicId)).map(serviceView) };
}
