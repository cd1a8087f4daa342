import type { Override, Principal } from '../domain/model.js';
import type { CreateOverrideInput } from '../schemas/override.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { invalid, notFound } from './errors.js';
import { makeOverrideId } from '../domain/override-id.js';
import { randomToken } from './secrets.js';

export async function createOverride(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  input: CreateOverrideInput,
): Promise<{ overrideId: string }> {
  requireAccess(principal, clinicId, ['admin']);
  // Cover that is already over covers nothing, and would only clutter the rota.
  if (input.end <= deps.clock())
    throw invalid([{ path: 'end', message: 'is in the past: the cover must end after now' }]);
  const [service, clinician] = await Promise.all([
    deps.clinics.getService(clinicId, serviceId),
    deps.clinics.getClinician(clinicId, input.clinicianId),
  ]);
  if (!service) throw notFound('service');
  if (!clinician) throw invalid([{ path: 'clinicianId', message: 'no such clinician in this clinic' }]);
  // Cover by someone who would never be paged is no cover: the rota would show a gap as covered.
  if (!clinician.active)
    throw invalid([
      {
        path: 'clinicianId',
        message:
          'this clinician is inactive, so they would not be paged: make them active first, or choose someone else',
      },
    ]);
  const override: Override = {
    overrideId: makeOverrideId(input.end, randomToken(9)),
    clinicId,
    serviceId,
    clinicianId: input.clinicianId,
    start: input.start,
    end: input.end,
    createdAt: deps.clock(),
  };
  await deps.clinics.putOverride(override);
  return { overrideId: override.overrideId };
}

export async function deleteOverride(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  overrideId: string,
): Promise<void> {
  requireAccess(principal, clinicId, ['admin']);
  if (!(await deps.clinics.deleteOverride(clinicId, serviceId, overrideId))) throw notFound('override');
}
