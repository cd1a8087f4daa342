// The intake desk in a real browser: the request queue, two requests watched side by side, "New request"
// keeping both, Back and reload restoring them, the search by reference, unanswered at the top in red, an
// acceptance in words, the keyboard walk, axe, and screenshots at desk and phone sizes.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { check, checkEqual, waitFor } from '../../scripts/e2e/assert.js';
import { ACK_TIMEOUT_SECONDS, CLINIC_ID, SERVICE_ID, onCall } from '../../scripts/e2e/clinic.js';
import { newCaller, newIdempotencyKey, submit } from '../../scripts/e2e/requests.js';
import { checkAxe, tabUntil } from './a11y.js';
import { checkAccessible, newContext, screenshot } from './browser.js';
import type { WebContext } from './scenario.js';

const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const RANK = ['unanswered', 'paging', 'acknowledged', 'contacted', 'resolved', 'cancelled'];
/** The queue polls every 4 s, a panel every 1.5 s. */
const QUEUE_SHOWS_WITHIN_MS = 9_000;

const row = (page: Page, reference: string) =>
  page.locator('#queue-list li', { has: page.locator('.row-ref', { hasText: reference }) });
const panel = (page: Page, reference: string) =>
  page.locator('section.panel', { has: page.locator('[data-part=ref]', { hasText: reference }) });
const watchedInUrl = (page: Page) =>
  decodeURIComponent(new URL(page.url()).hash.match(/watch=([^&]*)/)?.[1] ?? '')
    .split(',')
    .filter(Boolean);

async function waitForText(root: Locator, pattern: RegExp, what: string, timeoutMs: number): Promise<string> {
  return waitFor(
    `${what} (matching ${pattern})`,
    async () => {
      const value = (await root.textContent()) ?? '';
      return pattern.test(value) ? value : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

async function panelCount(page: Page, expected: number, what: string): Promise<void> {
  await waitFor(
    `${what}: ${expected} panels`,
    async () => ((await page.locator('section.panel').count()) === expected ? true : undefined),
    { timeoutMs: 4_000, intervalMs: 100 },
  );
}

/**
 * The SMS reply to an acceptance on the clinician's phone in the phone view: a link in it (the case page)
 * must be a tappable anchor to this site. Returns whether the reply had one.
 */
async function replyOnPhone(desk: Page, clinicianId: string, reference: string): Promise<boolean> {
  const phones = await desk.context().newPage();
  await phones.goto(new URL('/phones', desk.url()).href);
  const phone = phones.locator('section.phone', { has: phones.locator('h2', { hasText: clinicianId }) });
  const reply = phone.locator('.bubble', { hasText: `You accepted ${reference}` }).last();
  await reply.waitFor({ timeout: 4_000 });
  const text = (await reply.locator('.text').textContent()) ?? '';
  const links = text.match(/https?:\/\/\S+/g) ?? [];
  const anchors = await reply
    .locator('.text a')
    .evaluateAll((items) => items.map((a) => a.getAttribute('href')));
  checkEqual(anchors.length, links.length, `links in the reply "${text}" as anchors`);
  for (const href of anchors) check(href?.startsWith('/'), `the reply's link opens on this site: ${href}`);
  await phones.close();
  return text.includes('/case/');
}

export async function queueScenario(ctx: WebContext, screens: string[]): Promise<void> {
  const { api, browser, clinic, diagnostics } = ctx;
  const base = api.baseUrl;
  const { primary } = await onCall(api, clinic);
  const desk = await newContext(browser, { viewport: DESK }, diagnostics);
  const page = await desk.newPage();
  const shot = async (name: string, options: { fullPage?: boolean } = {}) => {
    const path = join(ctx.artifacts, `${name}.png`);
    await screenshot(page, path, options);
    for (const dir of screens) {
      mkdirSync(dir, { recursive: true });
      copyFileSync(path, join(dir, `${name}.png`));
    }
  };

  const { first, second, third } = await ctx.step(
    'queue: two requests watched side by side',
    async () => {
      await page.goto(`${base}/intake`);
      await page.locator('#signin-clinic').fill(CLINIC_ID);
      await page.locator('#signin-key').fill(clinic.intakeKey);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('#desk').waitFor();
      // The first through the form (it is watched at once), the other two by the API: the queue finds them.
      await page.getByLabel('Service').selectOption(SERVICE_ID);
      await page.getByLabel(/^Emergency/).check();
      await page.getByLabel('What is happening').fill(newCaller('queue-1').summary);
      await page.locator('#send').click();
      await panelCount(page, 1, 'after sending');
      const first = ((await page.locator('section.panel [data-part=ref]').textContent()) ?? '').trim();
      const second = (await submit(api, clinic.intakeKey, newIdempotencyKey('q2'), newCaller('queue-2')))
        .view;
      const third = (await submit(api, clinic.intakeKey, newIdempotencyKey('q3'), newCaller('queue-3'))).view;
      for (const ref of [first, second.reference, third.reference])
        await row(page, ref).waitFor({ timeout: QUEUE_SHOWS_WITHIN_MS });
      check((await row(page, first).getAttribute('class'))?.includes('watched'), 'the sent one is watched');
      await row(page, second.reference).locator('.row-ref').click();
      await panelCount(page, 2, 'after opening a row');
      await panel(page, second.reference)
        .locator('[data-part=status-line]')
        .filter({ hasText: /Paging/ })
        .waitFor();
      checkEqual(watchedInUrl(page).length, 2, 'watched requests in the URL');
      const focused = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
      check(focused.includes(second.reference), `focus on the opened panel's heading: ${focused}`);
      return { first, second: second.reference, third: third.reference };
    },
    (r) => `${r.first} sent in the form, ${r.second} opened from the queue`,
  );

  await ctx.step(
    'queue: New request keeps both; Back, Forward and reload restore',
    async () => {
      await page.getByRole('button', { name: 'New request' }).click();
      await page.locator('#compose').waitFor();
      await panelCount(page, 2, 'with the form open');
      check(page.url().includes('new=1'), `the form is in the URL: ${page.url()}`);
      await page.goBack();
      await page.locator('#compose').waitFor({ state: 'hidden' });
      await panelCount(page, 2, 'Back from the form');
      await page.goBack();
      await panelCount(page, 1, 'Back from opening the second');
      await panel(page, first).waitFor();
      await page.goForward();
      await panelCount(page, 2, 'Forward');
      // Closing a panel is undone by Back too.
      await panel(page, second)
        .getByRole('button', { name: `Close ${second}` })
        .click();
      await panelCount(page, 1, 'after Close');
      await page.goBack();
      await panelCount(page, 2, 'Back after Close');
      await page.reload();
      await panelCount(page, 2, 'after reload');
      await panel(page, second).locator('[data-part=pill]').filter({ hasText: /\w/ }).waitFor();
    },
    () => 'form beside 2 panels; Back ×2, Forward, Close + Back, reload',
  );

  await ctx.step(
    'queue: search by reference',
    async () => {
      await page.getByLabel('Reference read out on the phone').fill(third.toLowerCase());
      await page.getByRole('button', { name: 'Find' }).click();
      await waitFor(
        `only ${third} listed`,
        async () => {
          const refs = await page.locator('#queue-list .row-ref').allTextContents();
          return refs.length === 1 && refs[0]?.includes(third) ? true : undefined;
        },
        { timeoutMs: QUEUE_SHOWS_WITHIN_MS },
      );
      await waitForText(page.locator('#queue-state'), new RegExp(`with reference ${third}`), 'search', 4_000);
      await page.getByRole('button', { name: 'Clear' }).click();
      await row(page, first).waitFor({ timeout: QUEUE_SHOWS_WITHIN_MS });
    },
    () => `${third} found by its reference typed in lower case`,
  );

  await ctx.step(
    'queue: accepted in words; unanswered at the top in red',
    async () => {
      // The primary accepts the second by SMS reply; nobody answers the first.
      const [message] = await api.pages(primary.phone, second, 0);
      check(message?.code, `a page with a reply code for ${second}`);
      await api.expect(200, 'POST', '/local/sms-inbound', {
        json: { from: primary.phone, body: message.code },
      });
      await waitForText(
        panel(page, second).locator('[data-part=status-line]'),
        new RegExp(`^Accepted by ${primary.name}, not yet called back, (under 1|\\d+) min$`),
        'accepted in words',
        4_000,
      );
      const caseLink = await replyOnPhone(page, primary.clinicianId, second);
      await waitForText(
        row(page, second).locator('.row-status'),
        /^Accepted by /,
        'row in words',
        QUEUE_SHOWS_WITHIN_MS,
      );
      await waitForText(
        panel(page, first).locator('[data-part=banner]'),
        /Follow your emergency protocol/,
        'emergency banner',
        (2 * ACK_TIMEOUT_SECONDS + 8) * 1000,
      );
      // Unanswered first (in red), then paging, accepted, called back: the order of the statuses.
      await waitFor(
        `${first} among the unanswered at the top, in red`,
        async () => {
          const rows = page.locator('#queue-list li');
          const classes = await rows.evaluateAll((items) => items.map((item) => item.className));
          const refs = await rows.locator('.row-ref').allTextContents();
          const ranks = classes.map((c) => RANK.findIndex((status) => c.split(' ').includes(status)));
          const at = refs.findIndex((ref) => ref.includes(first));
          const sorted = ranks.every((rank, i) => i === 0 || rank >= (ranks[i - 1] ?? 0));
          return at >= 0 && ranks[at] === 0 && sorted ? true : undefined;
        },
        { timeoutMs: QUEUE_SHOWS_WITHIN_MS },
      );
      // Plain JavaScript in the page: the repo's tsconfig has no DOM types.
      const id = await row(page, first).locator('.row-status').getAttribute('id');
      const color = await page.evaluate<string>(`getComputedStyle(document.getElementById('${id}')).color`);
      checkEqual(color, 'rgb(176, 0, 32)', 'an unanswered row says so in red');
      check(
        /\(\d+ unanswered\)/.test(await page.title()),
        `the title counts unanswered: ${await page.title()}`,
      );
      return caseLink;
    },
    (caseLink) =>
      `${second} accepted by ${primary.name} (reply ${caseLink ? 'links the case page' : 'has no link yet'}); ${first} among the unanswered on top, in red`,
  );

  await ctx.step(
    'queue: axe, keyboard, screenshots (1280×800, 390×844)',
    async () => {
      await checkAccessible(page, 'intake desk');
      const rules = await checkAxe(page, 'intake desk');
      await shot('13-desk-1280', { fullPage: false });
      // Keyboard only: from the top of the page to the second panel's Close, which closes it.
      // A reload starts Tab from the top again; the URL and the tab's key bring the same desk back.
      await page.reload();
      await panelCount(page, 2, 'reloaded for the keyboard walk');
      await panel(page, second).locator('[data-part=pill]').filter({ hasText: /\w/ }).waitFor();
      const stops = await tabUntil(page, (stop) => stop.label.includes(`Close ${second}`));
      await page.keyboard.press('Enter');
      await panelCount(page, 1, 'closed by keyboard');
      const after = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
      check(after.includes(first), `focus moves to the panel left: ${after}`);
      await page.goBack();
      await panelCount(page, 2, 'Back after the keyboard close');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      await checkAxe(page, 'intake desk on a phone');
      await shot('14-desk-390', { fullPage: true });
      return { rules, tabs: stops.length };
    },
    (r) =>
      `axe: 0 violations (${r.rules} rules pass); ${r.tabs} Tabs to a panel's Close, focus visible at each`,
  );
  await desk.close();
}
