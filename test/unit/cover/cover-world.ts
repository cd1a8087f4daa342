// The API tests' two-clinic world (test/unit/api/fakes.ts) with a third colleague and a clock that moves:
// alice holds 4 Mar 18:00 → 5 Mar 08:00 (bob's override has 12:00-18:00), bob 5 Mar 08:00 → 6 Mar 08:00,
// and carol is the service's second escalation level, so alice's time is offered to bob and carol.
import type { Principal } from '../../../shared/domain/model.js';
import { buildWorld, CLINIC, T0, type World } from '../api/fakes.js';

export const ALICE_EVENING = {
  start: Date.parse('2026-03-04T20:00:00Z'),
  end: Date.parse('2026-03-04T22:00:00Z'),
};

export const clinicianKey = (clinicianId: string): Principal => ({
  keyId: `k-${clinicianId}`,
  clinicId: CLINIC,
  role: 'clinician',
  clinicianId,
});

export interface CoverWorld extends World {
  /** Moves the world's clock to `at`. */
  at(at: number): void;
}

export async function buildCoverWorld(options: { approval?: 'admin' } = {}): Promise<CoverWorld> {
  const world = await buildWorld();
  let now = T0;
  world.deps.clock = () => now;
  await world.clinics.putClinician({
    clinicId: CLINIC,
    clinicianId: 'carol',
    name: 'Carol Chen',
    phone: '+447700900103',
    active: true,
    brokenContacts: [],
    updatedAt: T0,
  });
  const service = await world.clinics.getService(CLINIC, 'general');
  if (!service) throw new Error('the world has no general service');
  await world.clinics.putService({
    ...service,
    escalation: {
      ...service.escalation,
      levels: [...service.escalation.levels, { notify: { clinicianId: 'carol' }, ackTimeoutSeconds: 60 }],
    },
  });
  if (options.approval) {
    const clinic = await world.clinics.getClinic(CLINIC);
    if (clinic) await world.clinics.putClinic({ ...clinic, coverApproval: options.approval });
  }
  world.clinics.writes.length = 0;
  return { ...world, at: (at) => void (now = at) };
}

/** The ISO form the HTTP layer hands the use cases (after the schema): instants in ms. */
export const windowOf = (w: { start: number; end: number }) => ({ start: w.start, end: w.end });

/** The offers' links the pager sent, by clinician. */
export function offerLinks(world: World): Map<string, string> {
  const links = new Map<string, string>();
  for (const page of world.pager.sent)
    if (page.purpose === 'cover' && page.ackUrl.includes('/cover/') && page.clinicianId)
      links.set(page.clinicianId, page.ackUrl.slice(page.ackUrl.lastIndexOf('/') + 1));
  return links;
}
