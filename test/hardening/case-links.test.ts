// Case links under attack, in process on the real engine with a fixed clock: guessed tokens, malformed
// tokens, telling a dead link from one that never existed, a link used by someone who no longer holds the
// request, links of closed requests, concurrent posts and hostile form bodies (fast-check). Headers,
// escaping, logs and real HTTP: case-links-page.test.ts.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { createHandler as casePageSubmit } from '../../functions/case-page-submit/handler.js';
import { MAX_BODY_BYTES } from '../../functions/http/parse-input.js';
import { CLOSED_CASE_READABLE_MS, openCase } from '../../shared/app/requests/case-links.js';
import { cancelRequest } from '../../shared/app/requests/close-request.js';
import { RESOLVE_OUTCOMES } from '../../shared/domain/escalation/index.js';
import { admin, asClinician, HOUR, MINUTE, PHONES, T0 } from '../unit/requests/fakes.js';
import {
  api,
  caseTokenFromRedirect,
  caseWorld,
  expectActivePage,
  expectClosedPage,
  expectInvalidPage,
  expectPassedOnPage,
  fingerprint,
  FORM,
  html,
  invoke,
  lastPageTo,
  postAck,
  postCase,
  submit,
  tokenOf,
  viewCase,
  type CaseWorld,
  type Html,
} from '../support/case-flow.js';
import { pool } from './support/local.js';
import { hostileString, POLLUTION_KEYS, prototypeFingerprint } from './support/hostile.js';

jest.setTimeout(180_000);

const ACTIONS: Array<Record<string, string>> = [
  { action: 'contacted' },
  { action: 'resolve', outcome: 'safe_plan', note: 'closing it' },
  { action: 'handback', reason: 'trying' },
];

/** Deterministic well-formed tokens: base64url of a hash, 22 to 64 characters. */
const guessed = (i: number): string => {
  const digest = createHash('sha512').update(`guess-${i}`).digest('base64url');
  return digest.slice(0, 22 + (((i % 43) + 43) % 43));
};

/** Everything the world could change: the request item, the pages and notices sent, the timers set. */
const worldPrint = async (w: CaseWorld, requestId: string) =>
  `${await fingerprint(w, requestId)}/${w.h.pager.sent.length}/${w.h.timer.scheduled.length}`;

/** URL-encoded, or as is when it cannot be (a lone surrogate): then the body is hostile raw text. */
const encode = (text: string): string => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
};

const same = (page: Html) => JSON.stringify([page.status, page.headers, page.html]);

describe(`case links under attack on ${process.env.DYNAMO_ENGINE}`, () => {
  let w: CaseWorld;
  let seq = 0;
  beforeAll(async () => {
    w = await caseWorld();
  });
  afterAll(() => w.close());

  /** A new request accepted by ana through her ack link: its id and her case token. */
  async function acceptedByAna(): Promise<{ requestId: string; token: string }> {
    const requestId = await submit(w, `case-hard-${String(++seq).padStart(4, '0')}`);
    const token = caseTokenFromRedirect(await postAck(w, tokenOf(lastPageTo(w, PHONES.ana).ackUrl)));
    return { requestId, token };
  }

  it('answers 10,000 guessed well-formed tokens with the one 404 page (GET), and 1,000 guessed posts change nothing', async () => {
    w.h.setNow(T0);
    const live = [await acceptedByAna(), await acceptedByAna()];
    const before = await Promise.all(live.map((l) => worldPrint(w, l.requestId)));
    const reference = same(await viewCase(w, guessed(-1)));
    const pages = await pool(
      16,
      Array.from({ length: 10_000 }, (_, i) => () => viewCase(w, guessed(i))),
    );
    expect(pages.filter((p) => same(p) !== reference)).toEqual([]);
    expectInvalidPage(pages[0] as Html);
    const posts = await pool(
      16,
      Array.from({ length: 1_000 }, (_, i) => () => postCase(w, guessed(20_000 + i), ACTIONS[i % 3] ?? {})),
    );
    expect(posts.filter((p) => p.status !== 404 || p.location !== undefined)).toEqual([]);
    expect(await Promise.all(live.map((l) => worldPrint(w, l.requestId)))).toEqual(before);
    for (const l of live) expectActivePage(await viewCase(w, l.token), 'Ana Smith');
  });

  it('answers malformed tokens (too short, too long, bad characters, traversal, unicode) with the 404 page, never a 5xx, before any DynamoDB call', async () => {
    w.h.setNow(T0);
    const { requestId, token } = await acceptedByAna();
    const before = await worldPrint(w, requestId);
    const reference = same(await viewCase(w, guessed(-2)));
    const malformed = [
      '',
      'a',
      token.slice(0, 21),
      `${token}${'A'.repeat(43)}`, // 65
      'A'.repeat(5000),
      `${token.slice(0, 21)}+`,
      `${token.slice(0, 21)}/`,
      `${token.slice(0, 21)}=`,
      `${token}.`,
      `${token} `,
      ` ${token}`,
      `${token}\n`,
      `${token}\u0000`,
      `${token}%00`,
      `${token}%2F..`,
      `../../${token}`,
      '..%2F..%2Fhealth',
      '../../../../etc/passwd',
      `${token}/../${token}`,
      `${token}?done=accepted`,
      `${token}#x`,
      '%',
      '%C0%AF'.repeat(8),
      '\u202e'.repeat(22),
      '\ud83d\ude80'.repeat(11),
      `${token.slice(0, 21)}\u0430`, // Cyrillic a
      `${token.slice(0, 21)}\u00e9`,
      'e\u0301'.repeat(11),
      '<script>alert(1)</script>xxxxxxx',
      "' OR '1'='1' -- xxxxxxxxxxxxxx",
      '${7*7}xxxxxxxxxxxxxxxxxxxxxx',
      '__proto__',
      'constructor',
    ];
    for (const bad of malformed) {
      w.meter.reset();
      const got = await viewCase(w, bad);
      const posted = await postCase(w, bad, { action: 'contacted' });
      expect([bad, got.status, posted.status]).toEqual([bad, 404, 404]);
      expect(same(got)).toBe(reference);
      expect(same(posted)).toBe(reference);
      expect([bad, w.meter.calls.map((c) => c.command)]).toEqual([bad, []]);
    }
    expect(await worldPrint(w, requestId)).toBe(before);
    expectActivePage(await viewCase(w, token), 'Ana Smith');
  });

  it('cannot tell a token that never existed from a dead one (closed over 24 h ago, or passed on and then closed), on GET or POST', async () => {
    w.h.setNow(T0);
    const resolved = await acceptedByAna();
    w.h.setNow(T0 + 10 * MINUTE);
    expect((await postCase(w, resolved.token, { action: 'resolve', outcome: 'safe_plan' })).status).toBe(303);
    // Passed on by a hand back, then closed by the next acceptor: the first link is dead at once.
    w.h.setNow(T0 + 11 * MINUTE);
    const handed = await acceptedByAna();
    expect((await postCase(w, handed.token, { action: 'handback', reason: 'busy' })).status).toBe(303);
    const ben = await api(w, asClinician('ben'), 'acknowledge', handed.requestId);
    await api(w, asClinician('ben'), 'resolve', handed.requestId, { outcome: 'other' });
    expect(ben.statusCode).toBe(200);

    w.h.setNow(T0 + 10 * MINUTE + CLOSED_CASE_READABLE_MS + 1);
    const tokens = { never: guessed(-3), expired: resolved.token, passedOnClosed: handed.token };
    expect(tokens.never).toMatch(/^[A-Za-z0-9_-]{22,64}$/); // well formed: it costs a lookup like the others
    const answers = async (token: string) =>
      [
        await viewCase(w, token),
        await viewCase(w, token, 'accepted'),
        ...(await Promise.all(ACTIONS.map((form) => postCase(w, token, form)))),
        await postCase(w, token, { action: 'nonsense' }),
        await postCase(w, token, 'action=contacted', 'text/plain'),
      ].map(same);
    const never = await answers(tokens.never);
    expect(await answers(tokens.expired)).toEqual(never);
    expect(await answers(tokens.passedOnClosed)).toEqual(never);
    expect(JSON.parse(never[0] ?? '[]')[0]).toBe(404);
  });

  it('lets a link act only while its person holds the request: after a hand back and a new acceptance, the first link gets "no longer hold" and changes nothing', async () => {
    w.h.setNow(T0 + 2 * HOUR);
    const { requestId, token } = await acceptedByAna();
    const anaAck = tokenOf(lastPageTo(w, PHONES.ana).ackUrl);
    w.h.setNow(T0 + 2 * HOUR + MINUTE);
    expect((await postCase(w, token, { action: 'handback', reason: 'cannot' })).status).toBe(303);
    w.h.setNow(T0 + 2 * HOUR + 2 * MINUTE);
    const benToken = tokenOf((await api(w, asClinician('ben'), 'acknowledge', requestId)).body.caseUrl);
    const before = await worldPrint(w, requestId);
    for (const form of [...ACTIONS, { action: 'contacted' }])
      expectPassedOnPage(await postCase(w, token, form));
    expectPassedOnPage(await viewCase(w, token, 'accepted'));
    // Her ack link: spent, and "Open the case" gives her no new case link.
    expect((await postAck(w, anaAck, 'case')).status).toBe(404);
    expect((await postAck(w, anaAck, 'acknowledge')).status).toBe(409);
    expect(await worldPrint(w, requestId)).toBe(before);
    expectActivePage(await viewCase(w, benToken), 'Ben Smith');
  });

  it('after a resolve: GET is read-only, every POST is refused with the read-only page and changes nothing; after 24 h both are 404', async () => {
    w.h.setNow(T0 + 3 * HOUR);
    const { requestId, token } = await acceptedByAna();
    expect((await postCase(w, token, { action: 'contacted' })).status).toBe(303);
    expect((await postCase(w, token, { action: 'resolve', outcome: 'no_contact' })).status).toBe(303);
    const before = await worldPrint(w, requestId);
    expectClosedPage(await viewCase(w, token));
    for (const form of ACTIONS) {
      const refused = await postCase(w, token, form);
      expectClosedPage(refused);
      expect(refused.location).toBeUndefined();
    }
    expect(await worldPrint(w, requestId)).toBe(before);
    w.h.setNow(T0 + 3 * HOUR + CLOSED_CASE_READABLE_MS + 1);
    expectInvalidPage(await viewCase(w, token));
    expectInvalidPage(await postCase(w, token, { action: 'contacted' }));
    expect(await worldPrint(w, requestId)).toBe(before);
  });

  it('settles concurrent posts of one link into one outcome: one contacted at most, one of hand back or resolve, never a 5xx', async () => {
    w.h.setNow(T0 + 4 * HOUR);
    const { requestId, token } = await acceptedByAna();
    const replies = await Promise.all([
      ...Array.from({ length: 4 }, () => postCase(w, token, { action: 'contacted' })),
      ...Array.from({ length: 3 }, () => postCase(w, token, { action: 'handback', reason: 'race' })),
      ...Array.from({ length: 3 }, () => postCase(w, token, { action: 'resolve', outcome: 'other' })),
    ]);
    expect(replies.filter((r) => ![200, 303, 409].includes(r.status))).toEqual([]);
    const types = (await fingerprint(w, requestId)).match(/"type":"(contacted|handed_back|resolved)"/g) ?? [];
    const count = (type: string) => types.filter((t) => t.includes(type)).length;
    expect(count('contacted')).toBeLessThanOrEqual(1);
    expect(count('handed_back') + count('resolved')).toBe(1);
    expect(replies.filter((r) => r.status === 303 && r.location === token).length).toBe(1);
  });

  // BUG (reported): the API hides the caller's details once a request is cancelled (docs/api.md, "The
  // request object": "not once it is cancelled"; canSeeDetails in request-view.ts), but the case page of a
  // cancelled request shows the summary and the tap-to-call number for another 24 hours.
  it('after a cancel: the read-only case page shows no caller details, as the API does not', async () => {
    w.h.setNow(T0 + 5 * HOUR);
    const { requestId, token } = await acceptedByAna();
    await cancelRequest(w.h.deps, admin, 'northside', requestId, 'caller reached by the ambulance service');
    const before = await worldPrint(w, requestId);
    expect((await api(w, asClinician('ana'), 'contacted', requestId)).statusCode).toBe(409);
    for (const form of ACTIONS) expect((await postCase(w, token, form)).location).toBeUndefined();
    expect(await worldPrint(w, requestId)).toBe(before);
    const page = await viewCase(w, token);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<form');
    expect(page.html).not.toContain('tel:');
    expect(page.html).not.toContain('Caller (Jo)');
  });

  it('survives 500 hostile form posts (fast-check): never a 5xx; a rejected post changes nothing', async () => {
    w.h.setNow(T0 + 6 * HOUR);
    let current = await acceptedByAna();
    const field = fc.oneof(
      fc.constantFrom('action', 'outcome', 'note', 'reason', 'done', 'token', ...POLLUTION_KEYS),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(
      fc.constantFrom('contacted', 'resolve', 'handback', 'acknowledge', 'case', 'safe_plan', 'other', ''),
      hostileString,
    );
    const form = fc
      .array(fc.tuple(field, value), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
    // Mostly near-valid forms (a real action with hostile fields), so the use case is reached too.
    const nearValid = fc
      .record({
        action: fc.constantFrom('contacted', 'resolve', 'handback', 'Resolve', 'resolve ', 'contacted\u0000'),
        outcome: fc.option(fc.oneof(fc.constantFrom(...RESOLVE_OUTCOMES), hostileString)),
        note: fc.option(hostileString),
        reason: fc.option(hostileString),
        extra: fc.array(fc.tuple(field, value), { maxLength: 2 }),
      })
      .map(({ action, outcome, note, reason, extra }) =>
        [
          ['action', action],
          ...(outcome === null ? [] : [['outcome', outcome]]),
          ...(note === null ? [] : [['note', note]]),
          ...(reason === null ? [] : [['reason', reason]]),
          ...extra,
        ]
          .map(([k, v]) => `${encode(k ?? '')}=${encode(v ?? '')}`)
          .join('&'),
      );
    const body = fc.oneof(
      { arbitrary: nearValid, weight: 4 },
      { arbitrary: form, weight: 2 },
      { arbitrary: form.map((f) => f.replace(/%/g, '%%')), weight: 1 },
      { arbitrary: hostileString, weight: 1 },
    );
    const contentType = fc.oneof(
      { arbitrary: fc.constant(FORM), weight: 6 },
      {
        arbitrary: fc.constantFrom(
          `${FORM}; charset=utf-8`,
          'APPLICATION/X-WWW-FORM-URLENCODED',
          `${FORM}x`,
          'multipart/form-data; boundary=x',
          'application/json',
          'text/plain',
          null,
        ),
        weight: 2,
      },
    );
    const counts: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(
        body,
        contentType,
        fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        async (raw, type, base64) => {
          if ((await openCase(w.h.deps, current.token)).kind !== 'active') current = await acceptedByAna();
          const before = await worldPrint(w, current.requestId);
          const proto = prototypeFingerprint();
          const sent = base64 ? Buffer.from(raw, 'utf8').toString('base64') : raw;
          const reply = html(
            await invoke(w, casePageSubmit, {
              method: 'POST',
              resource: '/case/{token}',
              pathParameters: { token: current.token },
              body: sent,
              contentType: type,
              isBase64Encoded: base64,
            }),
          );
          counts[reply.status] = (counts[reply.status] ?? 0) + 1;
          if (reply.status >= 500) throw new Error(`${reply.status} for ${type}: ${raw.slice(0, 200)}`);
          expect(prototypeFingerprint()).toBe(proto);
          expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
          if (sent.length > MAX_BODY_BYTES) expect(reply.status).toBe(413);
          if (reply.status !== 303) {
            expect([400, 409, 413]).toContain(reply.status);
            expect(await worldPrint(w, current.requestId)).toBe(before);
          }
        },
      ),
      { numRuns: 500, seed: 20_261_202, endOnFailure: true },
    );
    console.log(`hostile case form posts by status: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).every((s) => Number(s) < 500)).toBe(true);
  });
});
