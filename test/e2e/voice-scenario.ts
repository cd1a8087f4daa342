// Contact methods and voice pages, as the on-call clinician sets them up with their own key: a second SMS
// number added, verified with the code the outbox got and sent a test page (which shows on their phone in
// the phone view); then a voice method on their main number, verified with the code its call spoke, and
// rules that call at once. A request rings the phone view's "Incoming call" (shot at 390×844 and 1280×800,
// checked by axe), "Press 1 (accept)" is reached and pressed with the keyboard only, the request is
// acknowledged via voice and the case link follows by SMS. Last of the scenarios: it closes its request and
// removes both methods, so the clinician is paged by their SMS method again.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { OutboxMessage, RequestView } from '../../scripts/e2e/api.js';
import { E2eFailure, check, checkEqual, waitFor } from '../../scripts/e2e/assert.js';
import { CLINIC_ID, onCall } from '../../scripts/e2e/clinic.js';
import { REQUESTS, getRequest, newCaller, newIdempotencyKey, submit } from '../../scripts/e2e/requests.js';
import { checkAxe, tabUntil, type FocusStop } from './a11y.js';
import { checkAccessible, contextsOf, screenshot } from './browser.js';
import { phoneOf, waitForText } from './locators.js';
import type { WebContext } from './scenario.js';

const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ON_A_PHONE = { viewport: PHONE, isMobile: true, hasTouch: true };
/** A phone view bubble shows within this (the phone view polls every 1.5 s). */
const SHOWS_WITHIN_MS = 4_000;
/** Ofcom's drama range, used by no other scenario: the clinician's second SMS number. */
const SECOND_NUMBER = '+447700900361';
/** The phone view's page can hold many phones and bubbles by the end of a full run: Tab may go far. */
const MAX_TABS = 400;

/** GET …/contacts (docs/api.md, "Contact methods"), as far as the scenario reads it. */
interface ContactMethodView {
  contactId: string;
  type: string;
  value: string;
  verified: boolean;
  state: string;
  lastResult: { at: string; kind: string; outcome: string; code?: string } | null;
}
interface PlanEntry {
  contactId: string;
  channel: string;
  afterSeconds: number;
}
interface ContactsView {
  clinicianId: string;
  contacts: ContactMethodView[];
  plan: PlanEntry[];
  notificationRules?: Array<{ contactId: string; afterSeconds: number }>;
  pageable: boolean;
  warning?: string;
}
/** The outbox as the local stack serves it: calls carry a callId, replies to an acceptance a caseUrl. */
type Message = OutboxMessage & { clinicianId?: string; callId?: string; caseUrl?: string };

/** Letters and digits one by one, as a call says a reference. */
const spelt = (text: string) => [...text].join(' ');

const planText = (plan: PlanEntry[]) => plan.map((p) => `${p.channel}@${p.afterSeconds}s`).join(', ');

export async function voiceScenario(ctx: WebContext): Promise<void> {
  const { api, browser, clinic, diagnostics } = ctx;
  const base = api.baseUrl;
  const { primary } = await onCall(api, clinic);
  const key = primary.key;
  const contactsPath = `/v1/clinics/${CLINIC_ID}/clinicians/${primary.clinicianId}/contacts`;
  const outbox = async () => (await api.outbox()).messages as Message[];
  /** The newest message matching `match` sent at or after `since`, within the wait. */
  const outboxMessage = (what: string, since: number, match: (m: Message) => boolean) =>
    waitFor(what, async () => (await outbox()).findLast((m) => Date.parse(m.sentAt) >= since && match(m)), {
      timeoutMs: SHOWS_WITHIN_MS,
      intervalMs: 50,
    });
  const { open, closeAll } = contextsOf(browser, diagnostics);
  const save = (page: Page, name: string) => screenshot(page, join(ctx.artifacts, `${name}.png`));
  const before = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
  /** The methods this scenario added, removed at the end (also when a step failed on the way). */
  const added: string[] = [];
  /** The request this scenario submitted, until it is closed (resolved or, on a failure, cancelled). */
  let openRequest: string | undefined;

  try {
    // ---- 1. A second SMS number: code from the outbox, verify, test page; it shows on their phone ------
    const second = await ctx.step(
      'voice: second SMS method, verified, test page',
      async () => {
        const since = Date.now();
        const method = await api.expect<ContactMethodView>(201, 'POST', contactsPath, {
          key,
          json: { type: 'sms', value: SECOND_NUMBER },
        });
        added.push(method.contactId);
        checkEqual(method.state, 'pending_code', 'a new method waits for its code');
        const coded = await outboxMessage(
          `the verification code for ${SECOND_NUMBER}`,
          since,
          (m) => m.purpose === 'verification' && m.to === SECOND_NUMBER && m.channel === 'sms',
        );
        check(/^\d{6}$/.test(coded.code), `a 6-digit code: ${coded.code}`);
        check(coded.text.includes(coded.code), `the SMS says its code: ${coded.text}`);
        const verified = await api.expect<ContactMethodView>(
          200,
          'POST',
          `${contactsPath}/${method.contactId}/verify`,
          { key, json: { code: coded.code } },
        );
        check(verified.verified && verified.state === 'verified', `verified: ${JSON.stringify(verified)}`);
        const testAt = Date.now();
        const tested = await api.expect<ContactMethodView>(
          200,
          'POST',
          `${contactsPath}/${method.contactId}/test`,
          { key },
        );
        checkEqual(tested.lastResult?.kind, 'test', 'lastResult.kind');
        checkEqual(tested.lastResult?.outcome, 'sent', 'lastResult.outcome of the test page');
        const test = await outboxMessage(
          `the test page to ${SECOND_NUMBER}`,
          testAt,
          (m) => m.purpose === 'test' && m.to === SECOND_NUMBER,
        );
        check(test.text.startsWith('TEST page from crisis-router'), `the test page reads: ${test.text}`);
        checkEqual(test.channel, 'sms', 'the test page channel');
        checkEqual(test.clinicianId, primary.clinicianId, 'the test page is for');
        // A second verified SMS number does not move pages off the first one (no rules: first of each type).
        const view = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
        checkEqual(planText(view.plan), planText(before.plan), 'the plan with a second SMS number');
        return { contactId: method.contactId, outcome: tested.lastResult?.outcome };
      },
      (r) => `${SECOND_NUMBER}: code from the outbox, verified; test page sent, lastResult ${r.outcome}`,
    );

    const phone = await open(ON_A_PHONE);
    const phones = await phone.newPage();
    await ctx.step(
      'voice: the test page on their phone (390×844)',
      async () => {
        await phones.goto(`${base}/phones`);
        const mine = phoneOf(phones, primary);
        const bubble = mine.locator('.bubble', { hasText: 'TEST page from crisis-router' }).last();
        await bubble.waitFor({ timeout: SHOWS_WITHIN_MS });
        check(await bubble.isVisible(), 'the TEST bubble is visible');
        await bubble.scrollIntoViewIfNeeded();
        const meta = await waitForText(
          bubble.locator('.meta'),
          /^SMS to \+447700900361 \(test\) · /,
          'the TEST bubble is an SMS to the second number, marked test',
          1_000,
        );
        check(
          (await bubble.locator('a.ack, .quick button').count()) === 0,
          'a test page has nothing to answer',
        );
        await save(phones, 'voice-test-page-390');
        return meta;
      },
      () => `${primary.clinicianId}'s phone shows the TEST page (to ${SECOND_NUMBER})`,
    );

    // ---- 2. A voice method on the main number: code from its call, rules that call at once ------------
    const voice = await ctx.step(
      'voice: voice method verified by its call, rules [voice@0]',
      async () => {
        const since = Date.now();
        const method = await api.expect<ContactMethodView>(201, 'POST', contactsPath, {
          key,
          json: { type: 'voice', value: primary.phone },
        });
        added.push(method.contactId);
        const spoken = await outboxMessage(
          `the verification call to ${primary.phone}`,
          since,
          (m) => m.channel === 'voice' && m.purpose === 'verification' && m.to === primary.phone,
        );
        check(spoken.callId?.startsWith('call-'), `the code came by a call: ${JSON.stringify(spoken)}`);
        check(
          spoken.text.includes(`Your code is ${spelt(spoken.code)}`),
          `the call says the code digit by digit: ${spoken.text}`,
        );
        await api.expect(200, 'POST', `${contactsPath}/${method.contactId}/verify`, {
          key,
          json: { code: spoken.code },
        });
        const ruled = await api.expect<ContactsView>(
          200,
          'PUT',
          `/v1/clinics/${CLINIC_ID}/clinicians/${primary.clinicianId}/notification-rules`,
          { key, json: { rules: [{ contactId: method.contactId, afterSeconds: 0 }] } },
        );
        checkEqual(planText(ruled.plan), 'voice@0s', 'the plan with the rules');
        checkEqual(ruled.plan[0]?.contactId, method.contactId, 'the plan calls the voice method');
        check(ruled.pageable, `still pageable: ${JSON.stringify(ruled)}`);
        return { contactId: method.contactId };
      },
      () => `voice ${primary.phone}: code read from its call, verified; plan voice@0s`,
    );

    // ---- 3. A request calls them: the phone view rings, at both sizes, and passes axe ------------------
    const caller = newCaller('voice');
    const submitted = await submit(api, clinic.intakeKey, newIdempotencyKey('voice'), caller);
    const { reference, requestId } = submitted.view;
    openRequest = requestId;
    const said = spelt(reference);
    await ctx.step(
      'voice: a request rings the phone view (390, 1280, axe)',
      async () => {
        const callPage = await outboxMessage(
          `the voice page for ${reference}`,
          submitted.sentAt,
          (m) => m.channel === 'voice' && m.to === primary.phone && m.ackUrl !== '' && m.text.includes(said),
        );
        check(callPage.callId, `the page is a call: ${JSON.stringify(callPage)}`);
        check(
          !callPage.text.includes(caller.summary) && !callPage.text.includes(caller.callbackPhone),
          'no caller detail in the call',
        );
        const smsPages = (await outbox()).filter(
          (m) =>
            m.channel === 'sms' && m.text.includes(reference) && Date.parse(m.sentAt) >= submitted.sentAt,
        );
        checkEqual(smsPages.length, 0, 'SMS pages with rules [voice@0]');

        const mine = phoneOf(phones, primary);
        const incoming = mine.locator('.bubble', { hasText: said }).last();
        await incoming.waitFor({ timeout: SHOWS_WITHIN_MS });
        const meta = await waitForText(
          incoming.locator('.meta'),
          /^Incoming call from crisis-router · /,
          'the call bubble',
          1_000,
        );
        await incoming.getByRole('button', { name: 'Press 1 (accept)' }).waitFor();
        await incoming.getByRole('button', { name: 'Press 2 (decline)' }).waitFor();
        await incoming.scrollIntoViewIfNeeded();
        await save(phones, 'voice-incoming-call-390');
        await checkAccessible(phones, 'phones, incoming call (390)');
        const rules = await checkAxe(phones, 'phones, incoming call (390)');

        const desk = await open({ viewport: DESK });
        const deskPhones = await desk.newPage();
        await deskPhones.goto(`${base}/phones`);
        const deskCall = phoneOf(deskPhones, primary).locator('.bubble', { hasText: said }).last();
        await deskCall.waitFor({ timeout: SHOWS_WITHIN_MS });
        await deskCall.scrollIntoViewIfNeeded();
        await save(deskPhones, 'voice-incoming-call-1280');
        await checkAccessible(deskPhones, 'phones, incoming call (1280)');
        await checkAxe(deskPhones, 'phones, incoming call (1280)');
        await desk.close();
        return { meta, rules, callId: callPage.callId };
      },
      (r) =>
        `${reference}: "${r.meta.split(' · ')[0]}", keys 1 and 2; axe 0 violations (${r.rules} rules pass)`,
    );

    // ---- 4. Press 1 with the keyboard only: acknowledged via voice ------------------------------------
    const mine = phoneOf(phones, primary);
    const pressedAt = await ctx.step(
      'voice: Press 1 by keyboard → acknowledged via voice',
      async () => {
        const target = mine.locator('.bubble', { hasText: said }).last().getByRole('button', {
          name: 'Press 1 (accept)',
        });
        // From the top of a fresh load: Tab until the focus is on this call's "Press 1", then Enter.
        await phones.reload();
        await target.waitFor({ timeout: SHOWS_WITHIN_MS });
        const headingId = await mine.locator('h2').getAttribute('id');
        const stops: FocusStop[] = [];
        for (;;) {
          const left = MAX_TABS - stops.length;
          check(left > 0, `"Press 1 (accept)" of ${reference} not reached in ${MAX_TABS} Tab presses`);
          stops.push(...(await tabUntil(phones, (s) => /"Press 1 \(accept\)"/.test(s.label), left)));
          const focused = await phones.evaluate<string>(
            `document.activeElement?.closest('section.phone')?.querySelector('h2')?.id + ' ' + (document.activeElement?.closest('.bubble')?.textContent ?? '')`,
          );
          if (focused.startsWith(`${headingId} `) && focused.includes(said)) break;
        }
        const at = Date.now();
        await phones.keyboard.press('Enter');
        const answer = mine.locator('.bubble.mine', { hasText: 'You pressed 1 · the call says' }).last();
        await answer.waitFor({ timeout: SHOWS_WITHIN_MS });
        const says = await waitForText(answer, /Accepted\./, 'the call confirms', 1_000);
        await answer.scrollIntoViewIfNeeded();
        await save(phones, 'voice-accepted-390');

        const view = await getRequest(api, clinic.intakeKey, requestId);
        checkEqual(view.status, 'acknowledged', 'the request after Press 1');
        checkEqual(view.assignee?.clinicianId, primary.clinicianId, 'who accepted');
        const acknowledged = view.timeline.find((e) => e.type === 'acknowledged');
        checkEqual(acknowledged?.via, 'voice', 'the acknowledged entry is via');
        checkEqual(acknowledged?.who?.clinicianId, primary.clinicianId, 'the acknowledged entry is by');
        return { at, stops: stops.length, says: says.replace(/^You pressed 1 · the call says/, '') };
      },
      (r) => `${r.stops} Tab presses, Enter; the call says "${r.says.slice(0, 30)}…"; acknowledged via voice`,
    );

    // ---- 5. The case link follows by SMS (a call cannot show the caller's details) --------------------
    await ctx.step(
      'voice: the case link follows by SMS',
      async () => {
        const accepted = `You accepted ${reference} by phone`;
        const text = await outboxMessage(
          `the SMS with the case link to ${primary.phone}`,
          pressedAt.at,
          (m) => m.channel === 'sms' && m.to === primary.phone && m.text.includes(accepted),
        ).catch(async (error: unknown) => {
          // Say what did go out after the key press, so the failure reads on its own.
          const sent = (await outbox()).filter((m) => Date.parse(m.sentAt) >= pressedAt.at);
          throw new E2eFailure(
            `${(error as Error).message}; sent since Press 1: ${
              JSON.stringify(sent.map(({ to, channel, text }) => ({ to, channel, text }))) || '[]'
            }`,
          );
        });
        check(
          text.text.startsWith(`${accepted}. Caller details and actions: `),
          `the SMS reads: ${text.text}`,
        );
        check(text.caseUrl && text.text.includes(text.caseUrl), `it carries the case link: ${text.text}`);
        check(!text.text.includes(caller.summary), 'no caller detail in the SMS');
        const reply = mine.locator('.bubble', { hasText: accepted }).last();
        await reply.waitFor({ timeout: SHOWS_WITHIN_MS });
        const href = await reply.locator('.text a.case').getAttribute('href');
        check(href?.startsWith('/case/'), `the case link in the phone view is tappable: ${href}`);
        await reply.scrollIntoViewIfNeeded();
        await save(phones, 'voice-case-link-390');
        return href;
      },
      () => `"You accepted ${reference} by phone. Caller details and actions: …/case/…", a tappable link`,
    );

    // ---- 5. Put things back: close the request, remove both methods -----------------------------------
    await ctx.step(
      'voice: resolve the request, remove both methods',
      async () => {
        const resolved = await api.expect<RequestView>(200, 'POST', `${REQUESTS}/${requestId}/resolve`, {
          key,
          json: { outcome: 'safe_plan', note: 'e2e voice done' },
        });
        checkEqual(resolved.status, 'resolved', 'the request');
        openRequest = undefined;
        for (const contactId of [voice.contactId, second.contactId]) {
          await api.expect(204, 'DELETE', `${contactsPath}/${contactId}`, { key });
          added.splice(added.indexOf(contactId), 1);
        }
        const after = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
        checkEqual(
          after.contacts.map((m) => m.contactId).join(','),
          before.contacts.map((m) => m.contactId).join(','),
          'the methods after',
        );
        checkEqual(after.notificationRules, undefined, 'the rules once their method is gone');
        checkEqual(planText(after.plan), planText(before.plan), 'the plan after');
        const sms = after.plan.find((p) => p.channel === 'sms');
        checkEqual(
          after.contacts.find((m) => m.contactId === sms?.contactId)?.value,
          primary.phone,
          'SMS pages go to the main number',
        );
        check(!after.plan.some((p) => p.channel === 'voice'), 'no voice in the plan');
        check(after.pageable, 'still pageable');
        return after;
      },
      (after) =>
        `${reference} resolved; methods back to ${after.contacts.length}, plan ${planText(after.plan)}`,
    );
  } finally {
    // A failed step leaves its request open and its methods in place: close and remove them (best effort),
    // so the reference is free and nothing after this pages oddly.
    if (openRequest)
      await api
        .call('POST', `${REQUESTS}/${openRequest}/cancel`, {
          key: clinic.intakeKey,
          json: { note: 'e2e voice failed' },
        })
        .catch(() => undefined);
    for (const contactId of added)
      await api.call('DELETE', `${contactsPath}/${contactId}`, { key }).catch(() => undefined);
    await closeAll();
  }
}
