// After acceptance, on the real engine (both engines): the case link from every way of accepting (SMS code,
// ack link, API), the case page, contacted, resolve and hand back, and who may still act. Each flow checks
// the stored timeline and status, every page and notice sent (never with the summary or callback number)
// and the sweeper's due index. Deadlines: follow-through-deadlines.test.ts; DynamoDB calls:
// follow-through-calls.test.ts.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { OutboxPager } from '../../../shared/adapters/local/outbox-pager.js';
import { CLOSED_CASE_READABLE_MS } from '../../../shared/app/requests/case-links.js';
import { hashSecret } from '../../../shared/app/secrets.js';
import { answerInboundSms } from '../../../shared/app/requests/sms-reply.js';
import {
  admin,
  asClinician,
  BASE_URL,
  CALLBACK,
  intake,
  PHONES,
  SECOND,
  MINUTE,
  HOUR,
  SUMMARY,
  T0,
} from '../../unit/requests/fakes.js';
import {
  api,
  caseTokenFromRedirect,
  caseWorld,
  dueEntry,
  expectActivePage,
  expectClosedPage,
  expectInvalidPage,
  expectNoDetailInMessages,
  expectPassedOnPage,
  fingerprint,
  lastPageTo,
  load,
  noticesTo,
  pagesTo,
  postAck,
  postCase,
  runTimersUntil,
  submit,
  tokenOf,
  view,
  viewCase,
  type CaseWorld,
} from '../../support/case-flow.js';

jest.setTimeout(60_000);

const ANA = { clinicianId: 'ana', name: 'Ana Smith' };
const BEN = { clinicianId: 'ben', name: 'Ben Smith' };
const DUTY = { name: 'Duty manager' };
const NOTE = 'Called back at 12:04; safety plan agreed, GP tomorrow';

describe(`follow-through on ${process.env.DYNAMO_ENGINE}`, () => {
  let w: CaseWorld;
  beforeEach(async () => {
    w = await caseWorld();
  });
  afterEach(() => w.close());

  it('SMS code → reply with a case link → case page → contacted → resolved; then read-only, and 404 after 24 h', async () => {
    const requestId = await submit(w, 'ft-sms-0001');
    const page = lastPageTo(w, PHONES.ana);
    w.h.setNow(T0 + 30 * SECOND);
    // The local stack's outbox keeps the reply's case link beside its text.
    const outbox = new OutboxPager(undefined, w.h.now);
    const answer = await answerInboundSms({ ...w.h.deps, pager: outbox }, PHONES.ana, page.code);
    expect(answer.matched).toBe(true);
    const [reply] = outbox.list({ phone: PHONES.ana });
    const caseUrl = reply?.caseUrl ?? '';
    expect(caseUrl).toMatch(new RegExp(`^${BASE_URL}/case/[A-Za-z0-9_-]{22}$`));
    const { reference } = await load(w, requestId);
    expect(reply?.text).toBe(
      `You accepted ${reference}. Nobody else is being paged. Caller details and actions: ${caseUrl}`,
    );
    const token = tokenOf(caseUrl);
    // Stored hashed: the item is keyed by the token's hash and holds no copy of the token.
    const links = await w.table.db.send(
      new ScanCommand({
        TableName: w.table.tableName,
        FilterExpression: '#k = :k',
        ExpressionAttributeNames: { '#k': 'kind' },
        ExpressionAttributeValues: { ':k': 'caselink' },
      }),
    );
    expect(links.Items?.map((i) => i.PK)).toEqual([`CASELINK#${hashSecret(token)}`]);
    expect(JSON.stringify(links.Items)).not.toContain(token);

    let stored = await load(w, requestId);
    expect(stored.request).toMatchObject({ status: 'acknowledged', assignee: ANA });
    expect(stored.request.nextDueAt).toBe(T0 + 630 * SECOND); // contactWithinSeconds: 600 (the default)
    expect(await dueEntry(w, requestId)).toMatchObject({ dueAt: T0 + 630 * SECOND });

    w.h.setNow(T0 + 2 * MINUTE);
    const opened = await viewCase(w, token);
    expectActivePage(opened, 'Ana Smith');
    expect(opened.html).toContain('Contacted the caller');
    expect(opened.html).toContain(`Request ${reference}`);
    expect(await fingerprint(w, requestId)).toBe(JSON.stringify(stored)); // a view changes nothing

    w.h.setNow(T0 + 4 * MINUTE);
    const contacted = await postCase(w, token, { action: 'contacted' });
    expect([contacted.status, contacted.location]).toEqual([303, `${token}?done=contacted`]);
    stored = await load(w, requestId);
    expect(stored.request.status).toBe('contacted');
    expect(stored.request.nextDueAt).toBe(T0 + 4 * MINUTE + 4 * HOUR); // resolveWithinSeconds: 14400
    expect(await dueEntry(w, requestId)).toMatchObject({ dueAt: T0 + 4 * MINUTE + 4 * HOUR });
    const after = await viewCase(w, token, 'contacted');
    expectActivePage(after, 'Ana Smith');
    expect(after.html).toContain('Recorded: you called the caller back.');
    expect(after.html).not.toContain('name="action" value="contacted"');

    w.h.setNow(T0 + 20 * MINUTE);
    const resolved = await postCase(w, token, { action: 'resolve', outcome: 'safe_plan', note: NOTE });
    expect([resolved.status, resolved.location]).toEqual([303, token]);
    stored = await load(w, requestId);
    expect(stored.request).toMatchObject({ status: 'resolved', nextDueAt: null, assignee: ANA });
    expect(await dueEntry(w, requestId)).toBeUndefined();
    expect(stored.request.timeline).toEqual([
      { at: T0, type: 'submitted', serviceId: 'general' },
      {
        at: T0,
        type: 'page_sent',
        who: ANA,
        channel: 'sms',
        attempt: 1,
        level: 0,
        round: 0,
        messageId: 'm-1',
      },
      { at: T0 + 30 * SECOND, type: 'acknowledged', who: ANA, attempt: 1, via: 'sms' },
      { at: T0 + 4 * MINUTE, type: 'contacted', who: ANA, via: 'case' },
      { at: T0 + 20 * MINUTE, type: 'resolved', who: ANA, outcome: 'safe_plan', note: NOTE, via: 'case' },
    ]);

    // Closed: read only, with the details, for a day; then the link is not valid.
    const closed = await viewCase(w, token);
    expectClosedPage(closed);
    expect(closed.html).toContain('Safe plan agreed with the caller');
    w.h.setNow(T0 + 20 * MINUTE + CLOSED_CASE_READABLE_MS);
    expectClosedPage(await viewCase(w, token));
    w.h.setNow(T0 + 20 * MINUTE + CLOSED_CASE_READABLE_MS + 1);
    expectInvalidPage(await viewCase(w, token));

    // One page out (the SMS reply went to the outbox), and nothing at all after the acceptance.
    expect(w.h.pager.sent.map((p) => [p.to, p.at])).toEqual([[PHONES.ana, T0]]);
    expect(outbox.list().map((m) => m.text)).toEqual([reply?.text]);
    expect(`${reply?.text}`).not.toContain(SUMMARY);
    expect(`${reply?.text}`).not.toContain(CALLBACK);
    expectNoDetailInMessages(w);
  });

  it.each(['sms', 'link'] as const)(
    'a fallback contact accepts an unanswered request (by %s), gets the case page and resolves it; intake and admin keys cannot resolve',
    async (via) => {
      const requestId = await submit(w, `ft-fallback-${via}`);
      await runTimersUntil(w, T0 + 3 * MINUTE); // ana 60 s, ben 120 s: unanswered, duty and lead paged
      expect((await load(w, requestId)).request.status).toBe('unanswered');
      const dutyPage = lastPageTo(w, PHONES.duty);
      expect(dutyPage.at).toBe(T0 + 3 * MINUTE);

      w.h.setNow(T0 + 4 * MINUTE);
      let token: string;
      if (via === 'sms') {
        const answer = await answerInboundSms(w.h.deps, PHONES.duty, dutyPage.code);
        expect(answer.matched).toBe(true);
        const reply = noticesTo(w, PHONES.duty).at(-1);
        expect(reply?.text).toContain(`${reply?.caseUrl}`);
        token = tokenOf(reply?.caseUrl ?? '');
      } else {
        token = caseTokenFromRedirect(await postAck(w, tokenOf(dutyPage.ackUrl)));
      }
      let stored = await load(w, requestId);
      expect(stored.request).toMatchObject({ status: 'acknowledged', assignee: DUTY });
      expect(stored.request.followUp).toMatchObject({ acceptedWhile: 'unanswered' });
      expect(await dueEntry(w, requestId)).toMatchObject({ dueAt: T0 + 14 * MINUTE });
      expectActivePage(await viewCase(w, token), 'Duty manager');

      // Nobody with a key can close it for the fallback contact, whatever their role.
      const before = await fingerprint(w, requestId);
      const refused = await Promise.all(
        [intake, admin, asClinician('ben')].map((p) => api(w, p, 'resolve', requestId, { outcome: 'other' })),
      );
      expect(refused.map((r) => [r.statusCode, r.body.error.code])).toEqual([
        [403, 'forbidden'],
        [403, 'forbidden'],
        [409, 'conflict'], // ben was paged: "only the person who accepted the request can do that"
      ]);
      expect(refused[2]?.body.error.message).toBe('only the person who accepted the request can do that');
      expect(await fingerprint(w, requestId)).toBe(before);

      w.h.setNow(T0 + 9 * MINUTE);
      const resolved = await postCase(w, token, {
        action: 'resolve',
        outcome: 'referred_service',
        note: 'Referred to the crisis team',
      });
      expect(resolved.status).toBe(303);
      stored = await load(w, requestId);
      expect(stored.request.status).toBe('resolved');
      expect(stored.request.timeline.slice(-2)).toEqual([
        { at: T0 + 4 * MINUTE, type: 'acknowledged', who: DUTY, attempt: 3, via },
        {
          at: T0 + 9 * MINUTE,
          type: 'resolved',
          who: DUTY,
          outcome: 'referred_service',
          note: 'Referred to the crisis team',
          via: 'case',
        },
      ]);
      expect(stored.request.timeline.map((e) => e.type)).toEqual([
        'submitted',
        'page_sent',
        'timeout',
        'escalated',
        'page_sent',
        'timeout',
        'unanswered',
        'page_sent',
        'page_sent',
        'acknowledged',
        'resolved',
      ]);
      expect(await dueEntry(w, requestId)).toBeUndefined();
      expectClosedPage(await viewCase(w, token));
      expect(pagesTo(w, PHONES.lead)).toHaveLength(1);
      // The pages (ana, ben, duty, lead) and, for an SMS answer, the reply: no notice to anyone.
      expect(w.h.pager.sent.filter((p) => p.ackUrl !== '').map((p) => p.to)).toEqual([
        PHONES.ana,
        PHONES.ben,
        PHONES.duty,
        PHONES.lead,
      ]);
      expect(w.h.pager.sent.length).toBe(via === 'sms' ? 5 : 4);
      expectNoDetailInMessages(w);
    },
  );

  it('hand back from the case page pages the next level at once; the former link shows passed_on, the new acceptor gets their own', async () => {
    const requestId = await submit(w, 'ft-handback-1');
    w.h.setNow(T0 + 10 * SECOND);
    const anaToken = caseTokenFromRedirect(await postAck(w, tokenOf(lastPageTo(w, PHONES.ana).ackUrl)));
    const welcome = await viewCase(w, anaToken, 'accepted');
    expectActivePage(welcome, 'Ana Smith');
    expect(welcome.html).toContain('You accepted this request. Nobody else is being paged.');

    const at = T0 + 40 * SECOND;
    w.h.setNow(at);
    const reason = 'Called into a session: cannot call back';
    const handed = await postCase(w, anaToken, { action: 'handback', reason });
    expect([handed.status, handed.location]).toEqual([303, anaToken]);
    const stored = await load(w, requestId);
    expect(stored.request).toMatchObject({
      status: 'paging',
      assignee: null,
      followUp: null,
      reopened: 1,
      position: { level: 1, round: 0, attempt: 2 },
    });
    expect(stored.request.declinedBy).toContain('ana');
    expect(stored.request.timeline.slice(2)).toEqual([
      { at: T0 + 10 * SECOND, type: 'acknowledged', who: ANA, attempt: 1, via: 'link' },
      { at, type: 'handed_back', who: ANA, reason, via: 'case' },
      { at, type: 'escalated', level: 1, round: 0, reason: 'handed_back' },
      { at, type: 'page_sent', who: BEN, channel: 'sms', attempt: 2, level: 1, round: 0, messageId: 'm-2' },
    ]);
    // Ben's page left at the same instant; his level's 120 s run from it.
    expect(pagesTo(w, PHONES.ben).map((p) => p.at)).toEqual([at]);
    expect(await dueEntry(w, requestId)).toMatchObject({ dueAt: at + 120 * SECOND });
    const status = await view(w, intake, requestId);
    expect(status.body).toMatchObject({
      status: 'paging',
      reopened: 1,
      nextEscalationAt: new Date(at + 120 * SECOND).toISOString(),
      nextFollowUpAt: null,
    });
    // A hand back tells nobody else: no passed_on notice, the reason stays on the timeline.
    expect(noticesTo(w, PHONES.ana)).toEqual([]);
    expectPassedOnPage(await viewCase(w, anaToken));

    w.h.setNow(at + 30 * SECOND);
    const acked = await api(w, asClinician('ben'), 'acknowledge', requestId);
    expect(acked.statusCode).toBe(200);
    const benToken = tokenOf(acked.body.caseUrl);
    expect(benToken).not.toBe(anaToken);
    expectActivePage(await viewCase(w, benToken), 'Ben Smith');
    expectPassedOnPage(await viewCase(w, anaToken));
    expect(await dueEntry(w, requestId)).toMatchObject({ dueAt: at + 30 * SECOND + 600 * SECOND });
    expectNoDetailInMessages(w);
  });

  it('the first acceptor’s link cannot act once someone else holds the request: every form gets "no longer hold", nothing changes', async () => {
    const requestId = await submit(w, 'ft-reuse-01');
    w.h.setNow(T0 + 10 * SECOND);
    const anaToken = caseTokenFromRedirect(await postAck(w, tokenOf(lastPageTo(w, PHONES.ana).ackUrl)));
    w.h.setNow(T0 + 20 * SECOND);
    expect((await postCase(w, anaToken, { action: 'handback', reason: 'Off sick' })).status).toBe(303);
    w.h.setNow(T0 + 30 * SECOND);
    const answer = await answerInboundSms(w.h.deps, PHONES.ben, lastPageTo(w, PHONES.ben).code);
    expect(answer.matched).toBe(true);
    const benToken = tokenOf(noticesTo(w, PHONES.ben).at(-1)?.caseUrl ?? '');

    const before = await fingerprint(w, requestId);
    const sent = w.h.pager.sent.length;
    const timers = w.h.timer.scheduled.length;
    const forms: Array<Record<string, string>> = [
      { action: 'contacted' },
      { action: 'resolve', outcome: 'safe_plan', note: 'not mine to close' },
      { action: 'handback', reason: 'trying again' },
    ];
    for (const form of forms) {
      const reply = await postCase(w, anaToken, form);
      expectPassedOnPage(reply);
      expect(reply.location).toBeUndefined();
    }
    expect(await fingerprint(w, requestId)).toBe(before);
    expect([w.h.pager.sent.length, w.h.timer.scheduled.length]).toEqual([sent, timers]);
    expect((await load(w, requestId)).request).toMatchObject({ status: 'acknowledged', assignee: BEN });
    // Ben's link still acts, and once it is closed the first link is simply not valid.
    expect((await postCase(w, benToken, { action: 'resolve', outcome: 'other' })).status).toBe(303);
    expectInvalidPage(await viewCase(w, anaToken));
    expectClosedPage(await viewCase(w, benToken));
  });
});
