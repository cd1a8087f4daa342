// The admin console (/admin) as a clinic admin uses it, with the demo clinic's admin key: every section shot
// and checked by axe at 1280×800 and 390×844; fallback contacts reordered and given a verified email; a
// clinician added with a number, verified and deleted, and one still on the rota refused with the 409's
// words; a service created with a weekly rotation and a two-level policy, its 14-day preview checked against
// the server's own shifts after saving, a 400 shown next to its field, the chain in words; a daylight-saving
// week marked in the preview; cover added, edited and deleted; and, by keyboard only (Tab, Enter, Space), a
// key created (its secret shown once, copied) and revoked, with the dialogs trapping and returning focus.
// Everything made here is removed at the end, so the demo clinic is left as it was.
import { dirname, join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { OutboxMessage } from '../../scripts/e2e/api.js';
import { E2eFailure, check, checkEqual, inOrder, waitFor } from '../../scripts/e2e/assert.js';
import { previewWindow } from '../../web/src/admin/preview.js';
import { toLocalInput } from '../../web/src/admin/zoned.js';
import { checkAxe, tabUntil, type FocusStop } from './a11y.js';
import { checkAccessible, newContext, screenshot } from './browser.js';
import { textOf } from './locators.js';
import type { WebContext } from './scenario.js';

const CLINIC = 'northside';
const ZONE = 'Europe/London';
const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SHOWS_WITHIN_MS = 5_000;
const SHOTS = process.env.ADMIN_SHOTS ?? '/tmp/admin-shots';
const SECTIONS = ['settings', 'clinicians', 'services', 'overrides', 'keys'] as const;
/** Made by this scenario, removed at its end. */
const SERVICE = { id: 'night-line', name: 'Night line' };
const NEW_CLINICIAN = { id: 'gus-e2e', name: 'Gus Ekwueme', phone: '+447700900381' };
const FALLBACK_EMAIL = 'duty.e2e@example.org';
const KEY_LABEL = 'E2E console key';

interface Shifts {
  shifts: Array<{ clinicianId: string; start: string; end: string }>;
  gaps: Array<{ start: string; end: string }>;
}
interface ClinicView {
  fallback: Array<{ fallbackId: string; name: string; phone: string }>;
  fallbackRepeatSeconds: number;
}

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

/** WCAG 1.4.10 (reflow), which axe does not check: nothing is wider than the screen. */
async function checkFitsWidth(page: Page, what: string): Promise<void> {
  const { scroll, inner } = await page.evaluate<{ scroll: number; inner: number }>(
    '({ scroll: document.documentElement.scrollWidth, inner: document.documentElement.clientWidth })',
  );
  check(scroll <= inner, `${what}: the page is ${scroll} px wide on a ${inner} px screen`);
}

// Plain JavaScript in the page: where the focus is relative to the open modal dialog.
const FOCUS_IN_DIALOG = `(() => {
  const d = document.querySelector('dialog[open]');
  return { open: !!d, inside: !!d && d.contains(document.activeElement) };
})()`;
const ACTIVE_ID = `(document.activeElement && document.activeElement.id)`;
const FOCUSED_TEXT = `(document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || '').trim())`;

/** The error line the console puts next to a control (its aria-describedby names it). */
async function errorNextTo(control: Locator): Promise<string> {
  const id = await control.getAttribute('id');
  check(id, 'the control has an id');
  return textOf(control.page().locator(`[id="${id}-error"]`));
}

export async function adminScenario(ctx: WebContext): Promise<void> {
  const { api, browser, demo, diagnostics } = ctx;
  const base = api.baseUrl;
  const key = demo.admin;
  const clinicPath = `/v1/clinics/${CLINIC}`;
  const contexts: BrowserContext[] = [];
  const open = async (options: Parameters<typeof newContext>[1]) => {
    const context = await newContext(browser, options, diagnostics);
    contexts.push(context);
    return context;
  };
  const shoot = (page: Page, name: string, fullPage = true) =>
    screenshot(page, join(SHOTS, `${name}.png`), { fullPage });
  const outboxSince = (since: number, match: (m: OutboxMessage) => boolean, what: string) =>
    waitFor(
      what,
      async () => (await api.outbox()).messages.findLast((m) => Date.parse(m.sentAt) >= since && match(m)),
      { timeoutMs: SHOWS_WITHIN_MS, intervalMs: 100 },
    );
  const before = await api.expect<ClinicView>(200, 'GET', clinicPath, { key });
  const readmeImage = join(dirname(ctx.readmeImage), 'admin-console.png');
  let createdKey: { keyId: string; secret: string } | undefined;

  async function signIn(page: Page): Promise<void> {
    const response = await page.goto(`${base}/admin`);
    check(response?.ok(), `GET /admin answered ${response?.status()}`);
    await page.locator('#signin-clinic').fill(CLINIC);
    await page.locator('#signin-key').fill(key);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#console').waitFor();
  }
  async function goTo(page: Page, section: (typeof SECTIONS)[number]): Promise<Locator> {
    await page.locator(`#tab-${section}`).click();
    const pane = page.locator(`#sec-${section}`);
    await pane.waitFor();
    await waitFor(
      `#sec-${section} loaded`,
      async () => (await pane.getAttribute('aria-busy')) === 'false' || undefined,
      {
        timeoutMs: SHOWS_WITHIN_MS,
        intervalMs: 50,
      },
    );
    return pane;
  }
  async function check390And1280(page: Page, name: string, width: number, fullPage = true): Promise<number> {
    await shoot(page, `admin-${name}-${width}`, fullPage);
    if (width < 500) await checkFitsWidth(page, `admin ${name} (${width})`);
    await checkAccessible(page, `admin ${name} (${width})`);
    return checkAxe(page, `admin ${name} (${width})`);
  }

  const desk = await open({ viewport: DESK, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await desk.newPage();

  try {
    // ---- 1. Sign in; every section at 1280×800 (shot, labels, axe) --------------------------------------
    await ctx.step(
      'admin: sign in, the five sections at 1280×800 (axe)',
      async () => {
        await signIn(page);
        await waitForText(page.locator('#who-clinic'), /^northside · admin key$/, 'who');
        // Settings is the first section.
        await page.locator('#tab-settings[aria-current=page]').waitFor();
        await waitForText(
          page.locator('#console-clinic'),
          /^Northside Clinic \(northside\), clinic time Europe\/London\.$/,
          'the clinic',
        );
        let rules = 0;
        for (const section of SECTIONS) {
          await goTo(page, section);
          if (section === 'settings')
            await page.locator('#sec-settings [data-contact="settings-sms"]').first().waitFor();
          if (section === 'clinicians') await page.locator('li[data-clinician="ana"]').waitFor();
          if (section === 'services') await page.locator('li[data-service="general"]').waitFor();
          if (section === 'keys') await page.locator('li[data-key]').first().waitFor();
          rules = await check390And1280(page, section, DESK.width);
        }
        return rules;
      },
      (rules) => `5 sections, axe 0 violations (${rules} rules pass on the last)`,
    );

    // ---- 2. Settings: reorder the fallback contacts and save; a fallback contact's email method ---------
    await ctx.step(
      'admin: fallback contacts reordered and saved; an email method verified, tested, removed',
      async () => {
        const pane = await goTo(page, 'settings');
        const [first, second] = before.fallback;
        check(first && second, 'the demo clinic has two fallback contacts');
        await pane.getByRole('button', { name: `Move ${first.name} down` }).click();
        await pane.getByRole('button', { name: 'Save settings' }).click();
        await waitForText(pane.locator('.status-note').first(), /Settings saved\./, 'saved');
        const moved = await api.expect<ClinicView>(200, 'GET', clinicPath, { key });
        checkEqual(
          moved.fallback.map((f) => f.fallbackId).join(),
          [second.fallbackId, first.fallbackId].join(),
          'new order',
        );
        // Back as it was.
        await pane.getByRole('button', { name: `Move ${first.name} up` }).click();
        await pane.getByRole('button', { name: 'Save settings' }).click();
        await waitFor(
          'the order restored',
          async () =>
            (await api.expect<ClinicView>(200, 'GET', clinicPath, { key })).fallback[0]?.fallbackId ===
              first.fallbackId || undefined,
          { timeoutMs: SHOWS_WITHIN_MS, intervalMs: 100 },
        );

        // The first contact's methods: an email, its code from the outbox, a test page, removed.
        const block = pane.locator('.methods-block', { hasText: `How pages reach ${first.name}` });
        await block.locator('[data-contact="settings-sms"]').waitFor();
        check(
          (await block
            .locator('[data-contact="settings-sms"]')
            .getByRole('button', { name: /^Remove/ })
            .count()) === 0,
          'the settings number cannot be removed here',
        );
        const since = Date.now();
        await block.getByLabel('Add a method').selectOption('email');
        await block.getByLabel('Email address').fill(FALLBACK_EMAIL);
        await block.getByRole('button', { name: 'Add and send a code' }).click();
        const coded = await outboxSince(
          since,
          (m) => m.purpose === 'verification' && m.to === FALLBACK_EMAIL,
          'the code',
        );
        const row = block.locator('li[data-contact]', { hasText: FALLBACK_EMAIL });
        await row.getByLabel(`Code for ${FALLBACK_EMAIL}`).fill(coded.code);
        await shoot(page, 'admin-settings-code-1280');
        await row.getByRole('button', { name: 'Verify' }).click();
        await waitForText(row, /verified, paged/, 'the email verified');
        const testAt = Date.now();
        await row.getByRole('button', { name: `Send a test page to ${FALLBACK_EMAIL}` }).click();
        await outboxSince(testAt, (m) => m.purpose === 'test' && m.to === FALLBACK_EMAIL, 'the test page');
        await waitForText(row, /Last test page: sent\./, 'the test page in the list');
        await row.getByRole('button', { name: `Remove email ${FALLBACK_EMAIL}` }).click();
        await row.waitFor({ state: 'detached', timeout: SHOWS_WITHIN_MS });
        return `${first.name} ⇄ ${second.name} saved and restored; ${FALLBACK_EMAIL} code ${coded.code} verified, tested, removed`;
      },
      (note) => note,
    );

    // ---- 3. Clinicians: add one with a number, verify it, delete; a 409 for one on the rota -------------
    await ctx.step(
      'admin: a clinician added, verified and deleted; deleting one on the rota is refused in words',
      async () => {
        const pane = await goTo(page, 'clinicians');
        const since = Date.now();
        await pane.getByRole('button', { name: 'Add a clinician' }).click();
        const dialog = page.getByRole('dialog', { name: 'Add a clinician' });
        await dialog.getByLabel('Name').fill(NEW_CLINICIAN.name);
        await dialog.getByLabel('Clinician ID').fill(NEW_CLINICIAN.id);
        await dialog.getByLabel('Mobile number (optional)').fill(NEW_CLINICIAN.phone);
        await shoot(page, 'admin-clinician-dialog-1280', false);
        await checkAxe(page, 'admin, add a clinician dialog (1280)');
        await dialog.getByRole('button', { name: 'Add clinician' }).click();
        await dialog.waitFor({ state: 'detached' });
        const item = pane.locator(`li[data-clinician="${NEW_CLINICIAN.id}"]`);
        await waitForText(
          item,
          /No verified contact method: pages cannot reach them/,
          'the warning in words',
        );
        const coded = await outboxSince(
          since,
          (m) => m.purpose === 'verification' && m.to === NEW_CLINICIAN.phone,
          'the code',
        );
        await item.getByRole('button', { name: 'Contact methods' }).click();
        check(
          (await item.getByRole('button', { name: 'Contact methods' }).getAttribute('aria-expanded')) ===
            'true',
          'expanded',
        );
        await item.getByLabel(`Code for ${NEW_CLINICIAN.phone}`).fill(coded.code);
        await item.getByRole('button', { name: 'Verify' }).click();
        await waitForText(item.locator('p').first(), /^Active, can be paged\.$/, 'pageable once verified');
        await shoot(page, 'admin-clinicians-methods-1280');
        await checkAxe(page, 'admin, clinician methods (1280)');

        // Ana is in General's rotation: the 409 names it, in the dialog.
        const ana = pane.locator('li[data-clinician="ana"]');
        await ana.getByRole('button', { name: 'Delete Dr Ana Okafor' }).click();
        const refuse = page.getByRole('dialog', { name: 'Delete Dr Ana Okafor?' });
        await refuse.getByRole('button', { name: 'Delete' }).click();
        const said = await waitForText(
          refuse.getByRole('alert'),
          /still on the rota: in the rotation of General/,
          '409',
        );
        await shoot(page, 'admin-clinician-409-1280', false);
        await refuse.getByRole('button', { name: 'Cancel' }).click();
        check(
          (await page.evaluate<string>(FOCUSED_TEXT)) === 'Delete Dr Ana Okafor',
          'the focus is back on the Delete button',
        );

        await item.getByRole('button', { name: `Delete ${NEW_CLINICIAN.name}` }).click();
        const sure = page.getByRole('dialog', { name: `Delete ${NEW_CLINICIAN.name}?` });
        await sure.getByRole('button', { name: 'Delete' }).click();
        await item.waitFor({ state: 'detached', timeout: SHOWS_WITHIN_MS });
        await api.expect(404, 'GET', `${clinicPath}/clinicians/${NEW_CLINICIAN.id}`, { key });
        return said;
      },
      (said) => `${NEW_CLINICIAN.id} verified by code then deleted; 409 shown: "${said.slice(0, 70)}…"`,
    );

    // ---- 4. A service with a weekly rotation and a two-level policy; the preview; a 400 by its field ----
    const made = await ctx.step(
      'admin: new service, weekly rotation + 2 levels, 14-day preview = server shifts, 400 by its field',
      async () => {
        const pane = await goTo(page, 'services');
        await pane.getByRole('button', { name: 'New service' }).click();
        const editor = pane.locator('form.editor');
        await editor.getByLabel('Service name').fill(SERVICE.name);
        checkEqual(
          await editor.getByLabel('Service ID').inputValue(),
          SERVICE.id,
          'the id suggested from the name',
        );
        for (const id of ['ana', 'ben']) {
          await editor.getByLabel('Add a clinician').selectOption(id);
          await editor.getByRole('button', { name: 'Add to the rotation' }).click();
        }
        // Reorder with the buttons: Ben first, then Ana.
        await editor.getByRole('button', { name: 'Move Ben Haddad up' }).click();
        check(
          (await page.evaluate<string>(FOCUSED_TEXT)) === 'Move Ben Haddad down',
          'the focus follows the moved item',
        );
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now());
        await editor.getByLabel('Start date').fill(today);
        await editor.getByLabel('Handoff time (clinic time)').fill('09:00');
        checkEqual(await editor.getByLabel('Days or weeks').inputValue(), 'week', 'weekly');
        await editor.getByLabel('On', { exact: true }).selectOption('mon');
        const level1 = editor.getByRole('group', { name: 'Level 1' });
        const level2 = editor.getByRole('group', { name: 'Level 2' });
        checkEqual(await level1.getByLabel('Page').inputValue(), 'primary', 'level 1 pages the primary');
        checkEqual(await level2.getByLabel('Page').inputValue(), 'secondary', 'level 2 pages the secondary');
        const wait1 = level1.getByLabel('Wait for an answer (seconds)');
        await wait1.fill('5');
        await level2.getByLabel('Wait for an answer (seconds)').fill('300');
        await editor.getByLabel('Go through the levels again?').selectOption('1');

        // The preview, before saving.
        const rows = editor.locator('.preview-table tbody tr');
        await waitFor('preview rows', async () => ((await rows.count()) >= 3 ? true : undefined), {
          timeoutMs: SHOWS_WITHIN_MS,
          intervalMs: 100,
        });
        const summary = await waitForText(
          editor.locator('.preview-summary'),
          /^\d+ shifts?, /,
          'the preview summary',
        );
        const table = await textOf(editor.locator('.preview-table'));
        check(
          table.includes('Ben Haddad') && table.includes('Dr Ana Okafor'),
          `both in the preview: ${table}`,
        );
        const previewed = await rows.evaluateAll((trs) =>
          trs.map((tr) => ({
            start: tr.getAttribute('data-start') ?? '',
            end: tr.getAttribute('data-end') ?? '',
            who: tr.getAttribute('data-clinician') ?? '',
          })),
        );
        const weekly = previewed.filter((r) => r.who);
        check(weekly.length >= 2, `at least two shifts: ${JSON.stringify(previewed)}`);
        for (const r of weekly) {
          checkEqual(Date.parse(r.end) - Date.parse(r.start), 7 * 86_400_000, `a week (${r.start})`);
          check(new Date(r.start).getUTCDay() === 1, `handoffs on Mondays: ${r.start}`);
        }
        checkEqual(weekly[0]?.who, 'ben', 'Ben holds the first shift');
        checkEqual(weekly[1]?.who, 'ana', 'then Ana');

        // The chain in words.
        const clinic = await api.expect<ClinicView>(200, 'GET', clinicPath, { key });
        await editor
          .getByRole('group', { name: 'Level 1' })
          .getByLabel('Wait for an answer (seconds)')
          .fill('120');
        const chain = await waitForText(
          editor.locator('.chain'),
          /^Primary, 2 min → Secondary, 5 min → repeat once → fallback contacts every /,
          'the chain in words',
        );
        checkEqual(
          chain,
          `Primary, 2 min → Secondary, 5 min → repeat once → fallback contacts every ${clinic.fallbackRepeatSeconds === 60 ? '1 min' : `${clinic.fallbackRepeatSeconds} s`}.`,
          'the chain',
        );
        await shoot(page, 'admin-services-editor-1280');
        await checkAccessible(page, 'admin, service editor (1280)');
        await checkAxe(page, 'admin, service editor (1280)');

        // A 400 from the server lands next to its field (5 s is under the 10 s minimum).
        await wait1.fill('5');
        await editor.getByRole('button', { name: 'Create service' }).click();
        const error = await waitFor(
          'the 400 next to level 1’s wait',
          async () => (await errorNextTo(wait1)) || undefined,
          { timeoutMs: SHOWS_WITHIN_MS, intervalMs: 100 },
        );
        checkEqual(await wait1.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
        checkEqual(
          await page.evaluate<string>(ACTIVE_ID),
          await wait1.getAttribute('id'),
          'the focus is on the wrong field',
        );
        await shoot(page, 'admin-services-400-1280');
        // Chromium logs the answer as a console error: this one was asked for, any other still fails the run.
        const expected = diagnostics.problems.findIndex((p) =>
          /\/admin.*status of 400 \(Bad Request\)/.test(p),
        );
        check(expected >= 0, 'the 400 reached the browser');
        diagnostics.problems.splice(expected, 1);
        await wait1.fill('120');
        await editor.getByRole('button', { name: 'Create service' }).click();
        const item = pane.locator(`li[data-service="${SERVICE.id}"]`);
        await item.waitFor({ timeout: SHOWS_WITHIN_MS });
        const listed = await textOf(item);
        check(listed.includes(chain), `the list shows the chain: ${listed}`);
        check(
          listed.includes('Hands over every week on Monday at 09:00'),
          `the list shows the rota: ${listed}`,
        );

        // The preview is what the server now answers, row for row over the window.
        const { from, to } = previewWindow(Date.now(), ZONE);
        const server = await api.expect<Shifts>(
          200,
          'GET',
          `${clinicPath}/services/${SERVICE.id}/shifts?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
          { key },
        );
        const clip = (r: { start: string; end: string; who: string }) =>
          `${new Date(Math.max(Date.parse(r.start), from)).toISOString()}–${new Date(Math.min(Date.parse(r.end), to)).toISOString()} ${r.who || 'gap'}`;
        const fromServer = [
          ...server.shifts.map((s) => ({ start: s.start, end: s.end, who: s.clinicianId })),
          ...server.gaps.map((g) => ({ start: g.start, end: g.end, who: '' })),
        ]
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
          .map(clip);
        checkEqual(previewed.map(clip).join('\n'), fromServer.join('\n'), 'the preview against GET …/shifts');
        return { summary, chain, error, rows: previewed.length };
      },
      (r) =>
        `preview "${r.summary}" = ${r.rows} rows of GET …/shifts; "${r.chain}"; 400 by the field: "${r.error}"`,
    );

    // ---- 5. Cover: add, edit, delete (the dialog; its Escape returns the focus) -------------------------
    await ctx.step(
      'admin: cover added, edited and deleted for the new service',
      async () => {
        const pane = await goTo(page, 'overrides');
        await pane.getByLabel('Service', { exact: true }).selectOption(SERVICE.id);
        await waitForText(pane.locator('ul.items'), /No cover booked for Night line/, 'no cover yet');
        const add = pane.getByRole('button', { name: 'Add cover' });
        await add.click();
        const dialog = page.getByRole('dialog', { name: `Add cover to ${SERVICE.name}` });
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        checkEqual(
          await page.evaluate<string>(FOCUSED_TEXT),
          'Add cover',
          'Escape returns the focus to Add cover',
        );
        await add.click();
        await dialog.getByLabel('Who covers').selectOption('chloe');
        await dialog.getByRole('button', { name: 'Add cover' }).click();
        await dialog.waitFor({ state: 'detached' });
        const item = pane.locator('li[data-override]', { hasText: 'Chloe Martin' });
        await item.waitFor({ timeout: SHOWS_WITHIN_MS });
        const listedAs = await textOf(item.locator('p').first());
        const [stored] = (
          await api.expect<{
            overrides: Array<{ overrideId: string; clinicianId: string; start: string; end: string }>;
          }>(200, 'GET', `${clinicPath}/services/${SERVICE.id}/overrides`, { key })
        ).overrides;
        check(stored?.clinicianId === 'chloe', `the API lists the cover: ${JSON.stringify(stored)}`);
        checkEqual(Date.parse(stored.end) - Date.parse(stored.start), 12 * 3_600_000, '12 hours by default');
        await shoot(page, 'admin-overrides-1280');
        await checkAxe(page, 'admin, cover listed (1280)');

        await item.getByRole('button', { name: /^Edit Chloe Martin/ }).click();
        const edit = page.getByRole('dialog', { name: 'Edit cover' });
        const end = edit.getByLabel(/^Ends/);
        checkEqual(
          await end.inputValue(),
          toLocalInput(Date.parse(stored.end), ZONE),
          'the end in the form, clinic time',
        );
        // Six hours shorter.
        const shorter = new Date(Date.parse(stored.end) - 6 * 3_600_000);
        const local = toLocalInput(shorter.getTime(), ZONE);
        await end.fill(local);
        await edit.getByRole('button', { name: 'Save cover' }).click();
        await edit.waitFor({ state: 'detached' });
        const changed = await waitFor(
          'the new end',
          async () => {
            const list = await api.expect<{ overrides: Array<{ overrideId: string; end: string }> }>(
              200,
              'GET',
              `${clinicPath}/services/${SERVICE.id}/overrides`,
              { key },
            );
            const now = list.overrides.find((o) => o.overrideId === stored.overrideId);
            return now && Date.parse(now.end) === shorter.getTime() ? now : undefined;
          },
          { timeoutMs: SHOWS_WITHIN_MS, intervalMs: 100 },
        );
        await pane
          .locator('li[data-override]')
          .getByRole('button', { name: /^Delete Chloe Martin/ })
          .click();
        const sure = page.getByRole('dialog', { name: 'Delete this cover?' });
        await sure.getByRole('button', { name: 'Delete cover' }).click();
        await waitForText(pane.locator('ul.items'), /No cover booked for Night line/, 'the cover gone');
        const left = await api.expect<{ overrides: unknown[] }>(
          200,
          'GET',
          `${clinicPath}/services/${SERVICE.id}/overrides`,
          { key },
        );
        checkEqual(left.overrides.length, 0, 'overrides left');
        return { listedAs, end: changed.end };
      },
      (r) => `"${r.listedAs}", edited to end ${r.end}, deleted; Escape closed the dialog onto its opener`,
    );

    // ---- 6. Keyboard only: create a key (shown once, copied), revoke it ---------------------------------
    createdKey = await ctx.step(
      'admin: keyboard only (Tab/Enter/Space): create a key, copy it once, revoke it',
      async () => {
        // A fresh load: the walk starts at the top of the page.
        await page.goto(`${base}/admin#keys`);
        await page.reload();
        await page.locator('li[data-key]').first().waitFor();
        const stops: FocusStop[] = [];
        stops.push(...(await tabUntil(page, (s) => s.label.startsWith('input#key-label'), 60)));
        // The logical order: skip link, the main navigation, sign out, the console's sections, the form.
        const order = [
          'Skip to content',
          'Intake',
          'Admin',
          'Sign out',
          'Settings',
          'Clinicians',
          'Services',
          'Cover',
          'Keys',
        ];
        const seen = stops.map((s) => /"(.*)"$/.exec(s.label)?.[1] ?? '');
        check(inOrder(seen, order), `Tab order: ${seen.join(' → ')}`);
        await page.keyboard.type(KEY_LABEL);
        stops.push(...(await tabUntil(page, (s) => s.label.startsWith('select#key-role'), 1)));
        stops.push(...(await tabUntil(page, (s) => s.label.includes('"Create key"'), 2)));
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Your new key' });
        await dialog.waitFor();
        check(
          (await page.evaluate<string>(FOCUSED_TEXT)) === 'Copy the key',
          'the dialog opens on Copy the key',
        );
        await waitForText(dialog, /you will not see it again/, 'the warning');
        const secret = await dialog.locator('input.secret').inputValue();
        check(/^crk_[A-Za-z0-9_-]{20,}$/.test(secret), `a key: ${secret.slice(0, 8)}…`);
        await page.keyboard.press('Space');
        await waitForText(dialog.getByRole('status'), /^Copied to the clipboard\.$/, 'copied');
        const copied = await page.evaluate<string>('navigator.clipboard.readText()');
        checkEqual(copied, secret, 'the clipboard holds the key');
        await shoot(page, 'admin-key-created-1280', false);
        await checkAxe(page, 'admin, key shown once (1280)');
        // The dialog traps the focus: Tab goes round its three controls.
        for (let n = 0; n < 5; n++) {
          await page.keyboard.press('Tab');
          const where = await page.evaluate<{ open: boolean; inside: boolean }>(FOCUS_IN_DIALOG);
          check(where.open && where.inside, `Tab ${n + 1} stays inside the dialog`);
        }
        await tabUntil(page, (s) => s.label.includes('"I have copied it"'), 4);
        await page.keyboard.press('Space');
        await dialog.waitFor({ state: 'detached' });
        check(
          (await page.evaluate<string>(FOCUSED_TEXT)) === 'Create key',
          'the focus is back on Create key',
        );
        await api.expect(200, 'GET', `${clinicPath}/services`, { key: secret });
        const listed = (
          await api.expect<{ keys: Array<{ keyId: string; label: string; revokedAt: string | null }> }>(
            200,
            'GET',
            `${clinicPath}/keys`,
            { key },
          )
        ).keys.find((k) => k.label === KEY_LABEL && !k.revokedAt);
        check(listed, 'the key is listed');
        const made = { keyId: listed.keyId, secret };

        stops.push(...(await tabUntil(page, (s) => s.label.includes(`"Revoke ${KEY_LABEL}"`), 10)));
        await page.keyboard.press('Enter');
        const confirm = page.getByRole('dialog', { name: `Revoke “${KEY_LABEL}”?` });
        await confirm.waitFor();
        check((await page.evaluate<string>(FOCUSED_TEXT)) === 'Cancel', 'the confirmation opens on Cancel');
        await tabUntil(page, (s) => s.label.includes('"Revoke key"'), 2);
        await page.keyboard.press('Enter');
        await confirm.waitFor({ state: 'detached' });
        const item = page.locator(`li[data-key="${made.keyId}"]`);
        await waitForText(item, /\(revoked\)/, 'revoked in the list');
        checkEqual(
          await page.evaluate<string>(FOCUSED_TEXT),
          'Keys of this clinic',
          'the focus after revoking',
        );
        await api.expect(401, 'GET', `${clinicPath}/services`, { key: secret });
        return { ...made, stops: stops.length };
      },
      (r) =>
        `${r.stops} Tab stops in order (skip link, nav, sections, form), each focus visible; dialog traps Tab; key ${r.keyId} copied, then 401 once revoked`,
    );

    // ---- 7. A daylight-saving week in the preview (the browser's clock set to March 2027) ---------------
    await ctx.step(
      'admin: the preview marks the week the clocks go forward',
      async () => {
        const spring = await open({ viewport: DESK });
        // The console follows the server's clock by its Date header: without it, the browser's (set) clock.
        await spring.route('**/v1/**', async (route) => {
          const response = await route.fetch();
          const headers = { ...response.headers() };
          delete headers.date;
          await route.fulfill({ response, headers });
        });
        const p = await spring.newPage();
        await p.clock.setFixedTime(new Date('2027-03-22T12:00:00Z'));
        await signIn(p);
        const pane = await goTo(p, 'services');
        await pane.getByRole('button', { name: `Edit ${SERVICE.name}` }).click();
        const note = await waitForText(
          p.locator('.preview-table .dst-note').first(),
          /Clocks go forward/,
          'the DST note',
        );
        checkEqual(note, 'Clocks go forward: this shift is 6 days 23 h', 'the note');
        const row = p.locator('.preview-table tr.dst');
        checkEqual(
          await row.getAttribute('data-start'),
          '2027-03-22T09:00:00.000Z',
          'the shift from Mon 22 Mar 09:00 GMT',
        );
        checkEqual(await row.getAttribute('data-end'), '2027-03-29T08:00:00.000Z', 'to Mon 29 Mar 09:00 BST');
        await shoot(p, 'admin-services-dst-1280');
        // The README's picture: the rotation's handoff and its preview, the week the clocks go forward.
        await p
          .getByRole('heading', { name: 'When the rota hands over' })
          .evaluate((e) => e.scrollIntoView({ block: 'start' }));
        await p.evaluate('window.scrollBy(0, -16)');
        await screenshot(p, readmeImage, { fullPage: false });
        await p
          .locator('.preview-box')
          .screenshot({ path: join(SHOTS, 'admin-preview-dst.png'), animations: 'disabled' });
        await spring.close();
        return note;
      },
      (note) => `Mon 22 → Mon 29 Mar 2027: "${note}"`,
    );

    // ---- 8. Every section at 390×844 (touch): shot, reflow, labels, axe -------------------------------
    await ctx.step(
      'admin: every section and the editor at 390×844 (reflow, axe)',
      async () => {
        const phone = await open({ viewport: PHONE, isMobile: true, hasTouch: true });
        const p = await phone.newPage();
        await signIn(p);
        let rules = 0;
        for (const section of SECTIONS) {
          await goTo(p, section);
          if (section === 'clinicians') await p.locator('li[data-clinician="ana"]').waitFor();
          if (section === 'services') await p.locator(`li[data-service="${SERVICE.id}"]`).waitFor();
          if (section === 'keys') await p.locator('li[data-key]').first().waitFor();
          if (section === 'settings') await p.locator('[data-contact="settings-sms"]').first().waitFor();
          rules = await check390And1280(p, section, PHONE.width);
        }
        const pane = await goTo(p, 'services');
        await pane.getByRole('button', { name: `Edit ${SERVICE.name}` }).click();
        await p.locator('.preview-table tbody tr').first().waitFor();
        await check390And1280(p, 'services-editor', PHONE.width);
        await pane.getByRole('button', { name: 'Cancel' }).click();
        // A dialog on the phone.
        const cover = await goTo(p, 'overrides');
        await cover.getByLabel('Service', { exact: true }).selectOption(SERVICE.id);
        await p.getByRole('button', { name: 'Add cover' }).click();
        await p.getByRole('dialog').waitFor();
        await check390And1280(p, 'overrides-dialog', PHONE.width, false);
        await p.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
        return rules;
      },
      (rules) =>
        `5 sections + editor + dialog fit 390 px; axe 0 violations (${rules} rules pass on the last section)`,
    );

    // ---- 9. Clean up through the console: delete the service ------------------------------------------
    await ctx.step(
      'admin: delete the new service',
      async () => {
        const pane = await goTo(page, 'services');
        await pane.getByRole('button', { name: `Delete ${SERVICE.name}` }).click();
        await page
          .getByRole('dialog', { name: `Delete ${SERVICE.name}?` })
          .getByRole('button', { name: 'Delete service' })
          .click();
        await pane
          .locator(`li[data-service="${SERVICE.id}"]`)
          .waitFor({ state: 'detached', timeout: SHOWS_WITHIN_MS });
        await api.expect(404, 'GET', `${clinicPath}/services/${SERVICE.id}`, { key });
        return SERVICE.id;
      },
      (id) => `${id} deleted from the console, ${made.rows} preview rows before (404 now)`,
    );
  } catch (error) {
    if (error instanceof E2eFailure) await shoot(page, 'admin-failure').catch(() => undefined);
    throw error;
  } finally {
    // Whatever a failed step left behind.
    await api.call('DELETE', `${clinicPath}/services/${SERVICE.id}`, { key }).catch(() => undefined);
    await api.call('DELETE', `${clinicPath}/clinicians/${NEW_CLINICIAN.id}`, { key }).catch(() => undefined);
    if (createdKey)
      await api.call('DELETE', `${clinicPath}/keys/${createdKey.keyId}`, { key }).catch(() => undefined);
    const now = await api.call('GET', clinicPath, { key });
    const fallback = (now.body as ClinicView | undefined)?.fallback ?? [];
    if (fallback.map((f) => f.fallbackId).join() !== before.fallback.map((f) => f.fallbackId).join())
      await api
        .call('PUT', `${clinicPath}/settings`, {
          key,
          json: {
            name: (now.body as { name: string }).name,
            fallback: before.fallback.map(({ fallbackId, name, phone }) => ({ fallbackId, name, phone })),
            fallbackRepeatSeconds: before.fallbackRepeatSeconds,
          },
        })
        .catch(() => undefined);
    for (const context of contexts) await context.close().catch(() => undefined);
  }
}
