// The offer's page behind the link: GET changes nothing; the button takes it (303 back), and the page then
// says where it stands for whoever holds the link. No script, the note escaped.
import { describe, expect, it } from '@jest/globals';
import { createHandler as coverPage } from '../../../functions/cover-page/handler.js';
import { createHandler as coverPageSubmit } from '../../../functions/cover-page-submit/handler.js';
import { askForCover } from '../../../shared/app/cover/ask-for-cover.js';
import { apiEvent, lambdaContext } from '../api/events.js';
import { CLINIC, silentLogger } from '../api/fakes.js';
import { ALICE_EVENING, buildCoverWorld, clinicianKey, offerLinks, type CoverWorld } from './cover-world.js';

const logger = silentLogger();
const get = (world: CoverWorld, token: string) =>
  coverPage(world.deps, logger)(
    apiEvent({ method: 'GET', resource: '/cover/{token}', pathParameters: { token } }),
    lambdaContext('cover-page'),
  );
const post = (world: CoverWorld, token: string, body = 'action=accept') =>
  coverPageSubmit(world.deps, logger)(
    apiEvent({
      method: 'POST',
      resource: '/cover/{token}',
      pathParameters: { token },
      body,
      contentType: 'application/x-www-form-urlencoded',
    }),
    lambdaContext('cover-page-submit'),
  );

describe('the cover offer page', () => {
  it('shows the offer; the first to press takes it; the second is told who did', async () => {
    const world = await buildCoverWorld();
    const { coverId } = await askForCover(world.deps, clinicianKey('alice'), CLINIC, 'general', {
      ...ALICE_EVENING,
      note: '<script>alert(1)</script> back at 22:00',
    });
    const links = offerLinks(world);
    const bob = links.get('bob') ?? '';
    const carol = links.get('carol') ?? '';

    const offer = await get(world, bob);
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain('Cover: General, Northside Clinic');
    expect(offer.body).toContain(
      'Alice Adams asks a colleague to be on call from <strong>20:00 today to 22:00 today</strong>',
    );
    expect(offer.body).toContain('Take this cover');
    expect(offer.body).not.toContain('<script>');
    expect(offer.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect((await world.covers.getCoverRequest(CLINIC, coverId))?.state).toBe('open');

    expect((await post(world, bob, 'action=nope')).statusCode).toBe(400);
    const taken = await post(world, bob);
    expect(taken.statusCode).toBe(303);
    expect(taken.headers?.location).toBe(bob);
    expect((await get(world, bob)).body).toContain('You are covering this.');
    const late = await post(world, carol);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Bob Brown has already taken this cover.');
    const carolsPage = await get(world, carol);
    expect(carolsPage.body).toContain('Bob Brown has already taken this cover.');
    expect(carolsPage.body).not.toContain('Take this cover');
  });

  it('a mistyped or forged link is a 404 page, for GET and POST', async () => {
    const world = await buildCoverWorld();
    for (const token of ['nope', 'A'.repeat(22)]) {
      expect((await get(world, token)).statusCode).toBe(404);
      expect((await post(world, token)).statusCode).toBe(404);
    }
  });
});
