// After "accepted", on a phone (390×844, touch): the clinician accepts by SMS reply in the phone view, taps
// the case link in the reply, calls, records the call back (keyboard only), resolves with an outcome; the
// hotline's status view says resolved, in words. Then a second request accepted by the ack link with
// JavaScript off lands on the case page, is handed back, and the next clinician's phone gets a page.
// Every state of the case page, and the ack page's "Open the case", is shot at 390×844 and 1280×800 and
// checked by axe (in a JS-enabled page: axe is injected over CDP, which the pages' CSP does not stop).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ackPath, type RequestView } from '../../scripts/e2e/api.js';
import { check, checkEqual, waitFor } from '../../scripts/e2e/assert.js';
import { CLINIC_ID, SERVICE_ID, onCall } from '../../scripts/e2e/clinic.js';
import {
  REQUESTS,
  getRequest,
  newCaller,
  newIdempotencyKey,
  submit,
  waitForPages,
} from '../../scripts/e2e/requests.js';
import { checkAxe, tabUntil } from './a11y.js';
import { checkAccessible, newContext, screenshot } from './browser.js';
import { phoneOf, smsPageOn, textOf, waitForText } from './locators.js';
import type { WebContext } from './scenario.js';

const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ON_A_PHONE = { viewport: PHONE, isMobile: true, hasTouch: true };
/** A phone view bubble or a page state shows within this (the phone view polls every 1.5 s). */
const SHOWS_WITHIN_MS = 4_000;
/** An accepted request's status panel polls every 5 s. */
const PANEL_SHOWS_WITHIN_MS = 8_000;
const REQUESTER = 'E2E hotline desk 2';

const bodyText = (page: Page) => textOf(page.locator('body'));

/** Where a keyboard walk went, for the step's note: `a.call → button.secondary → …`. */
const route = (labels: string[]) => labels.map((label) => label.split(' ')[0]).join(' → ');

export async function caseScenario(ctx: WebContext, screens: string[]): Promise<void> {
  const { api, browser, clinic, diagnostics } = ctx;
  const base = api.baseUrl;
  const { primary, secondary } = await onCall(api, clinic);
  const contexts: BrowserContext[] = [];
  const open = async (options: Parameters<typeof newContext>[1]) => {
    const context = await newContext(browser, options, diagnostics);
    contexts.push(context);
    return context;
  };
  const phone = await open(ON_A_PHONE);
  const desk = await open({ viewport: DESK });
  // Second looks at a page (screenshots and axe at both sizes) in pages of their own: a GET changes nothing.
  const lookPhone = await phone.newPage();
  const lookDesk = await desk.newPage();
  let axeRules = 0;
  let looked = 0;

  const save = async (page: Page, name: string) => {
    const path = join(ctx.artifacts, `${name}.png`);
    await screenshot(page, path);
    for (const dir of screens) {
      mkdirSync(dir, { recursive: true });
      copyFileSync(path, join(dir, `${name}.png`));
    }
  };
  /** One state of a page, as a phone and a desk show it: screenshot, label check and axe at each size. */
  const look = async (url: string, name: string, expect: RegExp) => {
    looked++;
    for (const [page, size] of [
      [lookPhone, '390'],
      [lookDesk, '1280'],
    ] as const) {
      const response = await page.goto(url);
      check(response?.ok(), `${name} at ${size}: GET ${url} answered ${response?.status()}`);
      check(expect.test(await bodyText(page)), `${name} at ${size}: the page does not say ${expect}`);
      await checkAccessible(page, `${name} (${size})`);
      axeRules = Math.max(axeRules, await checkAxe(page, `${name} (${size})`));
      await save(page, `${name}-${size}`);
    }
  };

  // ---- 1. Accept by SMS reply in the phone view, tap the case link, call, record, resolve -------------
  const callerA = newCaller('case-a');
  const first = await ctx.step(
    'case: SMS reply in the phone view, tap the case link',
    async () => {
      // Submitted by the API (the intake form has its own scenario), with who is asking.
      const view = await api.expect<RequestView>(202, 'POST', REQUESTS, {
        key: clinic.intakeKey,
        headers: { 'idempotency-key': newIdempotencyKey('case-a') },
        json: { serviceId: SERVICE_ID, urgency: 'urgent', ...callerA, requesterName: REQUESTER },
      });
      // The hotline watches it on the intake page from the start.
      const hotline = await desk.newPage();
      await hotline.goto(`${base}/intake#watch=${view.requestId}`);
      await hotline.locator('#signin-clinic').fill(CLINIC_ID);
      await hotline.locator('#signin-key').fill(clinic.intakeKey);
      await hotline.getByRole('button', { name: 'Continue' }).click();
      const panel = hotline.locator('section.panel', {
        has: hotline.locator('[data-part=ref]', { hasText: view.reference }),
      });
      await waitForText(
        panel.locator('[data-part=status-line]'),
        /Paging/,
        'hotline: paging',
        SHOWS_WITHIN_MS,
      );

      // The clinician's phone: the page arrives; they read the code in it and type it back.
      const phones = await phone.newPage();
      await phones.goto(`${base}/phones`);
      const mine = phoneOf(phones, primary);
      const pageBubble = smsPageOn(mine, view.reference);
      await pageBubble.waitFor({ timeout: SHOWS_WITHIN_MS });
      const code = /Reply (\d{4}) (?:to accept|yes)/.exec(
        (await pageBubble.locator('.text').textContent()) ?? '',
      )?.[1];
      check(code, `the page on ${primary.name}'s phone names a reply code`);
      await mine.getByLabel(/Reply by SMS/).fill(code);
      await mine.getByRole('button', { name: 'Send' }).tap();
      const reply = mine.locator('.bubble', { hasText: `You accepted ${view.reference}` }).last();
      await reply.waitFor({ timeout: SHOWS_WITHIN_MS });
      const link = reply.locator('.text a.case');
      const href = await link.getAttribute('href');
      check(href?.startsWith('/case/'), `the reply's case link is a tappable link to this site: ${href}`);
      check(
        !(await mine.textContent())?.includes(callerA.summary),
        'no caller detail in any SMS on the phone',
      );
      await save(phones, 'case-phone-reply-390');
      const opened = phone.waitForEvent('page');
      await link.tap();
      const casePage = await opened;
      await casePage.waitForLoadState();
      checkEqual(new URL(casePage.url()).pathname, href, 'the case page opened from the reply');
      await phones.close();
      return { view, hotline, panel, casePage, caseUrl: casePage.url() };
    },
    (r) => `${r.view.reference}: ${primary.name} replied the code, tapped the /case/… link in the reply`,
  );
  const { casePage, caseUrl, panel } = first;

  await ctx.step(
    'case page: details, tel: link, reload ×3, headers',
    async () => {
      const call = casePage.locator(`a[href="tel:${callerA.callbackPhone}"]`);
      await call.waitFor();
      const box = await call.boundingBox();
      check(
        box && box.height >= 44 && box.width >= PHONE.width * 0.8,
        `Call is large: ${JSON.stringify(box)}`,
      );
      const body = await bodyText(casePage);
      check(body.includes(callerA.summary), 'the summary shows');
      check(body.includes(REQUESTER), 'who submitted shows');
      check(body.includes(`${primary.name}, you accepted this`), 'it names who accepted');
      const html = await casePage.content();
      check(!/<script/i.test(html), 'the case page has no script');
      const forms = await casePage
        .locator('form')
        .evaluateAll((items) => items.map((f) => f.getAttribute('action')));
      check(
        forms.length === 3 && forms.every((a) => a === null),
        `3 forms posting back: ${JSON.stringify(forms)}`,
      );
      // Reading the case changes nothing, so it can be reopened: no "already used".
      for (let n = 1; n <= 3; n++) {
        const again = await casePage.reload();
        checkEqual(again?.status(), 200, `reload ${n} of the case page`);
        check(!/already been used/.test(await bodyText(casePage)), `reload ${n}: not "already used"`);
        await call.waitFor();
      }
      const response = await fetch(caseUrl);
      checkEqual(response.status, 200, 'GET of the case link by another client');
      const csp = response.headers.get('content-security-policy') ?? '';
      check(csp.includes("default-src 'none'") && !csp.includes('script-src'), `no scripts allowed: ${csp}`);
      check(csp.includes("form-action 'self'"), `forms post to this site only: ${csp}`);
      checkEqual(response.headers.get('referrer-policy'), 'no-referrer', 'referrer-policy');
      await look(caseUrl, 'case-active', /you accepted this/);
    },
    () => 'summary, requester, tel: link, 3 forms, no script; 3 reloads stay 200',
  );

  await ctx.step(
    'case page: keyboard only (Tab, arrows, Enter): contacted, resolve',
    async () => {
      // Every control once, from the top: Call, Contacted, the outcomes, note, Resolve, Hand back (opened
      // with Enter), its reason and button, the timeline.
      await casePage.reload();
      const toHandBack = await tabUntil(
        casePage,
        (s) => s.label.startsWith('summary') && /Hand back/.test(s.label),
      );
      await casePage.keyboard.press('Enter');
      const rest = await tabUntil(casePage, (s) => s.label.startsWith('summary') && /Timeline/.test(s.label));
      const stops = [...toHandBack, ...rest].map((s) => s.label);
      const expected = [
        /^a\.call "Call /,
        /^button\.secondary "Contacted the caller"/,
        /^input "safe_plan"/,
        /^textarea#note/,
        /^button\.decline "Resolve"/,
        /^summary "Can't take it\? Hand back"/,
        /^textarea#reason/,
        /^button\.decline "Hand back"/,
        /^summary "Timeline/,
      ];
      checkEqual(stops.length, expected.length, `Tab stops (${stops.join(' → ')})`);
      expected.forEach((pattern, i) => check(pattern.test(stops[i] ?? ''), `Tab stop ${i + 1}: ${stops[i]}`));

      // Contacted: Tab twice from the top, Enter.
      await casePage.reload();
      await tabUntil(casePage, (s) => /Contacted the caller/.test(s.label), 2);
      await casePage.keyboard.press('Enter');
      await casePage.waitForURL(/\?done=contacted$/);
      await casePage.getByText('Recorded: you called the caller back.').waitFor();
      checkEqual(
        await casePage.getByRole('button', { name: 'Contacted the caller' }).count(),
        0,
        'Contacted once',
      );
      await look(casePage.url(), 'case-contacted', /Called back\. Resolve it within/);
      await casePage.bringToFront();

      // The outcome with the arrow keys, a note, Enter on Resolve.
      await tabUntil(casePage, (s) => s.label.startsWith('input'), 2);
      const checked = () =>
        casePage.evaluate<string>(`document.querySelector('input[name=outcome]:checked')?.value ?? ''`);
      await casePage.keyboard.press('ArrowDown');
      checkEqual(await checked(), 'referred_emergency', 'ArrowDown picks the next outcome');
      await casePage.keyboard.press('ArrowDown');
      await casePage.keyboard.press('ArrowUp');
      await casePage.keyboard.press('ArrowUp');
      checkEqual(await checked(), 'safe_plan', 'ArrowUp back to the first');
      await casePage.keyboard.press('Tab');
      await casePage.keyboard.type('Called back, safe plan agreed (e2e)');
      await tabUntil(casePage, (s) => /"Resolve"/.test(s.label), 1);
      await casePage.keyboard.press('Enter');
      await casePage.getByText(/^Closed /).waitFor();
      return stops;
    },
    (stops) => `${stops.length} stops, each with visible focus: ${route(stops)}`,
  );

  await ctx.step(
    'case page closed; hotline sees resolved, in words',
    async () => {
      const status = await textOf(casePage.locator('[role=status]'));
      check(
        /^Closed just now\. Resolved by .+: Safe plan agreed with the caller/.test(status),
        `closed: ${status}`,
      );
      checkEqual(await casePage.locator('form').count(), 0, 'no forms once closed');
      for (let n = 1; n <= 2; n++) {
        checkEqual((await casePage.reload())?.status(), 200, `reload ${n} of the closed case`);
        await casePage.getByText(/^Closed /).waitFor();
      }
      await look(caseUrl, 'case-closed', /Closed .*Safe plan agreed with the caller/);
      const words = await waitForText(
        panel.locator('[data-part=status-line]'),
        new RegExp(`^Resolved by ${primary.name} \\(safe plan agreed\\)`),
        'hotline: resolved with the outcome',
        PANEL_SHOWS_WITHIN_MS,
      );
      await waitForText(panel.locator('[data-part=pill]'), /Resolved/, 'hotline: pill', SHOWS_WITHIN_MS);
      await waitForText(
        panel.locator('[data-part=timeline]'),
        /called the caller back/i,
        'hotline: the call back in the timeline',
        SHOWS_WITHIN_MS,
      );
      const hotlineHtml = await first.hotline.content();
      check(!hotlineHtml.includes(callerA.callbackPhone), 'the hotline never sees the callback number');
      await first.hotline.bringToFront();
      await save(first.hotline, 'case-hotline-resolved-1280');
      const stored = await getRequest(api, clinic.intakeKey, first.view.requestId);
      checkEqual(stored.status, 'resolved', 'the request');
      return words;
    },
    (words) => `hotline: "${words}"`,
  );
  await casePage.close();

  // ---- 2. Accept by the ack link with JavaScript off, come back by the link, hand back ----------------
  await ctx.step(
    'case: ack link without JavaScript → case page → Hand back',
    async () => {
      const callerB = newCaller('case-b');
      const submitted = await submit(
        api,
        clinic.intakeKey,
        newIdempotencyKey('case-b'),
        callerB,
        'emergency',
      );
      const { reference } = submitted.view;
      const [message] = await waitForPages(api, primary, submitted, 'page for the ack link', {
        timeoutMs: SHOWS_WITHIN_MS,
      });
      check(message, 'a page to the primary');
      const ackUrl = `${base}${ackPath(message)}`;
      const noJs = await open({ ...ON_A_PHONE, javaScriptEnabled: false });
      const ack = await noJs.newPage();
      await ack.goto(ackUrl);
      await ack.getByRole('button', { name: /Accept/ }).tap();
      await ack.waitForURL(/\/case\/[\w-]+\?done=accepted$/);
      await ack.getByText('You accepted this request. Nobody else is being paged.').waitFor();
      await ack.locator(`a[href="tel:${callerB.callbackPhone}"]`).waitFor();
      check((await bodyText(ack)).includes(callerB.summary), 'the summary on the case page');
      const caseB = ack.url().replace(/\?.*$/, '');

      // Back by the page's link (a lost tab): "Open the case", which needs no script either.
      await ack.goto(ackUrl);
      await look(ackUrl, 'case-ack-open-the-case', /you accepted this request/);
      await ack.getByRole('button', { name: /Open the case/ }).tap();
      // A fresh case link (the one from the accept keeps working too).
      await ack.waitForURL(/\/case\/[\w-]+$/);
      check(ack.url() !== caseB, 'Open the case issues a case link of its own');

      await ack.getByText("Can't take it? Hand back").tap();
      await ack.getByLabel(/Say why/).fill('Called into another emergency (e2e)');
      await save(ack, 'case-hand-back-390');
      const handedBackAt = Date.now();
      await ack.getByRole('button', { name: 'Hand back' }).tap();
      await ack.getByText('You no longer hold this request.').waitFor();
      checkEqual(await ack.locator('form, a[href^="tel:"]').count(), 0, 'nothing to act on once handed back');
      check(!(await bodyText(ack)).includes(callerB.summary), 'no caller detail once handed back');
      await look(caseB, 'case-passed-on', /You no longer hold this request/);

      // The next clinician's phone gets a page for it, sent after the hand back.
      const [page] = await waitFor(
        `a page to ${secondary.name} after the hand back`,
        async () => {
          const pages = await api.pages(secondary.phone, reference, handedBackAt);
          return pages.length ? pages : undefined;
        },
        { timeoutMs: SHOWS_WITHIN_MS },
      );
      const phones = await phone.newPage();
      await phones.goto(`${base}/phones`);
      const next = phoneOf(phones, secondary).locator('.bubble', { hasText: page?.text ?? reference });
      await next.waitFor({ timeout: SHOWS_WITHIN_MS });
      await next.locator('.text a.ack').waitFor();
      await save(phones, 'case-next-phone-390');
      const view = await getRequest(api, clinic.intakeKey, submitted.view.requestId);
      checkEqual(view.paging.map((p) => p.clinicianId).join(','), secondary.clinicianId, 'paging next');
      const handedBack = view.timeline.find((e) => e.type === 'handed_back');
      checkEqual(handedBack?.reason, 'Called into another emergency (e2e)', 'the reason on the timeline');
      // Done with it: withdraw it so it pages nobody else for the rest of the run.
      await api.expect(200, 'POST', `${REQUESTS}/${submitted.view.requestId}/cancel`, {
        key: clinic.intakeKey,
        json: { note: 'e2e done' },
      });
      return reference;
    },
    (reference) =>
      `${reference}: accepted without JS, back by the link, handed back; ${secondary.name} paged. ` +
      `axe: 0 violations on ${looked} page states × 2 sizes (${axeRules} rules pass)`,
  );
  for (const context of contexts) await context.close();
}
