// The case page itself: the security headers on every answer it can give, HTML in a summary, name or reason
// rendered as text (the resolve note is not shown at all), and no summary, callback number, note or token in
// any log line (every line the process writes is captured, the functions logging at DEBUG). In process on
// the real engine with a fixed clock; then real HTTP on the local stack for malformed paths.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent, SQSEvent } from 'aws-lambda';
import { createHandler as casePage } from '../../functions/case-page/handler.js';
import { createHandler as escalate } from '../../functions/escalate/handler.js';
import { createHandler as smsInbound } from '../../functions/sms-inbound/handler.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import type { TimerMessage } from '../../shared/ports/timer.js';
import {
  asClinician,
  CALLBACK,
  clinician,
  MINUTE,
  PHONES,
  SECOND,
  SUMMARY,
  T0,
} from '../unit/requests/fakes.js';
import {
  api,
  caseTokenFromRedirect,
  caseWorld,
  expectActivePage,
  html,
  invoke,
  lastPageTo,
  noticesTo,
  postAck,
  postCase,
  runTimersUntil,
  submit,
  tokenOf,
  viewCase,
  type CaseWorld,
  type Html,
} from '../support/case-flow.js';
import { captureOutput, phoneForms, type Capture } from './support/capture.js';
import {
  createClinic,
  expectStatus,
  pageFor,
  startStack,
  submit as submitHttp,
  tokenOf as ackTokenOf,
  type HardeningStack,
} from './support/local.js';

jest.setTimeout(60_000);

/** The CSP as directive → values. */
function csp(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';').map((p) => p.trim())) {
    const [name = '', ...values] = part.split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** No script can run, nothing frames it, forms post only here, no referrer, never cached, never sniffed. */
function expectLockedDown(label: string, page: Pick<Html, 'headers' | 'html'>): void {
  const policy = csp(page.headers['content-security-policy']);
  expect([label, policy.get('default-src')]).toEqual([label, ["'none'"]]);
  expect([label, policy.has('script-src'), policy.has('script-src-elem')]).toEqual([label, false, false]);
  expect([label, policy.get('frame-ancestors'), policy.get('form-action')]).toEqual([
    label,
    ["'none'"],
    ["'self'"],
  ]);
  expect([label, page.headers['content-security-policy']?.includes('unsafe-eval')]).toEqual([label, false]);
  expect([label, page.headers['referrer-policy']]).toEqual([label, 'no-referrer']);
  expect([label, page.headers['cache-control']]).toEqual([label, expect.stringContaining('no-store')]);
  expect([label, page.headers['x-content-type-options']]).toEqual([label, 'nosniff']);
  expect([label, page.headers['content-type']]).toEqual([label, 'text/html; charset=utf-8']);
  expect([label, /<script/i.test(page.html)]).toEqual([label, false]);
}

const HOSTILE_SUMMARY = `Caller said "<script>alert('x')</script><img src=x onerror=alert(1)>" & left`;
const HOSTILE_NAME = 'Ana <b onmouseover=alert(1)>Smith</b>';
const HOSTILE_REASON = '<iframe src="https://evil.example"></iframe> in clinic';

describe(`the case page on ${process.env.DYNAMO_ENGINE}`, () => {
  let w: CaseWorld;
  let capture: Capture | undefined;
  beforeEach(async () => {
    w = await caseWorld();
  });
  afterEach(() => {
    capture?.stop();
    w.close();
  });

  it('sends the security headers on every answer: active, accepted, contacted, passed on, closed, invalid, bad form, too large, redirect', async () => {
    w.h.setNow(T0);
    const requestId = await submit(w, 'page-headers-01');
    const accepted = await postAck(w, tokenOf(lastPageTo(w, PHONES.ana).ackUrl));
    const token = caseTokenFromRedirect(accepted);
    const pages: Array<[string, Html]> = [
      ['accept redirect', accepted],
      ['active', await viewCase(w, token)],
      ['accepted', await viewCase(w, token, 'accepted')],
      ['bad form', await postCase(w, token, { action: 'explode' })],
      ['not a form', await postCase(w, token, '{"action":"contacted"}', 'application/json')],
      ['too large', await postCase(w, token, `action=contacted&note=${'x'.repeat(70_000)}`)],
      ['invalid', await viewCase(w, 'A'.repeat(22))],
      ['contacted redirect', await postCase(w, token, { action: 'contacted' })],
      ['contacted', await viewCase(w, token, 'contacted')],
      ['handback redirect', await postCase(w, token, { action: 'handback', reason: 'busy' })],
      ['passed on', await viewCase(w, token)],
    ];
    const benToken = tokenOf((await api(w, asClinician('ben'), 'acknowledge', requestId)).body.caseUrl);
    pages.push(['resolve redirect', await postCase(w, benToken, { action: 'resolve', outcome: 'other' })]);
    pages.push(['closed', await viewCase(w, benToken)]);
    expect(pages.map(([label, p]) => [label, p.status])).toEqual([
      ['accept redirect', 303],
      ['active', 200],
      ['accepted', 200],
      ['bad form', 400],
      ['not a form', 400],
      ['too large', 413],
      ['invalid', 404],
      ['contacted redirect', 303],
      ['contacted', 200],
      ['handback redirect', 303],
      ['passed on', 200],
      ['resolve redirect', 303],
      ['closed', 200],
    ]);
    for (const [label, page] of pages) expectLockedDown(label, page);
    // The forms post back to the link's own URL: no action attribute that could point elsewhere.
    expect(pages[1]?.[1].html).not.toMatch(/<form[^>]*action=/);
  });

  it('renders HTML in the summary, requester name, clinician name and hand back reason as text, and never shows the note', async () => {
    w.h.setNow(T0 + 10 * MINUTE);
    await w.clinics.putClinician(clinician('ana', { name: HOSTILE_NAME }));
    const requestId = await submit(w, 'page-escape-01', {
      summary: HOSTILE_SUMMARY,
      requesterName: 'Desk <i>3</i>',
    });
    const token = caseTokenFromRedirect(await postAck(w, tokenOf(lastPageTo(w, PHONES.ana).ackUrl)));
    const active = await viewCase(w, token, '<script>alert(1)</script>');
    expect(active.status).toBe(200);
    for (const raw of ['<script', '<img', '<b ', '<i>', 'onerror=alert', 'onmouseover=alert'])
      expect([raw, active.html.includes(raw)]).toEqual([raw, false]);
    expect(active.html).toContain('&#60;script&#62;alert(&#39;x&#39;)&#60;&#47;script&#62;');
    expect(active.html).toContain(
      'Ana &#60;b onmouseover&#61;alert(1)&#62;Smith&#60;&#47;b&#62;, you accepted',
    );
    expect(active.html).toContain('Desk &#60;i&#62;3&#60;&#47;i&#62;');
    // The prototype's names are not flash messages.
    for (const done of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const page = await viewCase(w, token, done);
      expect([done, page.html.includes('role="status" class="box"')]).toEqual([done, false]);
      expect(page.html).not.toContain('[native code]');
      expect(page.html).not.toContain('[object Object]');
    }

    expect((await postCase(w, token, { action: 'handback', reason: HOSTILE_REASON })).status).toBe(303);
    const acked = await api(w, asClinician('ben'), 'acknowledge', requestId);
    const benToken = tokenOf(acked.body.caseUrl);
    const note = '<a href="javascript:alert(1)">x</a> note';
    await postCase(w, benToken, { action: 'resolve', outcome: 'other', note });
    for (const page of [await viewCase(w, benToken), await viewCase(w, token)]) {
      expect(page.html).not.toContain('<iframe');
      expect(page.html).not.toContain('javascript:');
      expect(page.html).not.toContain('x</a> note');
    }
    expect((await viewCase(w, benToken)).html).toContain(
      '&#60;iframe src&#61;&#34;https:&#47;&#47;evil.example',
    );
  });

  it('writes no summary, callback number, note, reason, token or phone number to any log line, through every case path at DEBUG', async () => {
    const logger = new Logger({ serviceName: 'crisis-router', logLevel: 'DEBUG' });
    const lw = { ...w, logger };
    const deps = w.h.deps;
    const tokens: string[] = [];
    const sms = (from: string, text: string) =>
      smsInbound(
        deps,
        logger,
      )({
        Records: [
          {
            Sns: {
              MessageId: `sns-${tokens.length}`,
              Message: JSON.stringify({ originationNumber: from, messageBody: text }),
            },
          },
        ],
      } as unknown as SNSEvent);
    const timers = escalate(deps, logger);
    const fire = (message: TimerMessage) =>
      timers({ Records: [{ messageId: 'timer', body: JSON.stringify(message) }] } as unknown as SQSEvent);
    const note = 'Spoke to Jo: she is safe with her sister tonight';
    const reason = 'Not safe for me: the caller is my neighbour';

    capture = captureOutput();
    w.h.setNow(T0 + 20 * MINUTE);
    const requestId = await submit(w, 'page-logs-0001');
    await sms(PHONES.ana, lastPageTo(w, PHONES.ana).code); // accept by SMS: the reply has a case link
    tokens.push(tokenOf(noticesTo(w, PHONES.ana).at(-1)?.caseUrl ?? ''));
    await runTimersUntil(w, T0 + 30 * MINUTE + SECOND, fire); // no call back: the reminder's link
    tokens.push(tokenOf(noticesTo(w, PHONES.ana).at(-1)?.caseUrl ?? ''));
    expectActivePage(await viewCase(lw, tokens[1] ?? ''), 'Ana Smith');
    await postCase(lw, tokens[1] ?? '', { action: 'handback', reason: `${reason} ${CALLBACK}` });
    const benAck = tokenOf(lastPageTo(w, PHONES.ben).ackUrl);
    tokens.push(benAck);
    tokens.push(caseTokenFromRedirect(await postAck(lw, benAck)));
    await postCase(lw, tokens[3] ?? '', { action: 'contacted' });
    await postCase(lw, tokens[3] ?? '', { action: 'resolve', outcome: 'other', note: `${note} ${SUMMARY}` });
    await postCase(lw, tokens[3] ?? '', { action: 'resolve', outcome: 'bogus', note: SUMMARY }); // refused
    await postCase(lw, tokens[0] ?? '', { action: 'contacted' }); // passed on
    // A store failure whose message quotes the token and the summary: a 500, logged by name only.
    const broken: RequestDeps = {
      ...deps,
      requests: {
        ...deps.requests,
        findCaseLink: async () => {
          throw Object.assign(new Error(`bad key ${tokens[3]} ${SUMMARY} ${CALLBACK}`), {
            name: 'ValidationException',
          });
        },
      } as RequestDeps['requests'],
    };
    const failed = html(
      await invoke({ ...lw, h: { ...w.h, deps: broken } }, casePage, {
        method: 'GET',
        resource: '/case/{token}',
        pathParameters: { token: tokens[3] ?? '' },
      }),
    );
    capture.stop();

    expect(failed.status).toBe(500);
    expect(failed.html).not.toContain(SUMMARY);
    const stored = await w.requests.get('northside', requestId);
    expect(stored?.request.status).toBe('resolved');
    const text = capture.text();
    for (const expected of [
      'inbound SMS handled',
      'timer handled',
      'case action',
      'page answered by link',
      'unhandled error',
    ])
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    const secrets = [
      SUMMARY,
      'taken pills',
      note,
      reason,
      ...phoneForms(CALLBACK),
      ...Object.values(PHONES).flatMap(phoneForms),
      ...tokens,
      ...w.h.pager.sent.flatMap((p) => [p.ackUrl, p.caseUrl ?? ''].filter(Boolean).map(tokenOf)),
    ];
    expect(tokens.every((t) => t.length === 22)).toBe(true);
    expect(secrets.filter((s) => capture?.lines.some((line) => line.includes(s)))).toEqual([]);
  });
});

describe(`case links over HTTP on the local stack (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  beforeAll(async () => {
    h = await startStack();
  });
  afterAll(async () => h?.close());

  it('answers malformed and tricky case paths with 404 or 405, never a 5xx; a real link still works after them', async () => {
    const clinic = await createClinic(h.call, 'case-http', 70);
    const { requestId } = expectStatus(await submitHttp(h.call, clinic), 202).body as { requestId: string };
    const page = await pageFor(h, requestId, clinic.phones.c1 as string);
    const accepted = await fetch(`${h.stack.url}/ack/${ackTokenOf(page)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=acknowledge',
      redirect: 'manual',
    });
    expect(accepted.status).toBe(303);
    const token = tokenOf(accepted.headers.get('location') ?? '');
    const state = async () =>
      JSON.stringify(
        expectStatus(
          await h.call('GET', `/v1/clinics/${clinic.clinicId}/requests/${requestId}`, { key: clinic.intake }),
          200,
        ).body,
      );
    const before = await state();
    for (const path of [
      '/case/',
      '/case',
      '/case/..%2F..%2Fhealth',
      `/case/${token}%2F..`,
      `/case/${token}/extra`,
      '/case/%',
      '/case/%C0%AF',
      '/case/%E2%80%AE%F0%9F%9A%80',
      `/case/${'A'.repeat(5000)}`,
      `/case/${token}%00`,
      `/case/${ackTokenOf(page)}`, // an ack token is not a case token
      `/case/${token}?done=%3Cscript%3E`,
    ]) {
      for (const method of path.includes('?done') ? ['GET'] : ['GET', 'POST']) {
        const res = await fetch(`${h.stack.url}${path}`, {
          method,
          redirect: 'manual',
          ...(method === 'POST' && {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'action=resolve&outcome=other',
          }),
        });
        const text = await res.text();
        expect([method, path, res.status < 500]).toEqual([method, path, true]);
        if (!path.includes('?done'))
          expect([method, path, [404, 405].includes(res.status)]).toEqual([method, path, true]);
        expect(text).not.toContain('<script>');
      }
    }
    expect(await state()).toBe(before);
    const real = await fetch(`${h.stack.url}/case/${token}`);
    expect(real.status).toBe(200);
    expect(await real.text()).toContain('tel:');
    expect(real.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
