// Cover requests through their use cases on the API world: asking (the window must be one's own time on
// call), offers with a link each, the race of two takers, approval, cancelling, and what the rota shows.
import { describe, expect, it } from '@jest/globals';
import { acceptCover, cancelCover, reviewCover } from '../../../shared/app/cover/answer-cover.js';
import { askForCover } from '../../../shared/app/cover/ask-for-cover.js';
import { getCover, listCovers } from '../../../shared/app/cover/list-covers.js';
import { AppError } from '../../../shared/app/errors.js';
import { getOnCall } from '../../../shared/app/on-call.js';
import { hashSecret } from '../../../shared/app/secrets.js';
import { CLINIC, principals } from '../api/fakes.js';
import { ALICE_EVENING, buildCoverWorld, clinicianKey, offerLinks, type CoverWorld } from './cover-world.js';

const alice = clinicianKey('alice');
const bob = clinicianKey('bob');
const carol = clinicianKey('carol');

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const ask = (world: CoverWorld, over: Record<string, unknown> = {}, who = alice) =>
  askForCover(world.deps, who, CLINIC, 'general', { ...ALICE_EVENING, ...over });

describe('asking for cover', () => {
  it('offers the window to every reachable colleague, each with a link of their own, and says so', async () => {
    const world = await buildCoverWorld();
    const view = await ask(world, { note: 'School play' });
    expect(view).toMatchObject({
      state: 'open',
      open: true,
      requester: { clinicianId: 'alice', name: 'Alice Adams' },
      start: '2026-03-04T20:00:00.000Z',
      end: '2026-03-04T22:00:00.000Z',
      expiresAt: '2026-03-04T19:00:00.000Z',
      canAccept: false,
      offers: { sent: 2, failed: 0 },
      offeredTo: [
        { clinicianId: 'bob', name: 'Bob Brown' },
        { clinicianId: 'carol', name: 'Carol Chen' },
      ],
      history: [{ action: 'requested', by: 'alice', byName: 'Alice Adams' }],
    });
    const links = offerLinks(world);
    expect([...links.keys()].sort()).toEqual(['bob', 'carol']);
    expect(links.get('bob')).not.toEqual(links.get('carol'));
    // Stored as their hashes only, each bound to its colleague.
    for (const [clinicianId, token] of links) {
      expect(world.covers.links.has(token)).toBe(false);
      expect(world.covers.links.get(hashSecret(token))).toMatchObject({ clinicianId, coverId: view.coverId });
    }
    const stored = await world.covers.getCoverRequest(CLINIC, view.coverId);
    expect(stored?.offeredAt).toBeDefined();
    // Offers carry rota facts only, never the note (that is on the page behind the link).
    for (const page of world.pager.sent) {
      expect(page.text).not.toContain('School play');
      expect(page.text).toMatch(/Alice Adams asks for cover of General, 20:00 today to 22:00 today/);
    }
  });

  it.each([
    ['the end is before the start', { end: ALICE_EVENING.start - 1 }, 'end', 'must be after start'],
    ['it has started', { start: Date.parse('2026-03-04T13:00:00Z') }, 'start', 'must be in the future'],
    [
      'bob holds the start (his override)',
      { start: Date.parse('2026-03-04T17:00:00Z') },
      'start',
      'the requester is not on call for this service from 2026-03-04T17:00:00.000Z',
    ],
    [
      'it runs past her shift',
      { end: Date.parse('2026-03-05T09:00:00Z') },
      'end',
      'the requester is not on call for this service from 2026-03-05T08:00:00.000Z',
    ],
    [
      'it is longer than 14 days',
      { end: ALICE_EVENING.start + 15 * 86_400_000 },
      'end',
      'a cover request spans at most 14 days',
    ],
  ])('400 at the field when %s, and stores nothing', async (_case, over, path, message) => {
    const world = await buildCoverWorld();
    const error = await refusal(ask(world, over));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path, message }]);
    expect(world.covers.requests.size).toBe(0);
    expect(world.pager.sent).toEqual([]);
  });

  it('an admin names whose time it is; a clinician may ask for their own only; intake may not ask', async () => {
    const world = await buildCoverWorld();
    expect((await refusal(ask(world, {}, principals.admin))).details).toEqual([
      { path: 'requesterId', message: 'is required with an admin key: whose time is to be covered' },
    ]);
    expect((await refusal(ask(world, { requesterId: 'bob' }))).code).toBe('forbidden');
    expect((await refusal(ask(world, {}, principals.intake))).code).toBe('forbidden');
    const byAdmin = await ask(world, { requesterId: 'alice' }, principals.admin);
    expect(byAdmin.history).toEqual([
      expect.objectContaining({ action: 'requested', by: 'admin key k-admin', byName: 'admin key k-admin' }),
    ]);
  });

  it('409 for a second open request over the same time, naming the first', async () => {
    const world = await buildCoverWorld();
    const first = await ask(world);
    const error = await refusal(
      ask(world, { start: ALICE_EVENING.start + 3_600_000, end: ALICE_EVENING.end + 3_600_000 }),
    );
    expect(error.code).toBe('conflict');
    expect(error.extra).toEqual({ coverId: first.coverId });
    // Once withdrawn, the time can be asked for again.
    await cancelCover(world.deps, alice, CLINIC, first.coverId);
    await expect(ask(world)).resolves.toMatchObject({ state: 'open' });
  });

  it('409 when nobody else could take it (inactive or unreachable colleagues)', async () => {
    const world = await buildCoverWorld();
    for (const id of ['bob', 'carol']) {
      const person = await world.clinics.getClinician(CLINIC, id);
      if (person) await world.clinics.putClinician({ ...person, active: false });
    }
    const error = await refusal(ask(world));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/nobody else on this service could take it/);
    expect(world.covers.requests.size).toBe(0);
  });
});

describe('taking it', () => {
  it('of two colleagues taking it at once, one wins; the other is told who, and the rota shows the winner', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await ask(world);
    world.at(Date.parse('2026-03-04T15:00:00Z'));
    const results = await Promise.allSettled([
      acceptCover(world.deps, bob, CLINIC, coverId),
      acceptCover(world.deps, carol, CLINIC, coverId),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ acceptedBy?: { name: string } }>).value.acceptedBy;
    const error = lost[0]?.reason as AppError;
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(`${winner?.name} has already taken this cover`);
    expect(error.extra).toEqual({ acceptedBy: expect.objectContaining({ name: winner?.name }) });

    const stored = await world.covers.getCoverRequest(CLINIC, coverId);
    expect(stored).toMatchObject({ state: 'covered', acceptedBy: expect.any(String) });
    expect(stored?.overrideAt).toBeDefined();
    expect(stored?.history.map((e) => e.action)).toEqual(['requested', 'accepted']);
    const onCall = await getOnCall(
      world.deps,
      principals.admin,
      CLINIC,
      'general',
      Date.parse('2026-03-04T21:00:00Z'),
    );
    expect(onCall.primary?.clinicianId).toBe(stored?.acceptedBy);
    // The requester is told who took it; she sees it in her list as covered.
    expect(world.pager.sent.filter((p) => p.clinicianId === 'alice').map((p) => p.text)).toEqual([
      expect.stringMatching(new RegExp(`^crisis-router: ${winner?.name} took your cover of General`)),
    ]);
    const mine = await listCovers(world.deps, alice, CLINIC, {});
    expect(mine.items.map((i) => [i.state, i.acceptedBy?.name])).toEqual([['covered', winner?.name]]);
  });

  it('refuses the requester herself, a colleague it was not offered to, and anyone after it expired', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await ask(world);
    expect((await refusal(acceptCover(world.deps, alice, CLINIC, coverId))).message).toBe(
      'you asked for this cover yourself: cancel it instead',
    );
    expect((await refusal(acceptCover(world.deps, principals.admin, CLINIC, coverId))).code).toBe(
      'forbidden',
    );
    // dana was not offered it: she may not even see it.
    expect((await refusal(acceptCover(world.deps, clinicianKey('dana'), CLINIC, coverId))).code).toBe(
      'not_found',
    );
    world.at(Date.parse('2026-03-04T19:00:00Z'));
    const late = await refusal(acceptCover(world.deps, bob, CLINIC, coverId));
    expect(late.code).toBe('conflict');
    expect(late.message).toBe('this cover request expired at 2026-03-04T19:00:00.000Z, unanswered');
  });

  it('shows each clinician only what concerns them; other colleagues do not see who else was asked', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await ask(world);
    const asBob = await getCover(world.deps, bob, CLINIC, coverId);
    expect(asBob.canAccept).toBe(true);
    expect(asBob).not.toHaveProperty('offeredTo');
    expect((await refusal(getCover(world.deps, clinicianKey('dana'), CLINIC, coverId))).code).toBe(
      'not_found',
    );
    expect((await listCovers(world.deps, clinicianKey('dana'), CLINIC, {})).items).toEqual([]);
    expect((await listCovers(world.deps, principals.admin, CLINIC, { state: 'open' })).items).toHaveLength(1);
    expect((await listCovers(world.deps, principals.admin, CLINIC, { state: 'covered' })).items).toEqual([]);
    expect((await refusal(getCover(world.deps, principals.otherAdmin, CLINIC, coverId))).code).toBe(
      'not_found',
    );
  });
});

describe('with approval by an admin', () => {
  it('a taken request waits; the admins are asked; approving puts the taker on call and tells both', async () => {
    const world = await buildCoverWorld({ approval: 'admin' });
    const { coverId } = await ask(world);
    world.pager.sent.length = 0;
    const taken = await acceptCover(world.deps, bob, CLINIC, coverId);
    expect(taken).toMatchObject({
      state: 'awaiting_approval',
      open: true,
      acceptedBy: { clinicianId: 'bob' },
    });
    expect(world.clinics.writes.filter((w) => w.startsWith('putOverride'))).toEqual([]);
    expect(world.pager.sent.map((p) => [p.clinicianId ?? p.to, p.text.slice(0, 60)])).toEqual(
      expect.arrayContaining([
        ['alice', expect.stringContaining('Bob Brown will take your cover of General')],
        ['+447700900201', expect.stringContaining('Bob Brown would cover Alice Adams on General')],
      ]),
    );
    // carol is told who is in line when she tries.
    expect((await refusal(acceptCover(world.deps, carol, CLINIC, coverId))).message).toBe(
      'Bob Brown has already taken this cover',
    );
    world.pager.sent.length = 0;
    const approved = await reviewCover(world.deps, principals.admin, CLINIC, coverId, 'approve');
    expect(approved).toMatchObject({ state: 'covered', open: false });
    expect(approved.history.map((e) => [e.action, e.byName])).toEqual([
      ['requested', 'Alice Adams'],
      ['accepted', 'Bob Brown'],
      ['approved', 'admin key k-admin'],
    ]);
    expect(world.clinics.writes.filter((w) => w.startsWith('putOverride'))).toHaveLength(1);
    expect(world.pager.sent.map((p) => p.clinicianId).sort()).toEqual(['alice', 'bob']);
    expect((await refusal(reviewCover(world.deps, principals.admin, CLINIC, coverId, 'reject'))).code).toBe(
      'conflict',
    );
  });

  it('rejecting tells the taker, opens it again for the others, and never to the rejected taker', async () => {
    const world = await buildCoverWorld({ approval: 'admin' });
    const { coverId } = await ask(world);
    await acceptCover(world.deps, bob, CLINIC, coverId);
    world.pager.sent.length = 0;
    const rejected = await reviewCover(world.deps, principals.admin, CLINIC, coverId, 'reject');
    expect(rejected).toMatchObject({ state: 'open', refused: [{ clinicianId: 'bob', name: 'Bob Brown' }] });
    expect(rejected).not.toHaveProperty('acceptedBy');
    expect(world.pager.sent.map((p) => [p.clinicianId, p.text.slice(0, 48)])).toEqual([
      ['bob', 'crisis-router: your cover of General, 20:00 toda'],
    ]);
    expect((await refusal(acceptCover(world.deps, bob, CLINIC, coverId))).code).toBe('forbidden');
    await expect(acceptCover(world.deps, carol, CLINIC, coverId)).resolves.toMatchObject({
      state: 'awaiting_approval',
      acceptedBy: { clinicianId: 'carol' },
    });
    expect((await refusal(reviewCover(world.deps, bob, CLINIC, coverId, 'approve'))).code).toBe('forbidden');
  });
});

describe('withdrawing it', () => {
  it('the requester or an admin, while it is open; never a colleague, never once covered', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await ask(world);
    expect((await refusal(cancelCover(world.deps, bob, CLINIC, coverId))).code).toBe('forbidden');
    const cancelled = await cancelCover(world.deps, alice, CLINIC, coverId);
    expect(cancelled).toMatchObject({ state: 'cancelled', open: false });
    expect((await refusal(acceptCover(world.deps, bob, CLINIC, coverId))).message).toBe(
      'this cover request is cancelled',
    );
    const second = await ask(world);
    await acceptCover(world.deps, bob, CLINIC, second.coverId);
    const late = await refusal(cancelCover(world.deps, principals.admin, CLINIC, second.coverId));
    expect(late.code).toBe('conflict');
    expect(late.extra).toEqual({ state: 'covered' });
  });
});

describe('no patient detail anywhere', () => {
  it('no message of a cover request names a request, a caller or its words', async () => {
    const world = await buildCoverWorld({ approval: 'admin' });
    const { coverId } = await ask(world, { note: 'Caller Jo K. took an overdose' });
    await acceptCover(world.deps, bob, CLINIC, coverId);
    await reviewCover(world.deps, principals.admin, CLINIC, coverId, 'approve');
    expect(world.pager.sent.length).toBeGreaterThan(4);
    for (const page of world.pager.sent) {
      expect(page.purpose).toBe('cover');
      const words = `${page.text} ${page.subject ?? ''}`;
      expect(words).not.toMatch(/overdose|Jo K|request [A-Z0-9]{4}/i);
      expect(page.ackUrl === '' || /\/(cover\/[\w-]{22}|admin)$/.test(page.ackUrl)).toBe(true);
    }
  });
});
