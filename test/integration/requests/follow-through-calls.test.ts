// DynamoDB calls per case page view and per follow-through action, counted on the real engine's client
// (bench/lib/dynamo-meter.ts) through the real handlers. Printed one line per figure; the bounds are what
// was measured, so a change that adds a call fails here and has to say why.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomToken } from '../../../shared/app/secrets.js';
import { asClinician, PHONES, SECOND, T0 } from '../../unit/requests/fakes.js';
import {
  api,
  caseTokenFromRedirect,
  caseWorld,
  countCalls,
  expectActivePage,
  expectInvalidPage,
  expectPassedOnPage,
  lastPageTo,
  noticesTo,
  postAck,
  postCase,
  runTimersUntil,
  submit,
  tokenOf,
  viewCase,
  type CaseWorld,
} from '../../support/case-flow.js';

jest.setTimeout(60_000);

const ENGINE = process.env.DYNAMO_ENGINE;

/**
 * Measured on dynalite and DynamoDB Local alike. A view: the case link's GetItem, then the request's.
 * contacted: the view's two reads and the request's conditional PutItem. resolve: the same, plus the
 * UpdateItem that frees the short reference. handback: the view's reads and the request's PutItem, then the
 * next level's page as on any escalation (reply code and link token PutItems, the last look GetItem, the
 * outcome's PutItem, the heal read of the clinician's broken contacts). The contact reminder (a timer): the
 * request's read and PutItem, the fresh case link's PutItem, the last look, the outcome, the heal read.
 */
const BOUNDS: Record<string, { total: number; byCommand: Record<string, number> }> = {
  'case page view (GET, holder)': { total: 2, byCommand: { GetItem: 2 } },
  'case page view (GET, passed on)': { total: 2, byCommand: { GetItem: 2 } },
  'case page view (GET, unknown token)': { total: 1, byCommand: { GetItem: 1 } },
  'case page view (GET, malformed token)': { total: 0, byCommand: {} },
  'contacted (case page POST)': { total: 3, byCommand: { GetItem: 2, PutItem: 1 } },
  'resolve (case page POST)': { total: 4, byCommand: { GetItem: 2, PutItem: 1, UpdateItem: 1 } },
  'handback (case page POST, next level paged)': { total: 8, byCommand: { GetItem: 4, PutItem: 4 } },
  'accept by ack link (POST, case link issued)': {
    total: 5,
    byCommand: { GetItem: 2, UpdateItem: 1, PutItem: 2 },
  },
  'contact reminder (timer, fresh case link)': { total: 6, byCommand: { GetItem: 3, PutItem: 3 } },
  'contacted (API)': { total: 2, byCommand: { GetItem: 1, PutItem: 1 } },
};

describe(`DynamoDB calls of the case page on ${ENGINE}`, () => {
  let w: CaseWorld;
  const measured: Record<string, { total: number; byCommand: Record<string, number> }> = {};

  beforeAll(async () => {
    w = await caseWorld();
  });
  afterAll(() => {
    for (const [step, figure] of Object.entries(measured))
      console.log(
        `DynamoDB calls on ${ENGINE}: ${step}: ${figure.total} ${JSON.stringify(figure.byCommand)}`,
      );
    w.close();
  });

  async function measure<T>(step: string, run: () => Promise<T>): Promise<T> {
    const { result, total, byCommand } = await countCalls(w, run);
    measured[step] = { total, byCommand };
    return result;
  }

  it('counts every view and action of one request’s follow-through', async () => {
    const requestId = await submit(w, 'ft-calls-0001');
    w.h.setNow(T0 + 10 * SECOND);
    const anaToken = await measure('accept by ack link (POST, case link issued)', async () =>
      caseTokenFromRedirect(await postAck(w, tokenOf(lastPageTo(w, PHONES.ana).ackUrl))),
    );
    expectActivePage(await measure('case page view (GET, holder)', () => viewCase(w, anaToken)), 'Ana Smith');
    expectInvalidPage(
      await measure('case page view (GET, unknown token)', () => viewCase(w, randomToken(16))),
    );
    expectInvalidPage(await measure('case page view (GET, malformed token)', () => viewCase(w, '../x')));

    w.h.setNow(T0 + 20 * SECOND);
    const handed = await measure('handback (case page POST, next level paged)', () =>
      postCase(w, anaToken, { action: 'handback', reason: 'in a session' }),
    );
    expect(handed.status).toBe(303);
    expectPassedOnPage(await measure('case page view (GET, passed on)', () => viewCase(w, anaToken)));

    w.h.setNow(T0 + 30 * SECOND);
    const acked = await api(w, asClinician('ben'), 'acknowledge', requestId);
    const benToken = tokenOf(acked.body.caseUrl);
    w.h.setNow(T0 + 40 * SECOND);
    const contacted = await measure('contacted (case page POST)', () =>
      postCase(w, benToken, { action: 'contacted' }),
    );
    expect(contacted.status).toBe(303);
    w.h.setNow(T0 + 50 * SECOND);
    const resolved = await measure('resolve (case page POST)', () =>
      postCase(w, benToken, { action: 'resolve', outcome: 'safe_plan', note: 'ok' }),
    );
    expect(resolved.status).toBe(303);

    // The API's contacted, for comparison: one read fewer (no case link to look up).
    const other = await submit(w, 'ft-calls-0002');
    await api(w, asClinician('ana'), 'acknowledge', other);
    const viaApi = await measure('contacted (API)', () => api(w, asClinician('ana'), 'contacted', other));
    expect(viaApi.statusCode).toBe(200);

    // A deadline step: the reminder with its fresh case link, sent and recorded (the other requests' timers
    // all fire before it).
    w.h.setNow(T0 + 5 * 60 * SECOND);
    const third = await submit(w, 'ft-calls-0003');
    await api(w, asClinician('ana'), 'acknowledge', third);
    const deadline = w.h.now() + 600 * SECOND;
    await runTimersUntil(w, deadline - 1);
    await measure('contact reminder (timer, fresh case link)', () => runTimersUntil(w, deadline));
    expect(noticesTo(w, PHONES.ana).at(-1)?.text).toMatch(/^Reminder: you accepted/);
  });

  it('stays within the measured number of DynamoDB calls for each view and action', () => {
    const over = Object.entries(BOUNDS).flatMap(([step, bound]) => {
      const figure = measured[step];
      if (!figure) return [`${step}: not measured`];
      const problems =
        figure.total > bound.total ? [`${step}: ${figure.total} calls, at most ${bound.total}`] : [];
      for (const [command, count] of Object.entries(figure.byCommand))
        if (count > (bound.byCommand[command] ?? 0))
          problems.push(`${step}: ${count} ${command}, at most ${bound.byCommand[command] ?? 0}`);
      return problems;
    });
    expect(over).toEqual([]);
  });
});
