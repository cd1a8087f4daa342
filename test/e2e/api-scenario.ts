// The API reference (/api) against `npm start`: /openapi.json is the committed document, the page renders
// every operation grouped by tag (who may call it, body, answers), passes axe at 1280×800 and 390×844, is
// reachable from the home page, and a link to one operation lands on it. No key needed: it holds no data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { check, checkEqual } from '../../scripts/e2e/assert.js';
import { OPENAPI_PATH } from '../support/openapi-contract.js';
import { checkAxe } from './a11y.js';
import { checkAccessible, checkWebHeaders, newContext, screenshot } from './browser.js';
import type { WebContext } from './scenario.js';

const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Paths = Record<string, Record<string, { operationId: string }>>;

async function rendered(page: Page, operations: number): Promise<void> {
  await page.locator('#api-reference').waitFor({ state: 'visible' });
  checkEqual(await page.locator('article.operation').count(), operations, 'operations on the page');
}

/** Nothing wider than the viewport: the page reads without scrolling sideways. */
async function checkNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const [scroll, width] = await page.evaluate<[number, number]>(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  );
  check(scroll <= width, `${what}: the page is ${scroll}px wide in a ${width}px viewport`);
}

export async function apiScenario(ctx: WebContext): Promise<void> {
  const { api, browser, diagnostics } = ctx;
  const base = api.baseUrl;
  const committed = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Paths };
  const operations = Object.values(committed.paths).flatMap((item) => Object.values(item));

  await ctx.step(
    '/openapi.json is the committed document',
    async () => {
      const reply = await fetch(`${base}/openapi.json`, { signal: AbortSignal.timeout(5_000) });
      checkEqual(reply.status, 200, 'GET /openapi.json');
      const type = reply.headers.get('content-type') ?? '';
      check(type.startsWith('application/json'), `GET /openapi.json: content type ${type}`);
      checkEqual(JSON.stringify(await reply.json()), JSON.stringify(committed), 'the served document');
    },
    () => `${operations.length} operations, application/json`,
  );

  const desk = await newContext(browser, { viewport: DESK }, diagnostics);
  const page = await desk.newPage();
  await ctx.step(
    'API reference at 1280×800: from the home page, axe clean',
    async () => {
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: /API reference/ }).click();
      await page.waitForURL(`${base}/api`);
      const response = await page.reload();
      checkWebHeaders(response?.headers() ?? {}, 'GET /api');
      await rendered(page, operations.length);
      for (const tag of ['Clinics', 'Requests', 'Links (public)'])
        await page.getByRole('heading', { level: 2, name: tag, exact: true }).waitFor();
      const submit = page.locator('#op-submit-request');
      check((await submit.textContent())?.includes('intake'), 'submit names the intake role');
      check((await submit.textContent())?.includes('Idempotency-Key'), 'submit names its header');
      await checkAccessible(page, 'API reference');
      await checkAxe(page, 'API reference (desktop)');
      await screenshot(page, join(ctx.artifacts, '40-api-desktop.png'), { fullPage: false });
      // An example opens on demand; the page stays axe clean with it open.
      await submit.locator('details.example summary').first().click();
      await checkAxe(page, 'API reference with an example open');
      await submit.scrollIntoViewIfNeeded();
      await screenshot(page, join(ctx.artifacts, '41-api-operation.png'), { fullPage: false });
      await checkNoSidewaysScroll(page, 'API reference (desktop)');
    },
    () => 'grouped by tag, roles and header shown, axe clean',
  );
  await desk.close();

  const phone = await newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true }, diagnostics);
  const small = await phone.newPage();
  await ctx.step(
    'API reference at 390×844: a link to one operation, axe clean',
    async () => {
      await small.goto(`${base}/api#op-acknowledge-request`);
      await rendered(small, operations.length);
      const heading = small.locator('#op-acknowledge-request-title');
      check(await heading.isVisible(), 'the linked operation is shown');
      await checkAxe(small, 'API reference (phone)');
      await checkNoSidewaysScroll(small, 'API reference (phone)');
      await screenshot(small, join(ctx.artifacts, '42-api-phone.png'), { fullPage: false });
    },
    () => 'lands on the operation, no sideways scroll',
  );
  await phone.close();
}
