// Voice pages on the local stack, on the harness's DynamoDB engine: a voice method is verified with the code
// the call spoke, the person's rules call at once, and a keypress on the call answers exactly that page
// (1 accepts and the case link follows by text, 2 declines, anything else asks again).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { client, stackOptions, type Call } from './http.js';
import { expectStatus, twoPersonClinic } from './two-person-clinic.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const C = 'voice';
const ANA = '+447700900501';
const BEN = '+447700900502';

let stack: LocalStack;
let cleanup: () => Promise<void>;
let call: Call;
let admin = '';
let intake = '';
let submit: (summary: string) => Promise<string>;

const calls = (to: string) => stack.outbox.list({ phone: to }).filter((m) => m.channel === 'voice');
const request = async (id: string) =>
  expectStatus(await call('GET', `/v1/clinics/${C}/requests/${id}`, { key: intake }), 200).body;

/** Adds a voice method for `who` and verifies it with the code its call spoke; sets the rules to voice only. */
async function voiceOnly(who: string, phone: string) {
  const base = `/v1/clinics/${C}/clinicians/${who}/contacts`;
  const added = expectStatus(
    await call('POST', base, { key: admin, body: { type: 'voice', value: phone } }),
    201,
  ).body;
  const spoken = calls(phone).findLast((m) => m.purpose === 'verification');
  expect(spoken?.text).toMatch(/Your code is (\d )+\d/);
  expectStatus(
    await call('POST', `${base}/${added.contactId}/verify`, { key: admin, body: { code: spoken?.code } }),
    200,
  );
  expectStatus(
    await call('PUT', `/v1/clinics/${C}/clinicians/${who}/notification-rules`, {
      key: admin,
      body: { rules: [{ contactId: added.contactId, afterSeconds: 0 }] },
    }),
    200,
  );
}

const press = (callId: string | undefined, digits: string) =>
  call('POST', '/local/voice-inbound', { body: { callId, digits } });

beforeAll(async () => {
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack(options);
  call = client(stack.url);
  ({ admin, intake, submit } = await twoPersonClinic(call, C));
  await voiceOnly('ana', ANA);
  await voiceOnly('ben', BEN);
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await cleanup?.();
});

describe(`voice pages over HTTP on ${ENGINE}`, () => {
  it(
    'the page is a call that says the facts twice and the keys, with no patient detail',
    async () => {
      await submit('overdose');
      const page = calls(ANA).findLast((m) => m.purpose === undefined);
      expect(page?.callId).toMatch(/^call-/);
      expect(page?.text).toMatch(/^This is crisis-router\. Emergency crisis request, reference (\w ){3,4}/);
      expect(page?.text).toMatch(/Press 1 to accept\. Press 2 to decline\.$/);
      expect(page?.text).not.toMatch(/overdose|0998/);
    },
    TIMEOUT,
  );

  it(
    '2 declines (the next person is called), an unknown key asks again, and 1 on the next call accepts',
    async () => {
      const id = await submit('overdose');
      const anaCall = calls(ANA).findLast((m) => m.purpose === undefined);
      const unknown = expectStatus(await press(anaCall?.callId, '5'), 200).body;
      expect(unknown).toMatchObject({ result: 'not_understood', say: expect.stringMatching(/Press 1/) });
      expect((await request(id)).status).toBe('paging');
      expect(expectStatus(await press(anaCall?.callId, '2'), 200).body.result).toBe('declined');
      const benCall = calls(BEN).findLast((m) => m.purpose === undefined);
      expect(benCall?.callId).toBeDefined();
      const accepted = expectStatus(await press(benCall?.callId, '1'), 200).body;
      expect(accepted).toMatchObject({ result: 'accepted', say: expect.stringMatching(/^Accepted\./) });
      const view = await request(id);
      expect(view.status).toBe('acknowledged');
      expect(view.timeline.find((e: { type: string }) => e.type === 'acknowledged')).toMatchObject({
        via: 'voice',
        who: { clinicianId: 'ben' },
      });
      // A call cannot show the caller's details: ben, paged by voice alone, gets his case link by text.
      const followUp = stack.outbox.list({ phone: BEN }).findLast((m) => m.channel === 'sms');
      expect(followUp?.text).toMatch(/^You accepted R\w+ by phone\. Caller details and actions: http/);
      expect(followUp?.caseUrl).toMatch(/\/case\//);
      expect(followUp?.text).not.toMatch(/overdose|0998/);
      // The same key again changes nothing and says so.
      expect(expectStatus(await press(benCall?.callId, '1'), 200).body.result).toBe('already_answered');
    },
    TIMEOUT,
  );

  it(
    'a busy call of a voice-only person moves on at once to the next person, recorded on the timeline',
    async () => {
      const id = await submit('overdose');
      const anaCall = calls(ANA).findLast((m) => m.purpose === undefined);
      const ended = await call('POST', '/local/voice-inbound', {
        body: { callId: anaCall?.callId, ended: 'busy' },
      });
      expect(expectStatus(ended, 200).body.result).toBe('recorded');
      const view = await request(id);
      expect(
        view.timeline.find((e: { type: string; channel?: string }) => e.type === 'page_failed'),
      ).toMatchObject({
        channel: 'voice',
        reason: 'call_ended:busy',
        who: { clinicianId: 'ana' },
      });
      // Ana's only channel failed: Ben is called now, not when Ana's level times out.
      expect(view.timeline.some((e: { type: string }) => e.type === 'timeout')).toBe(false);
      expect(view.timeline.findLast((e: { type: string }) => e.type === 'page_sent')).toMatchObject({
        channel: 'voice',
        who: { clinicianId: 'ben' },
      });
      // The provider reporting the same end twice records it once; the call's key still works after.
      const again = await call('POST', '/local/voice-inbound', {
        body: { callId: anaCall?.callId, ended: 'busy' },
      });
      expect(expectStatus(again, 200).body.result).toBe('unchanged');
      const benCall = calls(BEN).findLast((m) => m.purpose === undefined);
      expect(expectStatus(await press(benCall?.callId, '1'), 200).body.result).toBe('accepted');
      // A late "no answer" after the request was accepted changes nothing.
      const late = await call('POST', '/local/voice-inbound', {
        body: { callId: benCall?.callId, ended: 'no_answer' },
      });
      expect(expectStatus(late, 200).body.result).toBe('unchanged');
    },
    TIMEOUT,
  );

  it(
    'digits and an ending together, or an unknown ending, are 400 naming the field',
    async () => {
      const anaCall = calls(ANA).findLast((m) => m.purpose === undefined);
      const both = await call('POST', '/local/voice-inbound', {
        body: { callId: anaCall?.callId, digits: '1', ended: 'busy' },
      });
      expect(expectStatus(both, 400).body.error.details).toEqual([
        { path: 'digits', message: expect.stringMatching(/either digits .* or ended/) },
      ]);
      const odd = await call('POST', '/local/voice-inbound', {
        body: { callId: anaCall?.callId, ended: 'hung' },
      });
      expect(expectStatus(odd, 400).body.error.details).toEqual([
        { path: 'ended', message: 'must be one of busy, no_answer, failed, no_keypress' },
      ]);
    },
    TIMEOUT,
  );

  it(
    'an unknown call id is 404; bad digits are 400',
    async () => {
      expectStatus(await press('call-nope', '1'), 404);
      expectStatus(await press('call-nope', 'yes'), 400);
    },
    TIMEOUT,
  );
});
