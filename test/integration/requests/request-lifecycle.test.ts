// A whole request on the real DynamoDB engine: submit, page, timeout, escalate, ack, resolve; the stored
// timeline; and how many DynamoDB calls each step costs (the hot path is kept to a handful of calls:
// docs/architecture.md, "Request path").
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../../shared/adapters/aws/dynamo-request-store.js';
import { getRequest, resolveRequest } from '../../../shared/app/requests/close-request.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { requestView } from '../../../shared/app/requests/request-view.js';
import { lookupAckLink, respondByApi, respondByLink } from '../../../shared/app/requests/respond-to-page.js';
import { respondBySms } from '../../../shared/app/requests/sms-reply.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import {
  asClinician,
  body,
  CLINIC_ID,
  harness,
  intake,
  PHONES,
  SECOND,
  seedClinic,
  SUMMARY,
  T0,
  type Harness,
} from '../../unit/requests/fakes.js';

jest.setTimeout(30_000);

const READS = new Set(['GetItemCommand', 'GetCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);

/** DynamoDB calls by kind and by command name, e.g. { reads: 1, writes: 3, byCommand: {...} }. */
function tally(calls: readonly string[]) {
  const byCommand: Record<string, number> = {};
  for (const name of calls) byCommand[name] = (byCommand[name] ?? 0) + 1;
  const reads = calls.filter((c) => READS.has(c)).length;
  return { total: calls.length, reads, writes: calls.length - reads, byCommand };
}

describe(`request lifecycle on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let h: Harness;
  let requests: DynamoRequestStore;
  const measured: Record<string, ReturnType<typeof tally>> = {};

  beforeAll(async () => {
    table = await createTestTable();
    const clinics = new DynamoClinicStore(table.db, table.tableName);
    requests = new DynamoRequestStore(table.db, table.tableName);
    await seedClinic(clinics);
    h = harness({ clinics, requests });
  });
  afterAll(() => {
    console.log(
      `DynamoDB calls on ${process.env.DYNAMO_ENGINE}:\n${Object.entries(measured)
        .map(([step, t]) => `  ${step}: ${t.reads} reads, ${t.writes} writes ${JSON.stringify(t.byCommand)}`)
        .join('\n')}`,
    );
    table.destroy();
  });

  async function measure<T>(step: string, run: () => Promise<T>): Promise<T> {
    table.calls.length = 0;
    const result = await run();
    measured[step] = tally(table.calls);
    return result;
  }

  it('submit → page → timeout → escalate → ack → resolve, with every step on the stored timeline', async () => {
    const { stored } = await measure('submit (to first page)', () =>
      submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-life-1', body()),
    );
    const { requestId } = stored.request;
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana]);

    // The stored item is what was returned: the route is frozen in it, the first page recorded.
    const afterSubmit = await requests.get(CLINIC_ID, requestId);
    expect(afterSubmit?.request).toEqual(stored.request);
    expect(afterSubmit?.details.summary).toBe(SUMMARY);

    const timer = h.timer.last();
    h.setNow(timer.dueAt);
    expect(await measure('escalation step (timer)', () => onTimer(h.deps, timer))).toBe('advanced');
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ana, PHONES.ben]);

    h.advance(15 * SECOND);
    const acked = await measure('ack (API)', () =>
      respondByApi(h.deps, asClinician('ben'), CLINIC_ID, requestId, 'acknowledge'),
    );
    expect(acked.request.status).toBe('acknowledged');

    h.advance(20 * 60 * SECOND);
    await measure('resolve', () =>
      resolveRequest(h.deps, asClinician('ben'), CLINIC_ID, requestId, {
        outcome: 'safe_plan',
        note: 'Called back; GP follow-up tomorrow',
      }),
    );

    const final = await requests.get(CLINIC_ID, requestId);
    expect(final?.request.status).toBe('resolved');
    expect(final?.request.nextDueAt).toBeNull();
    const ana = { clinicianId: 'ana', name: 'Ana Smith' };
    const ben = { clinicianId: 'ben', name: 'Ben Smith' };
    expect(final?.request.timeline).toEqual([
      { at: T0, type: 'submitted', serviceId: 'general' },
      {
        at: T0,
        type: 'page_sent',
        who: ana,
        channel: 'sms',
        attempt: 1,
        level: 0,
        round: 0,
        messageId: 'm-1',
      },
      { at: T0 + 60 * SECOND, type: 'timeout', attempt: 1, level: 0, round: 0 },
      { at: T0 + 60 * SECOND, type: 'escalated', level: 1, round: 0, reason: 'timeout' },
      {
        at: T0 + 60 * SECOND,
        type: 'page_sent',
        who: ben,
        channel: 'sms',
        attempt: 2,
        level: 1,
        round: 0,
        messageId: 'm-2',
      },
      { at: T0 + 75 * SECOND, type: 'acknowledged', who: ben, attempt: 2, via: 'api' },
      {
        at: T0 + 1275 * SECOND,
        type: 'resolved',
        who: ben,
        outcome: 'safe_plan',
        note: 'Called back; GP follow-up tomorrow',
        via: 'api',
      },
    ]);
    // The assignee still sees the details after resolving; the hotline never does.
    const view = requestView(await getRequest(h.deps, intake, CLINIC_ID, requestId), intake);
    expect(JSON.stringify(view)).not.toContain(SUMMARY);
  });

  it('keeps submit-to-first-page at 1 Query and 3 writes before the page, and one step of escalation or ack small', () => {
    // Before the page: the rota Query and the reference reservation in parallel, the request (written
    // already started, its page pending), then the ack token and the reply code in one parallel round.
    // After it: the outcome on the request (what makes a lost page recoverable and the timeline true), and
    // a read of the clinician's broken contacts (a successful page heals one; no write when none is marked).
    const submit = measured['submit (to first page)'];
    expect(submit?.byCommand).toEqual({ QueryCommand: 1, PutItemCommand: 5, GetItemCommand: 1 });
    expect(measured['ack (API)']).toMatchObject({ reads: 1, writes: 1 });
    // The timer's read, the last look before the publish (an ack may have come meanwhile), the heal read.
    expect(measured['escalation step (timer)']?.byCommand).toEqual({ GetItemCommand: 3, PutItemCommand: 4 });
  });

  it('acknowledges through a link token and an SMS code stored on the engine', async () => {
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-life-2', body());
    const { requestId } = stored.request;
    const token = h.pager.tokenFor(PHONES.ana);
    const look = await measure('ack link GET (lookup)', () => lookupAckLink(h.deps, token));
    expect(look).toMatchObject({ kind: 'valid', used: false });
    expect((await requests.get(CLINIC_ID, requestId))?.request.version).toBe(stored.request.version);

    // A reply code from the wrong phone does nothing; the right phone's decline moves on to ben.
    const code = h.pager.codeFor(PHONES.ana);
    expect((await respondBySms(h.deps, PHONES.chloe, code)).matched).toBe(false);
    await respondBySms(h.deps, PHONES.ana, `${code} no`);
    expect((await requests.get(CLINIC_ID, requestId))?.request.position.level).toBe(1);

    const benToken = h.pager.tokenFor(PHONES.ben);
    const done = await measure('ack link POST', () => respondByLink(h.deps, benToken, 'acknowledge'));
    expect(done.kind).toBe('done');
    expect((await respondByLink(h.deps, benToken, 'acknowledge')).kind).toBe('used');
    expect((await requests.get(CLINIC_ID, requestId))?.request).toMatchObject({
      status: 'acknowledged',
      assignee: { clinicianId: 'ben' },
    });
  });
});
