// What the scenarios look for on a page: a clinician's phone in the phone view, an element's text, and
// text that should appear within a time.
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../../scripts/e2e/assert.js';
import type { Person } from '../../scripts/e2e/clinic.js';

/** One clinician's phone in the phone view (grouped by clinicianId). */
export const phoneOf = (phones: Page, person: Person) =>
  phones.locator('section.phone', { has: phones.locator('h2', { hasText: person.clinicianId }) });

/** The text of an element (a page: its body), spaces collapsed. */
export async function textOf(root: Locator): Promise<string> {
  return ((await root.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The element's raw text once it matches `pattern`, polled every 200 ms up to `timeoutMs`. */
export async function waitForText(
  root: Locator,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<string> {
  return waitFor(
    `${what} (matching ${pattern})`,
    async () => {
      const value = (await root.textContent()) ?? '';
      return pattern.test(value) ? value : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/**
 * The SMS page for `reference` on a phone. A person with an email gets an email page for it at the same
 * moment, and which of the two reaches the outbox first is a race: the SMS is the one with the reply code.
 */
export const smsPageOn = (phone: Locator, reference: string) =>
  phone
    .locator('.bubble', { hasText: reference })
    .filter({ has: phone.page().locator('.meta', { hasText: /^SMS/ }) })
    .last();
