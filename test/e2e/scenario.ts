// The web interface in a real browser against `npm start`: the hotline submits from the intake page, the
// page lands on the clinician's phone (phone view), one level times out, the next clinician accepts on the
// ack page (mobile, no JavaScript), the status turns acknowledged; then a request nobody answers shows the
// emergency protocol banner; then the on-call board, with a gap and a cover added by an admin.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Api } from '../../scripts/e2e/api.js';
import { check, checkEqual, waitFor } from '../../scripts/e2e/assert.js';
import {
  ACK_TIMEOUT_SECONDS,
  CLINIC_ID,
  SERVICE_ID,
  onCall,
  type Person,
  type TestClinic,
} from '../../scripts/e2e/clinic.js';
import { newCaller } from '../../scripts/e2e/requests.js';
import type { DemoKeys } from '../../scripts/e2e/server.js';
import { checkAxe } from './a11y.js';
import { type Diagnostics, checkAccessible, checkWebHeaders, newContext, screenshot } from './browser.js';
import { phoneOf, smsPageOn } from './locators.js';

export interface WebContext {
  api: Api;
  browser: Browser;
  clinic: TestClinic;
  demo: DemoKeys;
  /** test-artifacts/e2e-browser */
  artifacts: string;
  /** docs/images/status-view.png */
  readmeImage: string;
  diagnostics: Diagnostics;
  /** Runs one named step (the runner times it and prints a table). */
  step<T>(name: string, run: () => Promise<T>, note: (value: T) => string): Promise<T>;
}

const DESKTOP = { width: 1100, height: 900 };
const PHONE = { width: 390, height: 844 };
/** The status view polls every 1.5 s: a change shows within this. */
const SHOWS_WITHIN_MS = 4_000;

const shot = (ctx: WebContext, page: Page, name: string) =>
  screenshot(page, join(ctx.artifacts, `${name}.png`));

async function signIn(page: Page, clinicId: string, key: string): Promise<void> {
  await page.locator('#signin-clinic').fill(clinicId);
  await page.locator('#signin-key').fill(key);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signin').waitFor({ state: 'hidden' });
}

/** A page, or one status panel of the intake page (several can be watched at once). */
type Root = Page | Locator;

async function text(root: Root, selector: string): Promise<string> {
  return (await root.locator(selector).textContent()) ?? '';
}

async function waitForText(root: Root, selector: string, pattern: RegExp, what: string, timeoutMs: number) {
  return waitFor(
    `${what} (${selector} matching ${pattern})`,
    async () => {
      const value = await text(root, selector);
      return pattern.test(value) ? value : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** The status panel of the request with `reference` on the intake page. */
const panelOf = (page: Page, reference: string) =>
  page.locator('section.panel', { has: page.locator('[data-part=ref]', { hasText: reference.trim() }) });

/** The phone of `person` in the phone view, once it shows a page for `reference`; returns its ack path. */
async function pageOnPhone(
  phones: Page,
  person: Person,
  reference: string,
  timeoutMs: number,
): Promise<string> {
  const bubble = smsPageOn(phoneOf(phones, person), reference);
  await bubble.waitFor({ timeout: timeoutMs });
  // The link in the SMS text itself is the anchor (the text names the stack's public address).
  const link = bubble.locator('.text a.ack');
  const href = await link.getAttribute('href');
  check(href && href.startsWith('/ack/'), `the page on ${person.name}'s phone has no ack link: ${href}`);
  check(/^https?:\/\/.+\/ack\//.test((await link.textContent()) ?? ''), 'the ack link is the SMS text');
  return href;
}

export async function webScenario(ctx: WebContext): Promise<void> {
  const { api, browser, clinic, demo, diagnostics } = ctx;
  const base = api.baseUrl;
  const { primary, secondary } = await onCall(api, clinic);

  // A second service that starts in 3 days: nobody is on call before that, a gap the board shows in red.
  const start = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await api.expect(200, 'PUT', `/v1/clinics/${CLINIC_ID}/services/weekend`, {
    key: clinic.adminKey,
    json: {
      name: 'Weekend',
      rotation: { participants: ['alice', 'bob'], start, handoff: { every: 'day', count: 1, at: '09:00' } },
      escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
    },
  });

  const desk = await newContext(browser, { viewport: DESKTOP }, diagnostics);
  const hotline = await desk.newPage();
  const posts: string[] = [];
  hotline.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/v1/clinics/${CLINIC_ID}/requests`)) posts.push(r.url());
  });

  await ctx.step(
    'home page, headers',
    async () => {
      const response = await hotline.goto(`${base}/`);
      check(response && response.ok(), `GET /: ${response?.status()}`);
      checkWebHeaders(response.headers(), 'GET /');
      const asset = await api.call('GET', '/assets/intake.js');
      checkEqual(asset.status, 200, 'GET /assets/intake.js');
      await hotline
        .getByRole('link', { name: /Phones/ })
        .first()
        .waitFor();
      await checkAccessible(hotline, 'home');
      await checkAxe(hotline, 'home');
      await shot(ctx, hotline, '01-home');
    },
    () => 'CSP, nosniff, no-referrer; phones link shown on the local stack',
  );

  const caller = newCaller('browser');
  const reference = await ctx.step(
    'intake: sign in, double-click send',
    async () => {
      await hotline.getByRole('link', { name: 'Intake' }).first().click();
      await hotline.waitForURL(`${base}/intake`);
      // A wrong key is refused with a message, not a stack trace.
      await hotline.locator('#signin-clinic').fill(CLINIC_ID);
      await hotline.locator('#signin-key').fill('crk_not_a_real_key_000000000000');
      await hotline.getByRole('button', { name: 'Continue' }).click();
      await waitForText(hotline, '#signin-error', /not accepted/, 'wrong key refused', SHOWS_WITHIN_MS);
      await signIn(hotline, CLINIC_ID, clinic.intakeKey);
      await checkAccessible(hotline, 'intake form');
      await checkAxe(hotline, 'intake form');
      await hotline.getByLabel('Service').selectOption(SERVICE_ID);
      await hotline.getByLabel(/^Urgent/).check();
      await hotline.getByLabel('What is happening').fill(caller.summary);
      await hotline.getByLabel(/Callback number/).fill(caller.callbackPhone);
      await shot(ctx, hotline, '02-intake-form');
      await hotline.locator('#send').dblclick();
      await hotline.locator('section.panel').waitFor();
      checkEqual(posts.length, 1, 'POST /requests sent by a double click');
      checkEqual(await hotline.locator('section.panel').count(), 1, 'one status panel');
      return text(hotline, 'section.panel [data-part=ref]');
    },
    (ref) => `${ref}: one POST for a double click`,
  );
  check(/^R[0-9A-Z]{3,}$/.test(reference), `reference shown: ${reference}`);
  const watched = panelOf(hotline, reference);

  await ctx.step(
    'status view: paging level 1',
    async () => {
      await waitForText(
        watched,
        '[data-part=status-line]',
        new RegExp(`Paging ${primary.name}, level 1 of 2`),
        'paging primary',
        SHOWS_WITHIN_MS,
      );
      await waitForText(
        watched,
        '[data-part=countdown]',
        /^0:(0\d|10)$/,
        'countdown to the next escalation',
        SHOWS_WITHIN_MS,
      );
      checkEqual(
        await watched.locator('[data-part=announce]').getAttribute('aria-live'),
        'polite',
        'status announcement aria-live',
      );
      check(!(await text(watched, '[data-part=banner]')), 'no emergency banner while paging');
      await checkAccessible(hotline, 'status view');
      await checkAxe(hotline, 'status view');
      await shot(ctx, hotline, '03-status-paging');
    },
    () => `${primary.name} paged, countdown running`,
  );

  const phones = await desk.newPage();
  await ctx.step(
    'phone view: the page arrives, reply box',
    async () => {
      await phones.goto(`${base}/phones`);
      await pageOnPhone(phones, primary, reference, SHOWS_WITHIN_MS);
      const phone = phones.locator('section.phone', {
        has: phones.locator('h2', { hasText: primary.clinicianId }),
      });
      check(
        !(await phone.textContent())?.includes(caller.summary),
        'the page on the phone has no patient detail',
      );
      // A reply that is no code gets the helpful answer, and pages nobody.
      await phone.getByLabel(/Reply by SMS/).fill('hello?');
      await phone.getByRole('button', { name: 'Send' }).click();
      await phone
        .locator('.bubble', { hasText: 'To answer a page, reply with its 4-digit code' })
        .last()
        .waitFor();
      await checkAccessible(phones, 'phones');
      await checkAxe(phones, 'phones');
      await shot(ctx, phones, '04-phones-first-page');
    },
    () => `page on ${primary.name}'s phone; SMS reply answered`,
  );

  const ackPath = await ctx.step(
    `level 1 times out (${ACK_TIMEOUT_SECONDS} s)`,
    async () => {
      await waitForText(
        watched,
        '[data-part=status-line]',
        new RegExp(`Paging ${secondary.name}, level 2 of 2`),
        'escalated to the secondary',
        (ACK_TIMEOUT_SECONDS + 8) * 1000,
      );
      await waitForText(
        watched,
        '[data-part=timeline]',
        /No answer in time/,
        'timeout in the timeline',
        SHOWS_WITHIN_MS,
      );
      await hotline.bringToFront();
      await shot(ctx, hotline, '05-status-escalated');
      await mainShot(hotline, ctx.readmeImage);
      const path = await pageOnPhone(phones, secondary, reference, SHOWS_WITHIN_MS);
      await shot(ctx, phones, '06-phones-escalated');
      return path;
    },
    () => `${secondary.name} paged at level 2`,
  );

  await ctx.step(
    'ack page on a phone, no JavaScript: accept',
    async () => {
      const mobile = await newContext(
        browser,
        { viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false },
        diagnostics,
      );
      const ack = await mobile.newPage();
      const response = await ack.goto(`${base}${ackPath}`);
      checkEqual(response?.status(), 200, 'GET ack page');
      const html = await ack.content();
      check(!html.includes('<script'), 'the ack page has no script');
      check(
        !html.includes(caller.summary) && !html.includes(caller.callbackPhone),
        'no caller detail before accepting',
      );
      const accept = ack.getByRole('button', { name: /Accept/ });
      const box = await accept.boundingBox();
      check(
        box && box.height >= 44 && box.width >= PHONE.width * 0.8,
        `Accept is a large button: ${JSON.stringify(box)}`,
      );
      await checkAccessible(ack, 'ack page');
      await shot(ctx, ack, '07-ack-confirm');
      await accept.click();
      await ack.getByText('You accepted this request').waitFor();
      check(
        (await ack.content()).includes(caller.summary.slice(0, 40)),
        'the summary is shown after accepting',
      );
      await ack.locator(`a[href="tel:${caller.callbackPhone}"]`).waitFor();
      await shot(ctx, ack, '08-ack-accepted');
      await mobile.close();
    },
    () => 'summary and tap-to-call shown after Accept',
  );

  await ctx.step(
    'status view: acknowledged',
    async () => {
      await waitForText(
        watched,
        '[data-part=status-line]',
        new RegExp(`^Accepted by ${secondary.name}, not yet called back, (under 1|\\d+) min$`),
        'acknowledged',
        SHOWS_WITHIN_MS,
      );
      await waitForText(watched, '[data-part=pill]', /Accepted/, 'status pill', SHOWS_WITHIN_MS);
      await waitForText(
        watched,
        '[data-part=timeline]',
        new RegExp(`${secondary.name} accepted by ack link`),
        'ack in timeline',
        SHOWS_WITHIN_MS,
      );
      check(
        !(await hotline.content()).includes(caller.callbackPhone),
        'the hotline view never shows the callback number',
      );
      await shot(ctx, hotline, '09-status-acknowledged');
    },
    () => `accepted by ${secondary.name} (ack link)`,
  );

  await ctx.step(
    'unanswered: keyboard-only request, emergency banner, cancel',
    async () => {
      await hotline.getByRole('button', { name: 'New request' }).click();
      // Keyboard only: the service select has focus after "New request".
      await hotline.keyboard.press('ArrowDown');
      await hotline.keyboard.press('Tab');
      await hotline.keyboard.press('Space'); // the first urgency: Emergency
      await hotline.keyboard.press('Tab');
      await hotline.keyboard.type(newCaller('unanswered').summary);
      // Past the optional fields: callback number, your name, the caller's language and age group.
      for (let i = 0; i < 5; i++) await hotline.keyboard.press('Tab');
      const focused = await hotline.evaluate<string>('document.activeElement && document.activeElement.id');
      checkEqual(focused, 'send', 'focus after tabbing through the form');
      await hotline.keyboard.press('Enter');
      // The new request's panel joins the first one's.
      await waitFor(
        'a second status panel',
        async () => ((await hotline.locator('section.panel').count()) === 2 ? true : undefined),
        { timeoutMs: SHOWS_WITHIN_MS },
      );
      const second = panelOf(hotline, await text(hotline, 'section.panel:last-child [data-part=ref]'));
      await waitForText(
        second,
        '[data-part=status-line]',
        new RegExp(`Paging ${primary.name}`),
        'second request paging',
        SHOWS_WITHIN_MS,
      );
      checkEqual(posts.length, 2, 'POST /requests after the second form');
      await waitForText(
        second,
        '[data-part=banner]',
        /Follow your emergency protocol/,
        'emergency banner',
        (2 * ACK_TIMEOUT_SECONDS + 8) * 1000,
      );
      checkEqual(await second.locator('[data-part=banner]').getAttribute('role'), 'alert', 'banner role');
      await waitForText(
        second,
        '[data-part=paging]',
        /E2E duty manager/,
        'fallback contacts paged',
        SHOWS_WITHIN_MS,
      );
      await shot(ctx, hotline, '10-status-unanswered');
      await second.getByRole('button', { name: 'Cancel this request' }).click();
      await second.getByRole('button', { name: 'Yes, cancel it' }).click();
      await waitForText(second, '[data-part=pill]', /Cancelled/, 'cancelled', SHOWS_WITHIN_MS);
      check(!(await text(second, '[data-part=banner]')), 'the banner goes once cancelled');
      await waitForText(watched, '[data-part=pill]', /Accepted/, 'the first still watched', SHOWS_WITHIN_MS);
    },
    () => 'banner after 2 levels; cancelled',
  );

  await ctx.step(
    'on-call board: admin adds cover; gap in red',
    async () => {
      const admin = await newContext(browser, { viewport: { width: 1280, height: 900 } }, diagnostics);
      const board = await admin.newPage();
      await board.goto(`${base}/board`);
      await signIn(board, CLINIC_ID, clinic.adminKey);
      const crisis = board.locator('article', {
        has: board.getByRole('heading', { name: 'Crisis', exact: true }),
      });
      await crisis.getByText(primary.name).first().waitFor();
      check((await crisis.textContent())?.includes(secondary.name), 'the board names the secondary');
      const weekend = board.locator('article', {
        has: board.getByRole('heading', { name: 'Weekend', exact: true }),
      });
      await weekend.locator('.seg.gap').first().waitFor();
      // The rota check alerts the fallback contacts to the gap, once; after a reload the board says so.
      await api.expect(200, 'POST', '/local/rota-check', {});
      await board.reload();
      await waitForText(
        weekend,
        'p.error:has-text("with nobody on call")',
        /gap with nobody on call: .*The fallback contacts were alerted to each\./,
        'the gap marked as alerted',
        SHOWS_WITHIN_MS,
      );
      await waitForText(board, '#tz', /Europe\/London/, 'clinic timezone named', SHOWS_WITHIN_MS);
      await board.getByLabel('Service').selectOption(SERVICE_ID);
      // Cover by someone who is not on call now, starting at the next full hour (the form's default).
      const cover = clinic.clinicians.find((c) => c.clinicianId !== primary.clinicianId);
      check(cover, 'a clinician to cover');
      await board.getByLabel('Clinician').selectOption(cover.clinicianId);
      await board.getByRole('button', { name: 'Add cover' }).click();
      await waitForText(
        board,
        '#ov-done',
        new RegExp(`Added: ${cover.name} covers Crisis`),
        'cover added',
        SHOWS_WITHIN_MS,
      );
      await crisis.locator('.seg.override').first().waitFor();
      const next = crisis.locator('.oncall > div').nth(2);
      await next.getByText(cover.name).waitFor();
      check((await next.textContent())?.includes('(cover)'), 'the cover is next on call, marked as cover');
      await checkAccessible(board, 'board');
      await checkAxe(board, 'board');
      await shot(ctx, board, '11-board-admin');
      await admin.close();

      // The demo clinic with its intake key: read-only, no cover form.
      const look = await newContext(browser, { viewport: { width: 1280, height: 900 } }, diagnostics);
      const demoBoard = await look.newPage();
      await demoBoard.goto(`${base}/board`);
      await signIn(demoBoard, 'northside', demo.intake);
      await demoBoard.locator('article').nth(2).waitFor();
      // An intake key cannot list clinicians: the strip still names everyone (learnt from oncall).
      await demoBoard.getByRole('heading', { name: 'General', exact: true }).waitFor();
      const strip = await demoBoard.locator('article .legend').allTextContents();
      check(strip.join(' ').includes('Dr Ana Okafor'), `names in the legend: ${strip.join(' | ')}`);
      check(await demoBoard.locator('#override').isHidden(), 'no cover form for an intake key');
      await shot(ctx, demoBoard, '12-board-demo-intake');
      await look.close();
    },
    () => 'now/next/secondary, 14-day strip, gap (alerted to the fallback contacts), cover',
  );

  diagnostics.assertClean();
  await desk.close();
}

/** The README image: the status view only, at a size that reads on GitHub. */
async function mainShot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.locator('main').screenshot({ path, animations: 'disabled' });
}
