// "My contact methods" (/me) as a clinician uses it on their phone (390×844, touch): signs in by keyboard
// only, sees their verified SMS (shot and checked by axe at 390×844 and 1280×800), adds a second SMS number
// with the form, types the code the outbox got, sends a test page; then turns on notifications: the page
// registers its service worker for real and the server sends a real, encrypted Web Push to a fake push
// service over HTTPS on loopback, whose code is typed next to "Notifications". Only the browser's
// pushManager.subscribe() is stubbed: headless Chromium has no push service to reach. The clinician is the
// one neither primary nor secondary (the one the other scenarios page least); everything added is removed
// with the page's Remove buttons (or by the API in the finally), so their methods end as they began.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { OutboxMessage } from '../../scripts/e2e/api.js';
import { E2eFailure, check, checkEqual, waitFor } from '../../scripts/e2e/assert.js';
import { CLINIC_ID, onCall } from '../../scripts/e2e/clinic.js';
import { startFakePushService, type FakePushService } from '../support/fake-push-service.js';
import { checkAxe, tabUntil } from './a11y.js';
import { checkAccessible, contextsOf, screenshot } from './browser.js';
import { textOf } from './locators.js';
import type { WebContext } from './scenario.js';

const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ON_A_PHONE = { viewport: PHONE, isMobile: true, hasTouch: true };
/** A code, a test page or a push is in the outbox (and the page says so) within this. */
const SHOWS_WITHIN_MS = 4_000;
/** Ofcom's drama range, used by no other scenario: the clinician's added SMS number. */
const ADDED_NUMBER = '+447700900371';
/** The fake push service's path for this browser's (stubbed) subscription: /ok/… answers 201. */
const PUSH_PATH = 'ok/me';

interface ContactMethodView {
  contactId: string;
  type: string;
  value: string;
  verified: boolean;
  state: string;
  lastResult: { kind: string; outcome: string; code?: string } | null;
}
interface ContactsView {
  contacts: ContactMethodView[];
  plan: Array<{ contactId: string; channel: string; afterSeconds: number }>;
  pageable: boolean;
}
type Message = OutboxMessage & { clinicianId?: string };
interface WorkerSeen {
  scope: string;
  scriptURL: string;
  state: string;
}

const planText = (view: ContactsView) => view.plan.map((p) => `${p.channel}@${p.afterSeconds}s`).join(', ');
const idsOf = (view: ContactsView) => view.contacts.map((m) => m.contactId).join(',');

async function waitForText(root: Locator, pattern: RegExp, what: string): Promise<string> {
  return waitFor(
    `${what} (matching ${pattern})`,
    async () => {
      const value = await textOf(root);
      return pattern.test(value) ? value : undefined;
    },
    { timeoutMs: SHOWS_WITHIN_MS, intervalMs: 100 },
  );
}

/**
 * Runs in the page before its scripts (context.addInitScript): PushManager.prototype.subscribe answers with
 * the fake push service's subscription instead of asking Chromium's push service, which a headless browser
 * cannot reach. Nothing else of the page or its service worker changes. No inner named functions: tsx keeps
 * names with a helper (__name) that does not exist in the page.
 */
function stubSubscribe(json: string): void {
  const scope = globalThis as unknown as { PushManager?: { prototype: { subscribe: unknown } } };
  if (!scope.PushManager) return;
  scope.PushManager.prototype.subscribe = async function () {
    const parsed = JSON.parse(json) as { endpoint: string };
    return {
      endpoint: parsed.endpoint,
      expirationTime: null,
      toJSON() {
        return parsed;
      },
      getKey() {
        return null;
      },
      async unsubscribe() {
        return true;
      },
    };
  };
}

// Plain JavaScript in the page (the repo's tsconfig has no DOM types): the service worker the page
// registered, found by its scope (assets/, where the worker's script lives), with the page's own lookup.
const REGISTERED_WORKER = `(async () => {
  const seen = (r) => {
    const w = r && (r.active || r.waiting || r.installing);
    return w ? { scope: r.scope, scriptURL: w.scriptURL, state: w.state } : null;
  };
  return {
    byScope: seen(await navigator.serviceWorker.getRegistration(new URL('assets/', document.baseURI).href)),
    forThisPage: seen(await navigator.serviceWorker.getRegistration()),
  };
})()`;

/** WCAG 1.4.10 (reflow), which axe does not check: nothing is wider than the phone's screen. */
async function checkFitsWidth(page: Page, what: string): Promise<void> {
  const { scroll, inner } = await page.evaluate<{ scroll: number; inner: number }>(
    '({ scroll: document.documentElement.scrollWidth, inner: document.documentElement.clientWidth })',
  );
  check(
    scroll <= inner,
    `${what}: the page is ${scroll} px wide on a ${inner} px screen (it scrolls sideways)`,
  );
}

export async function meScenario(ctx: WebContext): Promise<void> {
  const { api, browser, clinic, diagnostics } = ctx;
  const base = api.baseUrl;
  const { primary, secondary } = await onCall(api, clinic);
  const person = clinic.clinicians.find(
    (c) => c.clinicianId !== primary.clinicianId && c.clinicianId !== secondary.clinicianId,
  );
  check(person, `a clinician neither primary nor secondary among ${clinic.clinicians.length}`);
  const { key } = person;
  const contactsPath = `/v1/clinics/${CLINIC_ID}/clinicians/${person.clinicianId}/contacts`;
  const outbox = async () => (await api.outbox()).messages as Message[];
  const outboxMessage = (what: string, since: number, match: (m: Message) => boolean) =>
    waitFor(what, async () => (await outbox()).findLast((m) => Date.parse(m.sentAt) >= since && match(m)), {
      timeoutMs: SHOWS_WITHIN_MS,
      intervalMs: 50,
    });
  const { open, closeAll } = contextsOf(browser, diagnostics);
  const save = (page: Page, name: string) => screenshot(page, join(ctx.artifacts, `${name}.png`));
  const before = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
  const sms = before.contacts.find((m) => m.type === 'sms' && m.value === person.phone);
  check(sms?.verified, `${person.clinicianId} starts with a verified SMS: ${JSON.stringify(before)}`);
  /** The methods this scenario added, removed at the end (also when a step failed on the way). */
  const added: string[] = [];
  let push: FakePushService | undefined;

  const phone = await open(ON_A_PHONE);
  const page = await phone.newPage();
  const list = page.locator('#me-list');
  const notice = page.locator('#me-notice');
  const item = (contactId: string) => list.locator(`li[data-contact="${contactId}"]`);
  /** What a method's list item says of it, without its buttons' labels. */
  const line = (contactId: string) => item(contactId).locator('span').first();

  try {
    // ---- 1. Sign in by keyboard only; the verified SMS shows; shot and axe at both sizes --------------
    await ctx.step(
      'me: sign in by keyboard, the verified SMS (390, 1280, axe)',
      async () => {
        const response = await page.goto(`${base}/me`);
        check(response?.ok(), `GET /me answered ${response?.status()}`);
        await page.locator('#me-signin').waitFor();
        await checkAccessible(page, 'me, sign in (390)');
        await checkAxe(page, 'me, sign in (390)');
        await save(page, 'me-signin-390');
        const walk = await tabUntil(page, (s) => s.label.startsWith('input#me-clinic '), 20);
        await page.keyboard.type(CLINIC_ID);
        await tabUntil(page, (s) => s.label.startsWith('input#me-clinician '), 1);
        await page.keyboard.type(person.clinicianId);
        await tabUntil(page, (s) => s.label.startsWith('input#me-key '), 1);
        await page.keyboard.type(key);
        await page.keyboard.press('Enter');
        await page.locator('#me-methods').waitFor();
        check(await page.locator('#me-signin').isHidden(), 'the sign-in form is gone once signed in');
        await waitForText(
          page.locator('#who-name'),
          new RegExp(`^${person.clinicianId} · ${CLINIC_ID}$`),
          'who',
        );
        const said = await waitForText(
          line(sms.contactId),
          new RegExp(`^Text message, \\${person.phone}: verified\\.`),
          `the verified SMS ${person.phone} in the list`,
        );
        checkEqual(await list.locator('li[data-contact]').count(), before.contacts.length, 'methods listed');
        const pageable = await waitForText(
          page.locator('#me-pageable'),
          /^Pages reach you by text message/,
          'pageable',
        );
        check(!page.url().includes(key), 'the key is not in the URL');
        await save(page, 'me-methods-390');
        await checkFitsWidth(page, 'me, methods (390)');
        await checkAccessible(page, 'me, methods (390)');
        const rules = await checkAxe(page, 'me, methods (390)');

        const desk = await open({ viewport: DESK });
        const deskPage = await desk.newPage();
        await deskPage.goto(`${base}/me`);
        await deskPage.locator('#me-clinic').fill(CLINIC_ID);
        await deskPage.locator('#me-clinician').fill(person.clinicianId);
        await deskPage.locator('#me-key').fill(key);
        await deskPage.getByRole('button', { name: 'Sign in' }).click();
        await deskPage.locator(`#me-list li[data-contact="${sms.contactId}"]`).waitFor();
        await save(deskPage, 'me-methods-1280');
        await checkAccessible(deskPage, 'me, methods (1280)');
        await checkAxe(deskPage, 'me, methods (1280)');
        await desk.close();
        return { tabs: walk.length, said, pageable, rules };
      },
      (r) =>
        `${person.clinicianId}: ${r.tabs} Tabs to Clinic ID, typed, Tab, Tab, Enter; "${r.said}" "${r.pageable}"; axe 0 violations (${r.rules} rules pass)`,
    );

    // ---- 1b. Shift notices: the minutes in effect, changed to 30 and saved, then back ------------------
    await ctx.step(
      'me: shift notice minutes shown, saved, refused in words when out of range',
      async () => {
        const minutes = page.locator('#me-notice-minutes');
        checkEqual(await minutes.inputValue(), '60', 'the default minutes shown');
        await minutes.fill('30');
        await page.getByRole('button', { name: 'Save' }).click();
        await waitForText(notice, /^Saved: you will be told 30 minutes before/, 'the saved notice');
        const stored = await api.expect<{ shiftNoticeMinutes: number }>(200, 'GET', contactsPath, { key });
        checkEqual(stored.shiftNoticeMinutes, 30, 'the minutes stored');
        await minutes.fill('5000');
        await page.getByRole('button', { name: 'Save' }).click();
        const refused = await waitForText(
          page.locator('#me-notices-error'),
          /shiftNoticeMinutes: must be at most 1440/,
          'the refusal',
        );
        // Chromium logs the answer as a console error: this one was asked for, any other still fails the run.
        const logged = diagnostics.problems.findIndex((p) => /\/me.*status of 400 \(Bad Request\)/.test(p));
        check(logged >= 0, 'the 400 reached the browser');
        diagnostics.problems.splice(logged, 1);
        await minutes.fill('60');
        await page.getByRole('button', { name: 'Save' }).click();
        await waitForText(notice, /^Saved: you will be told 60 minutes before/, 'back to 60');
        await checkAxe(page, 'me, shift notices (390)');
        return refused.trim();
      },
      (refused) => `30 saved and read back, 5000 refused ("${refused}"), back to 60`,
    );

    // ---- 2. Add an SMS number with the form: its code from the outbox, Verify, a test page ------------
    const second = await ctx.step(
      'me: add an SMS number, verify its code, send a test page',
      async () => {
        const since = Date.now();
        await page.locator('#me-add-type').selectOption('sms');
        await page.locator('#me-add-number').fill(ADDED_NUMBER);
        await page.getByRole('button', { name: 'Send me a code' }).click();
        const li = list.locator('li[data-contact]', { hasText: ADDED_NUMBER });
        await li.waitFor({ timeout: SHOWS_WITHIN_MS });
        const contactId = (await li.getAttribute('data-contact')) ?? '';
        check(contactId, 'the new method has a data-contact');
        added.push(contactId);
        await waitForText(li, /: waiting for its code\./, 'the new method waits for its code');
        await waitForText(notice, new RegExp(`^A code was sent to \\${ADDED_NUMBER}`), 'the notice');
        const coded = await outboxMessage(
          `the verification code for ${ADDED_NUMBER}`,
          since,
          (m) => m.purpose === 'verification' && m.channel === 'sms' && m.to === ADDED_NUMBER,
        );
        check(/^\d{6}$/.test(coded.code), `a 6-digit code: ${coded.code}`);
        await li.getByLabel('Code').fill(coded.code);
        await save(page, 'me-sms-code-390');
        await checkFitsWidth(page, 'me, a code typed (390)');
        await checkAccessible(page, 'me, a code typed (390)');
        await checkAxe(page, 'me, a code typed (390)');
        await li.getByRole('button', { name: 'Verify' }).click();
        const verified = await waitForText(
          line(contactId),
          new RegExp(`^Text message, \\${ADDED_NUMBER}: verified\\.`),
          'the added number says verified',
        );
        await waitForText(
          notice,
          new RegExp(`^Text message \\${ADDED_NUMBER}: verified\\.`),
          'the notice says verified',
        );
        check((await item(contactId).getByLabel('Code').count()) === 0, 'no Code field once verified');

        const testAt = Date.now();
        await item(contactId).getByRole('button', { name: 'Send a test page' }).click();
        const said = await waitForText(notice, /^Test page: sent\.$/, 'the notice after the test page');
        const test = await outboxMessage(
          `the test page to ${ADDED_NUMBER}`,
          testAt,
          (m) => m.purpose === 'test' && m.to === ADDED_NUMBER,
        );
        check(test.text.startsWith('TEST page from crisis-router'), `the test page reads: ${test.text}`);
        checkEqual(test.channel, 'sms', 'the test page channel');
        checkEqual(test.clinicianId, person.clinicianId, 'the test page is for');
        await waitForText(item(contactId), /Last test: sent\./, 'the list shows the last test');
        const view = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
        const method = view.contacts.find((m) => m.contactId === contactId);
        check(method?.verified && method.state === 'verified', `verified: ${JSON.stringify(method)}`);
        checkEqual(planText(view), planText(before), 'the plan with a second SMS number');
        await save(page, 'me-sms-added-390');
        return { contactId, verified, said };
      },
      (r) =>
        `${ADDED_NUMBER}: code from the outbox typed, "${r.verified}"; "${r.said}", a TEST SMS in the outbox`,
    );

    // ---- 3. Notifications: real service worker and real encrypted push; only subscribe() stubbed -----
    push = await startFakePushService();
    const service = push;
    const subscription = service.subscription(PUSH_PATH);
    const pushed = await ctx.step(
      'me: turn on notifications, encrypted push, verify its code',
      async () => {
        await phone.addInitScript(stubSubscribe, subscription);
        await page.reload();
        await list.locator(`li[data-contact="${second.contactId}"]`).waitFor();
        const since = Date.now();
        const requestsBefore = service.requests.length;
        await page.getByRole('button', { name: 'Turn on notifications here' }).click();
        const sent = await waitFor(
          `an encrypted push at /${PUSH_PATH} of the fake push service`,
          async () => service.requests.slice(requestsBefore).find((r) => r.path === PUSH_PATH),
          { timeoutMs: SHOWS_WITHIN_MS, intervalMs: 50 },
        ).catch(async (error: unknown) => {
          // Say how far the page got: its notice, and the service worker it registered (if any).
          const worker = await page.evaluate<unknown>(REGISTERED_WORKER).catch((e: unknown) => String(e));
          throw new E2eFailure(
            `${(error as Error).message}; #me-notice: "${await textOf(notice)}"; worker: ${JSON.stringify(worker)}`,
          );
        });
        checkEqual(sent.headers['content-encoding'], 'aes128gcm', 'the push is encrypted (content-encoding)');
        check(sent.bodyBytes > 0, 'the push has an encrypted body');
        check(
          String(sent.headers.authorization ?? '').startsWith('vapid t='),
          `VAPID-signed: ${sent.headers.authorization}`,
        );
        checkEqual(sent.headers.ttl, '3600', 'the push TTL');
        const worker = await page.evaluate<{ byScope: WorkerSeen | null; forThisPage: WorkerSeen | null }>(
          REGISTERED_WORKER,
        );
        check(
          worker.byScope?.scriptURL.endsWith('/assets/sw.js') &&
            ['installing', 'installed', 'activating', 'activated'].includes(worker.byScope.state),
          `the page registered its service worker: ${JSON.stringify(worker)}`,
        );
        await waitForText(
          notice,
          /^A code was sent to this browser as a notification/,
          'the notice after turning on notifications',
        );
        const coded = await outboxMessage(
          'the verification code sent as a push',
          since,
          (m) => m.channel === 'push' && m.purpose === 'verification',
        );
        check(/^\d{6}$/.test(coded.code), `a 6-digit code: ${coded.code}`);
        checkEqual(
          JSON.stringify(JSON.parse(coded.to)),
          JSON.stringify(JSON.parse(subscription)),
          'the push went to the subscription',
        );
        const li = list.locator('li[data-contact]', { hasText: /^Notifications, / });
        await waitForText(li, /: waiting for its code\./, 'Notifications waits for its code');
        const contactId = (await li.getAttribute('data-contact')) ?? '';
        check(contactId, 'the push method has a data-contact');
        added.push(contactId);
        await li.getByLabel('Code').fill(coded.code);
        await li.getByRole('button', { name: 'Verify' }).click();
        const verified = await waitForText(
          line(contactId),
          /^Notifications, this or another browser: verified\./,
          'Notifications says verified',
        );
        const view = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
        const method = view.contacts.find((m) => m.contactId === contactId);
        check(method?.type === 'push' && method.verified, `push verified: ${JSON.stringify(method)}`);
        check(
          view.plan.some((p) => p.contactId === contactId && p.channel === 'push'),
          `pages now go by push too: ${planText(view)}`,
        );
        await waitForText(notice, /^Notifications: verified\./, 'the notice says verified');
        await save(page, 'me-push-verified-390');
        await checkFitsWidth(page, 'me, push verified (390)');
        await checkAccessible(page, 'me, push verified (390)');
        await checkAxe(page, 'me, push verified (390)');
        return { contactId, worker, verified, plan: planText(view) };
      },
      (r) =>
        `real: the page, service worker ${new URL(r.worker.byScope?.scriptURL ?? base).pathname} ` +
        `(${r.worker.byScope?.state}, scope ${new URL(r.worker.byScope?.scope ?? base).pathname}), the server's ` +
        `VAPID-signed aes128gcm push to https://127.0.0.1/${PUSH_PATH}, code typed, "${r.verified}" (plan ` +
        `${r.plan}); stubbed: only pushManager.subscribe() (headless Chromium has no push service)`,
    );

    // ---- 4. Remove both with the Remove buttons: back to what they were -------------------------------
    await ctx.step(
      'me: remove notifications and the added number',
      async () => {
        for (const contactId of [pushed.contactId, second.contactId]) {
          await item(contactId).getByRole('button', { name: 'Remove' }).click();
          await item(contactId).waitFor({ state: 'detached', timeout: SHOWS_WITHIN_MS });
          await waitForText(notice, /: removed\.$/, 'the notice after Remove');
          added.splice(added.indexOf(contactId), 1);
        }
        const after = await api.expect<ContactsView>(200, 'GET', contactsPath, { key });
        checkEqual(idsOf(after), idsOf(before), 'the methods after');
        checkEqual(planText(after), planText(before), 'the plan after');
        checkEqual(await list.locator('li[data-contact]').count(), before.contacts.length, 'methods listed');
        await save(page, 'me-restored-390');
        return after;
      },
      (after) => `methods back to ${after.contacts.length} (${idsOf(after)}), plan ${planText(after)}`,
    );
  } finally {
    for (const contactId of added)
      await api.call('DELETE', `${contactsPath}/${contactId}`, { key }).catch(() => undefined);
    await closeAll();
    await push?.close().catch(() => undefined);
  }
}
