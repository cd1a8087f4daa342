import type { Override, Principal } from '../domain/model.js';
import { makeOverrideId } from '../domain/override-id.js';
import { overrideVersion } from '../domain/override-versions.js';
import type { OverridePosition } from '../ports/page.js';
import type { CreateOverrideInput, PutOverrideInput } from '../schemas/override.js';
import type { ListOverridesQuery } from '../schemas/page-query.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { conflict, invalid, notFound } from './errors.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import { randomToken } from './secrets.js';
import { iso } from './views.js';

export const overrideView = (o: Override) => ({
  overrideId: o.overrideId,
  clinicId: o.clinicId,
  serviceId: o.serviceId,
  clinicianId: o.clinicianId,
  start: iso(o.start),
  end: iso(o.end),
  createdAt: iso(o.createdAt),
  updatedAt: iso(overrideVersion(o)),
});

/** What new and updated cover are both held to: it ends after now, and its clinician would be paged. */
async function checkCover(deps: AdminDeps, clinicId: string, serviceId: string, input: CreateOverrideInput) {
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
}

export async function createOverride(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  input: CreateOverrideInput,
): Promise<{ overrideId: string }> {
  requireAccess(principal, clinicId, ['admin']);
  await checkCover(deps, clinicId, serviceId, input);
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

/** A change of one override reads it again and retries when another change got there first. */
const CHANGE_TRIES = 4;

/**
 * Replaces an override's clinician, start and end, with the rules of a new one. The id stays (the store
 * moves the override when its end changes), and so does createdAt: the override keeps its place where
 * overrides overlap (the one created last wins).
 */
export async function updateOverride(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  overrideId: string,
  input: PutOverrideInput,
) {
  requireAccess(principal, clinicId, ['admin']);
  await checkCover(deps, clinicId, serviceId, input);
  for (let i = 0; i < CHANGE_TRIES; i++) {
    const read = await deps.clinics.getOverride(clinicId, serviceId, overrideId);
    if (!read) throw notFound('override');
    const now = deps.clock();
    const next: Override = {
      ...read,
      clinicianId: input.clinicianId,
      start: input.start,
      end: input.end,
      updatedAt: Math.max(now, overrideVersion(read) + 1),
    };
    if (await deps.clinics.replaceOverride(next, read, now)) return overrideView(next);
  }
  throw conflict('the override was changed by someone else at the same time: try again');
}

export async function getOverride(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  overrideId: string,
) {
  requireAccess(principal, clinicId, ['admin']);
  const override = await deps.clinics.getOverride(clinicId, serviceId, overrideId);
  if (!override) throw notFound('override');
  return overrideView(override);
}

/** `<start>#<overrideId>`: where a page of a service's overrides continues. */
const OVERRIDE_POSITION = /^(-?[0-9]{1,16})#([A-Za-z0-9_-]{1,64})$/;

/** A service's overrides by start: by default those not over yet, with `includePast` every one. */
export async function listOverrides(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  query: ListOverridesQuery,
) {
  requireAccess(principal, clinicId, ['admin']);
  if (!(await deps.clinics.getService(clinicId, serviceId))) throw notFound('service');
  const list = `overrides:${serviceId}`;
  let after: OverridePosition | undefined;
  if (query.cursor !== undefined) {
    const [, start, id] = OVERRIDE_POSITION.exec(
      decodePageCursor(clinicId, list, query.cursor, OVERRIDE_POSITION),
    ) as RegExpExecArray;
    after = { start: Number(start), overrideId: id as string };
  }
  const page = await deps.clinics.overridesPage(clinicId, serviceId, {
    limit: query.limit,
    ...(!query.includePast && { endingAfter: deps.clock() }),
    ...(after && { after }),
  });
  const last = page.items.at(-1);
  return {
    overrides: page.items.map(overrideView),
    nextCursor:
      page.more && last ? encodePageCursor(clinicId, list, `${last.start}#${last.overrideId}`) : null,
  };
}

export async function deleteOverride(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  serviceId: string,
  overrideId: string,
): Promise<void> {
  requireAccess(principal, clinicId, ['admin']);
  for (let i = 0; i < CHANGE_TRIES; i++) {
    const removal = await deps.clinics.removeOverride(clinicId, serviceId, overrideId, deps.clock());
    if (removal === 'removed') return;
    if (removal === 'absent') throw notFound('override');
  }
  throw conflict('the override is being changed by someone else at this moment: try again');
}
