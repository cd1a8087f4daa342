// What the rota check does for cover requests: it expires untaken ones and tells the admins and the
// requester once, and finishes what a function killed mid-way left undone (offers, the override, alerts).
import { describe, expect, it } from '@jest/globals';
import { acceptCover } from '../../../shared/app/cover/answer-cover.js';
import { askForCover } from '../../../shared/app/cover/ask-for-cover.js';
import { acceptByLink } from '../../../shared/app/cover/cover-links.js';
import { checkCoverRequests } from '../../../shared/app/rota-check/check-cover-requests.js';
import type { RecordingSignals } from '../requests/fakes.js';
import { CLINIC } from '../api/fakes.js';
import { ALICE_EVENING, buildCoverWorld, clinicianKey, offerLinks, type CoverWorld } from './cover-world.js';

const alice = clinicianKey('alice');
const bob = clinicianKey('bob');
const MINUTE = 60_000;

const check = async (world: CoverWorld, at: number) => {
  world.at(at);
  const rota = await world.deps.clinics.loadRota(CLINIC, at - 31 * 86_400_000);
  if (!rota) throw new Error('no rota');
  return checkCoverRequests(world.deps, rota, at);
};
const alerts = (world: CoverWorld) => (world.deps.signals as RecordingSignals).alerts;
const asked = (world: CoverWorld) => askForCover(world.deps, alice, CLINIC, 'general', ALICE_EVENING);
const overrides = (world: CoverWorld) =>
  [...world.clinics.overrides.values()].filter((o) => o.clinicianId === 'bob');

/** bob takes it and the function dies right after the change, before the override is written. */
async function acceptKilledBeforeOverride(world: CoverWorld, coverId: string) {
  const putOverride = world.clinics.putOverride.bind(world.clinics);
  world.clinics.putOverride = async () => {
    throw new Error('killed');
  };
  await expect(acceptCover(world.deps, bob, CLINIC, coverId)).rejects.toThrow('killed');
  world.clinics.putOverride = putOverride;
}

describe('a function killed after the change, before the override', () => {
  it('leaves the request covered without its override; the next rota check writes it, once', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await asked(world);
    const before = overrides(world).length;
    await acceptKilledBeforeOverride(world, coverId);
    const stored = await world.covers.getCoverRequest(CLINIC, coverId);
    expect(stored).toMatchObject({ state: 'covered', acceptedBy: 'bob' });
    expect(stored?.overrideAt).toBeUndefined();
    expect(overrides(world)).toHaveLength(before);

    const t = world.deps.clock() + 5 * MINUTE;
    expect(await check(world, t)).toEqual({ expired: 0, repaired: 1 });
    expect(overrides(world)).toHaveLength(before + 1);
    expect(overrides(world).at(-1)).toMatchObject({ start: ALICE_EVENING.start, end: ALICE_EVENING.end });
    expect((await world.covers.getCoverRequest(CLINIC, coverId))?.overrideAt).toBe(t);
    // Done: the next check has nothing to finish, and the override is not written twice.
    expect(await check(world, t + 5 * MINUTE)).toEqual({ expired: 0, repaired: 0 });
    expect(overrides(world)).toHaveLength(before + 1);
  });

  it('the taker trying again (no answer came back) is told it is theirs, and the override is written then', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await asked(world);
    const before = overrides(world).length;
    await acceptKilledBeforeOverride(world, coverId);
    await expect(acceptCover(world.deps, bob, CLINIC, coverId)).resolves.toMatchObject({
      state: 'covered',
      acceptedBy: { clinicianId: 'bob' },
    });
    expect(overrides(world)).toHaveLength(before + 1);
    // By the offer's link too: already theirs is done, not "someone has already taken this cover".
    await expect(acceptByLink(world.deps, offerLinks(world).get('bob') ?? '')).resolves.toEqual({
      kind: 'done',
    });
    await expect(acceptByLink(world.deps, offerLinks(world).get('carol') ?? '')).resolves.toEqual({
      kind: 'refused',
      message: 'Bob Brown has already taken this cover',
    });
    await expect(acceptByLink(world.deps, 'x'.repeat(22))).resolves.toEqual({ kind: 'invalid' });
  });

  it('killed before the override is marked: writing it again is harmless (its id comes from the request)', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await asked(world);
    const before = overrides(world).length;
    world.covers.beforeWrite = (what) => {
      if (what === 'mark:overrideAt') throw new Error('killed');
    };
    await expect(acceptCover(world.deps, bob, CLINIC, coverId)).rejects.toThrow('killed');
    world.covers.beforeWrite = () => undefined;
    expect(overrides(world)).toHaveLength(before + 1);
    expect(await check(world, world.deps.clock() + 5 * MINUTE)).toEqual({ expired: 0, repaired: 1 });
    expect(overrides(world)).toHaveLength(before + 1);
  });
});

describe('offers that could not leave', () => {
  it('SNS throttled every offer: the request stands, an alert is raised, the rota check offers it again', async () => {
    const world = await buildCoverWorld();
    world.pager.answer = { ok: false, code: 'Throttling', permanent: false };
    const view = await asked(world);
    expect(view.offers).toEqual({ sent: 0, failed: 2 });
    expect(alerts(world)).toEqual(['cover_offers_undelivered']);
    expect((await world.covers.getCoverRequest(CLINIC, view.coverId))?.offeredAt).toBeUndefined();

    // Within two minutes the asking function may still be sending: left alone.
    world.pager.answer = { ok: true, messageId: 'm-2' };
    world.pager.sent.length = 0;
    const t0 = world.deps.clock();
    expect(await check(world, t0 + MINUTE)).toEqual({ expired: 0, repaired: 0 });
    expect(await check(world, t0 + 3 * MINUTE)).toEqual({ expired: 0, repaired: 1 });
    expect(world.pager.sent.map((p) => p.clinicianId).sort()).toEqual(['bob', 'carol']);
    expect((await world.covers.getCoverRequest(CLINIC, view.coverId))?.offeredAt).toBe(t0 + 3 * MINUTE);
    // The new links work.
    const link = offerLinks(world).get('bob') ?? '';
    await expect(acceptByLink(world.deps, link)).resolves.toEqual({ kind: 'done' });
    expect(await check(world, t0 + 6 * MINUTE)).toEqual({ expired: 0, repaired: 0 });
  });

  it('one colleague unreachable (opted out): the others are offered it and it counts as offered', async () => {
    const world = await buildCoverWorld();
    const pager = world.pager;
    const send = pager.send.bind(pager);
    pager.send = async (page) =>
      page.clinicianId === 'bob' ? { ok: false, code: 'OptedOut', permanent: true } : send(page);
    const view = await asked(world);
    expect(view.offers).toEqual({ sent: 1, failed: 1 });
    expect(alerts(world)).toEqual([]);
    expect((await world.covers.getCoverRequest(CLINIC, view.coverId))?.offeredAt).toBeDefined();
  });
});

describe('expiry', () => {
  it('an hour before the window, untaken: expired, the admins and the requester told once', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await asked(world);
    world.pager.sent.length = 0;
    expect(await check(world, ALICE_EVENING.start - 61 * MINUTE)).toEqual({ expired: 0, repaired: 0 });
    expect(await check(world, ALICE_EVENING.start - 60 * MINUTE)).toEqual({ expired: 1, repaired: 0 });
    const stored = await world.covers.getCoverRequest(CLINIC, coverId);
    expect(stored).toMatchObject({ state: 'expired' });
    expect(stored?.history.at(-1)).toMatchObject({ action: 'expired', by: 'rota-check' });
    expect(world.pager.sent.map((p) => p.clinicianId ?? p.to).sort()).toEqual(['+447700900201', 'alice']);
    expect(world.pager.sent[0]?.text).toMatch(/nobody took Alice Adams's cover of General/);
    // Duplicate and late checks: nothing more.
    expect(await check(world, ALICE_EVENING.start - 55 * MINUTE)).toEqual({ expired: 0, repaired: 0 });
    expect(world.pager.sent).toHaveLength(2);
  });

  it('an alert nobody received is sent again by the next check, until it leaves', async () => {
    const world = await buildCoverWorld();
    await asked(world);
    world.pager.answer = { ok: false, code: 'Throttling', permanent: false };
    expect(await check(world, ALICE_EVENING.start - 60 * MINUTE)).toEqual({ expired: 1, repaired: 0 });
    expect(alerts(world)).toContain('cover_expiry_undelivered');
    world.pager.answer = { ok: true, messageId: 'm-3' };
    world.pager.sent.length = 0;
    expect(await check(world, ALICE_EVENING.start - 55 * MINUTE)).toEqual({ expired: 0, repaired: 1 });
    expect(world.pager.sent).toHaveLength(2);
    expect(await check(world, ALICE_EVENING.start - 50 * MINUTE)).toEqual({ expired: 0, repaired: 0 });
    expect(world.pager.sent).toHaveLength(2);
  });

  it('withdrawn at the last moment, while the check expires it: the check loses, and sends nothing', async () => {
    const world = await buildCoverWorld();
    // Offers never left (so the read copy would still ask for them): losing the race must not send them.
    world.pager.answer = { ok: false, code: 'Throttling', permanent: false };
    const { coverId } = await asked(world);
    world.pager.answer = { ok: true, messageId: 'm-4' };
    world.pager.sent.length = 0;
    world.covers.beforeWrite = (what) => {
      if (what !== 'transition:expired') return;
      const stored = world.covers.requests.get(`${CLINIC}/${coverId}`);
      if (stored) world.covers.requests.set(`${CLINIC}/${coverId}`, { ...stored, state: 'cancelled' });
    };
    expect(await check(world, ALICE_EVENING.start - 60 * MINUTE)).toEqual({ expired: 0, repaired: 0 });
    expect(world.pager.sent).toEqual([]);
    expect((await world.covers.getCoverRequest(CLINIC, coverId))?.state).toBe('cancelled');
  });

  it('a request whose window has ended is left alone', async () => {
    const world = await buildCoverWorld();
    await asked(world);
    world.pager.answer = { ok: false, code: 'Throttling', permanent: false };
    expect(await check(world, ALICE_EVENING.end)).toEqual({ expired: 0, repaired: 0 });
  });
});
