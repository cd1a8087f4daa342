// Debian's Chromium driven by playwright-core: launch, per-page diagnostics, screenshots, and small checks
// (labels, CSP errors) that every page of the web interface must pass.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { E2eFailure, check } from '../../scripts/e2e/assert.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags CI uses: no GPU, no sandbox (root in a container), nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Playwright gives every launch a fresh temporary profile (user-data-dir) and deletes it on close. */
export async function launchChromium(): Promise<Browser> {
  check(
    existsSync(CHROMIUM),
    `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
  );
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

// A fetch that answers 4xx is logged by Chromium as a console error; those are expected (sign-in probes
// the key's role with a call that answers 403 for intake keys), everything else is a failure. A scenario
// that asks for a 400 takes that one out of the problems itself.
const EXPECTED = /Failed to load resource: the server responded with a status of (401|403|404|409)/;

/** Console errors, uncaught exceptions and CSP violations of every page of a context. */
export class Diagnostics {
  readonly problems: string[] = [];

  watch(context: BrowserContext): void {
    context.on('page', (page) => this.page(page));
    for (const page of context.pages()) this.page(page);
  }

  private page(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error' && !EXPECTED.test(message.text()))
        this.problems.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`${page.url()}: uncaught: ${error.message}`));
  }

  assertClean(): void {
    check(this.problems.length === 0, `the browser reported problems:\n  ${this.problems.join('\n  ')}`);
  }
}

export async function newContext(browser: Browser, options: BrowserContextOptions, diagnostics: Diagnostics) {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', ...options });
  context.setDefaultTimeout(10_000);
  diagnostics.watch(context);
  return context;
}

/** Contexts a scenario opens as it goes (newContext each), closed together when it ends, whatever happened. */
export function contextsOf(browser: Browser, diagnostics: Diagnostics) {
  const opened: BrowserContext[] = [];
  return {
    open: async (options: BrowserContextOptions) => {
      const context = await newContext(browser, options, diagnostics);
      opened.push(context);
      return context;
    },
    closeAll: async () => {
      for (const context of opened) await context.close().catch(() => undefined);
    },
  };
}

export async function screenshot(page: Page, path: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' });
}

// Plain JavaScript run in the page (the repo's tsconfig has no DOM types): every visible control has an
// accessible name, the page has a language and exactly one h1.
const A11Y_PROBLEMS = `(() => {
  const problems = [];
  const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    if (!visible(e)) continue;
    const named = (e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') ||
      (e.tagName === 'BUTTON' && e.textContent.trim());
    if (!named) problems.push('no label: ' + e.outerHTML.slice(0, 80));
  }
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  const h1 = [...document.querySelectorAll('h1')].filter(visible).length;
  if (h1 !== 1) problems.push(h1 + ' visible h1 elements');
  return problems;
})()`;

export async function checkAccessible(page: Page, what: string): Promise<void> {
  const problems = await page.evaluate<string[]>(A11Y_PROBLEMS);
  if (problems.length) throw new E2eFailure(`${what}: ${problems.join('; ')}`);
}

/** The web interface's security headers: CSP with scripts and styles from this origin only. */
export function checkWebHeaders(headers: Record<string, string>, what: string): void {
  const csp = headers['content-security-policy'] ?? '';
  for (const part of [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
  ])
    check(csp.includes(part), `${what}: CSP lacks ${part}: ${csp}`);
  check(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: CSP allows unsafe code: ${csp}`);
  check(headers['x-content-type-options'] === 'nosniff', `${what}: no nosniff`);
  check(headers['referrer-policy'] === 'no-referrer', `${what}: referrer-policy is not no-referrer`);
}
