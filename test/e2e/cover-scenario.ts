// Cover requests in the browser (E2E_ONLY=cover). Set up over the API: an admin puts the requester on call
// for two windows nine days ahead (overrides) and asks for cover of both in their name. The board (admin
// key) lists both open; an intake key's board shows no panel and no error. A colleague on their phone
// (390×844) sees both offered on /me (shot, axe), takes the first ("You cover …"); the second, taken over
// the API by the third colleague meanwhile, answers in words ("Cara Cole has already taken this cover").
// The requester's /me (1280×800) shows the first covered by the taker (the API agrees), refuses a window
// that is not theirs with the reason beside "Starts", asks for a third window with the form ("Asked: offered
// to 2 colleagues") and withdraws it. Whatever it made (overrides, requests) is removed at the end.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { check, checkEqual } from '../../scripts/e2e/assert.js';
import { CLINIC_ID, SERVICE_ID, type Person } from '../../scripts/e2e/clinic.js';
import { checkAxe } from './a11y.js';
import { checkAccessible, contextsOf, screenshot } from './browser.js';
import { textOf, waitForText } from './locators.js';
import type { WebContext } from './scenario.js';

const DESK = { width: 1280, height: 800 };
const ON_A_PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const SHOWS_WITHIN_MS = 4_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The scenario's days: nine days ahead, past what the other scenarios touch, inside the board's strip. */
const AHEAD_DAYS = 9;

interface Window {
  start: string;
  end: string;
}
interface CoverView {
  coverId: string;
  state: string;
  open: boolean;
  acceptedBy?: { clinicianId: string; name: string };
  offeredTo?: Array<{ clinicianId: string }>;
}
interface Shift {
  clinicianId: string;
  start: string;
  end: string;
}

/** A datetime-local value in the clinic's (and the browser context's) zone, Europe/London. */
const localInput = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(Date.parse(iso))
    .replace(' ', 'T');

async function signInMe(page: Page, base: string, person: Person): Promise<void> {
  const response = await page.goto(`${base}/me`);
  check(response?.ok(), `GET /me answered ${response?.status()}`);
  await page.locator('#me-clinic').fill(CLINIC_ID);
  await page.locator('#me-clinician').fill(person.clinicianId);
  await page.locator('#me-key').fill(person.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#me-cover').waitFor();
}

async function signInBoard(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/board`);
  await page.locator('#signin-clinic').fill(CLINIC_ID);
  await page.locator('#signin-key').fill(key);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signin').waitFor({ state: 'hidden' });
  await page.locator('#services article').first().waitFor();
}

/** WCAG 1.4.10 (reflow): nothing is wider than the screen. */
async function checkFitsWidth(page: Page, what: string): Promise<void> {
  const { scroll, inner } = await page.evaluate<{ scroll: number; inner: number }>(
    '({ scroll: document.documentElement.scrollWidth, inner: document.documentElement.clientWidth })',
  );
  check(scroll <= inner, `${what}: the page is ${scroll} px wide on a ${inner} px screen`);
}

export async function coverScenario(ctx: WebContext): Promise<void> {
  const { api, browser, clinic, diagnostics } = ctx;
  const base = api.baseUrl;
  const admin = clinic.adminKey;
  const clinicPath = `/v1/clinics/${CLINIC_ID}`;
  const servicePath = `${clinicPath}/services/${SERVICE_ID}`;
  const byId = (id: string) => clinic.clinicians.find((c) => c.clinicianId === id);
  const [requester, taker, third] = [byId('alice'), byId('bob'), byId('cara')];
  check(requester && taker && third, 'the e2e clinic has alice, bob and cara');

  const day0 = Math.floor(Date.now() / DAY) * DAY + AHEAD_DAYS * DAY;
  const windowAt = (hour: number, hours = 2): Window => ({
    start: new Date(day0 + hour * HOUR).toISOString(),
    end: new Date(day0 + (hour + hours) * HOUR).toISOString(),
  });
  const [first, second, asked] = [windowAt(2), windowAt(6), windowAt(26)];
  const cover = (coverId: string) =>
    api.expect<CoverView>(200, 'GET', `${clinicPath}/cover-requests/${coverId}`, { key: admin });
  const { open, closeAll } = contextsOf(browser, diagnostics);
  const save = (page: Page, name: string) => screenshot(page, join(ctx.artifacts, `${name}.png`));

  try {
    // ---- 0. Over the API: the requester on call for three windows, cover asked for two ---------------
    const ids = await ctx.step(
      'cover: overrides for the requester, two cover requests asked by an admin',
      async () => {
        for (const w of [first, second, asked])
          await api.expect(201, 'POST', `${servicePath}/overrides`, {
            key: admin,
            json: { clinicianId: requester.clinicianId, ...w },
          });
        const since = Date.now();
        const made: string[] = [];
        for (const w of [first, second]) {
          const created = await api.expect<CoverView & { offers: { sent: number } }>(
            201,
            'POST',
            `${servicePath}/cover-requests`,
            { key: admin, json: { ...w, requesterId: requester.clinicianId, note: 'Family event' } },
          );
          checkEqual(
            (created.offeredTo ?? []).map((p) => p.clinicianId).join(','),
            [taker.clinicianId, third.clinicianId].sort().join(','),
            'offered to',
          );
          made.push(created.coverId);
        }
        const { messages } = await api.outbox(taker.phone);
        const offer = messages.findLast((m) => Date.parse(m.sentAt) >= since && m.ackUrl.includes('/cover/'));
        check(offer, `${taker.clinicianId} got an offer with a /cover/ link`);
        return { a: made[0] ?? '', b: made[1] ?? '', offer: new URL(offer.ackUrl).pathname };
      },
      (r) =>
        `${r.a}, ${r.b} offered to ${taker.clinicianId} and ${third.clinicianId}; SMS link ${r.offer.slice(0, 14)}…`,
    );

    // ---- 1. The board: an admin key lists them, an intake key shows nothing (and no error) ----------
    await ctx.step(
      'cover: the board lists the open requests (admin), nothing for an intake key',
      async () => {
        const desk = await (await open({ viewport: DESK })).newPage();
        await signInBoard(desk, base, admin);
        const panel = desk.locator('#board-covers');
        const line = await waitForText(
          panel.locator(`li[data-cover="${ids.a}"]`),
          new RegExp(`^Crisis: ${requester.name} asks for cover .+ – .+; offered to colleagues`),
          'the first request on the board',
          SHOWS_WITHIN_MS,
        );
        await panel.locator(`li[data-cover="${ids.b}"]`).waitFor();
        await save(desk, 'cover-board-1280');
        await checkAccessible(desk, 'board with cover requests (1280)');
        await checkAxe(desk, 'board with cover requests (1280)');

        const hotline = await (await open({ viewport: DESK })).newPage();
        await signInBoard(hotline, base, clinic.intakeKey);
        check(await hotline.locator('#board-covers').isHidden(), 'no cover panel for an intake key');
        checkEqual(await textOf(hotline.locator('#board-notice')), '', 'no error on the intake board');
        return line;
      },
      (line) => `"${line}"; intake key: no panel, no notice`,
    );

    // ---- 2. The colleague on their phone: both offered, takes the first, the second was taken --------
    await ctx.step(
      'cover: a colleague takes one on /me (390, axe), the other already taken',
      async () => {
        const page = await (await open(ON_A_PHONE)).newPage();
        await signInMe(page, base, taker);
        const item = (id: string) => page.locator(`#me-cover-list li[data-cover="${id}"]`);
        const take = (id: string) => item(id).getByRole('button', { name: 'Take this cover' });
        await take(ids.a).waitFor();
        await take(ids.b).waitFor();
        const offered = await textOf(item(ids.a).locator('span'));
        check(
          new RegExp(
            `^${requester.name} asks for cover: Crisis, .+ – .+\\. Open until .+\\. Note: “Family event”$`,
          ).test(offered),
          `the offer reads: ${offered}`,
        );
        await page.locator('#me-cover').scrollIntoViewIfNeeded();
        await save(page, 'cover-me-390');
        await checkFitsWidth(page, 'me, cover offered (390)');
        await checkAccessible(page, 'me, cover offered (390)');
        const rules = await checkAxe(page, 'me, cover offered (390)');

        // The third colleague is quicker with the second one (over the API): the page still offers it.
        await api.expect(200, 'POST', `${clinicPath}/cover-requests/${ids.b}/accept`, { key: third.key });
        await take(ids.b).click();
        const refused = await waitForText(
          page.locator('#me-cover-error'),
          new RegExp(`^${third.name} has already taken this cover`),
          'the 409 in words',
          SHOWS_WITHIN_MS,
        );
        await waitForText(
          item(ids.b),
          new RegExp(`Covered by ${third.name}\\.`),
          'the second one covered by the third colleague',
          SHOWS_WITHIN_MS,
        );
        checkEqual(await take(ids.b).count(), 0, 'no Take button on the one taken by someone else');

        await take(ids.a).click();
        const status = await waitForText(
          page.locator('#me-cover-status'),
          new RegExp(`^You cover Crisis, .+, for ${requester.name}\\.$`),
          'the status after taking it',
          SHOWS_WITHIN_MS,
        );
        await waitForText(item(ids.a), /Covered by you\./, 'the item says covered', SHOWS_WITHIN_MS);
        checkEqual(await take(ids.a).count(), 0, 'no Take button once taken');
        checkEqual(await textOf(page.locator('#me-cover-error')), '', 'the earlier refusal cleared');
        checkEqual(
          await page.evaluate<string | null>('document.activeElement?.getAttribute("data-cover")'),
          ids.a,
          'the focus is on the item taken',
        );
        await save(page, 'cover-me-taken-390');
        await checkAxe(page, 'me, cover taken (390)');
        return { rules, status, refused };
      },
      (r) => `axe 0 violations (${r.rules} rules pass); "${r.status}"; "${r.refused}"`,
    );

    // ---- 3. The requester: covered by the taker; a wrong window refused beside Starts; ask, withdraw -
    await ctx.step(
      'cover: the requester sees it covered, asks with the form and withdraws (1280, axe)',
      async () => {
        const viewed = await cover(ids.a);
        checkEqual(
          `${viewed.state}/${viewed.acceptedBy?.clinicianId}`,
          `covered/${taker.clinicianId}`,
          'API',
        );
        const page = await (await open({ viewport: DESK })).newPage();
        await signInMe(page, base, requester);
        const item = (id: string) => page.locator(`#me-cover-list li[data-cover="${id}"]`);
        const said = await waitForText(
          item(ids.a),
          new RegExp(`^You asked for cover: Crisis, .+\\. Covered by ${taker.name}\\.`),
          'the requester sees it covered',
          SHOWS_WITHIN_MS,
        );

        // A window of someone else's shift: the API's reason lands beside "Starts".
        const { shifts } = await api.expect<{ shifts: Shift[] }>(
          200,
          'GET',
          `${servicePath}/shifts?from=${new Date(day0 + DAY).toISOString()}&to=${new Date(day0 + 3 * DAY).toISOString()}`,
          { key: admin },
        );
        const other = shifts.find(
          (s) =>
            s.clinicianId !== requester.clinicianId && Date.parse(s.end) - Date.parse(s.start) >= 2 * HOUR,
        );
        check(other, `someone else's shift between days ${AHEAD_DAYS + 1} and ${AHEAD_DAYS + 3}`);
        const form = page.locator('#me-cover-ask');
        const service = page.getByLabel('Service');
        checkEqual(await service.inputValue(), SERVICE_ID, 'the one service known is filled in');
        await page
          .getByLabel('Starts (your local time)')
          .fill(localInput(new Date(Date.parse(other.start) + HOUR / 2).toISOString()));
        await page
          .getByLabel('Ends (your local time)')
          .fill(localInput(new Date(Date.parse(other.start) + HOUR).toISOString()));
        await form.getByRole('button', { name: 'Ask colleagues' }).click();
        const beside = await waitForText(
          page.locator('#me-cover-start-error'),
          /^You are not on call for this service from \w{3} \d+ \w{3}, \d\d:\d\d$/,
          'the reason beside Starts',
          SHOWS_WITHIN_MS,
        );
        checkEqual(
          await page.locator('#me-cover-start').getAttribute('aria-invalid'),
          'true',
          'Starts marked',
        );
        checkEqual(
          await page.evaluate<string | null>('document.activeElement?.id ?? null'),
          'me-cover-start',
          'the focus on Starts',
        );
        const logged = diagnostics.problems.findIndex((p) => /status of 400 \(Bad Request\)/.test(p));
        check(logged >= 0, 'the 400 reached the browser');
        diagnostics.problems.splice(logged, 1);

        await page.getByLabel('Starts (your local time)').fill(localInput(asked.start));
        await page.getByLabel('Ends (your local time)').fill(localInput(asked.end));
        await page.getByLabel('Note for colleagues (optional)').fill('Dentist');
        await form.getByRole('button', { name: 'Ask colleagues' }).click();
        const done = await waitForText(
          page.locator('#me-cover-asked'),
          /^Asked: offered to 2 colleagues\.$/,
          'the ask answered',
          SHOWS_WITHIN_MS,
        );
        checkEqual(await page.locator('#me-cover-start-error').textContent(), '', 'the reason cleared');
        const mine = page.locator('#me-cover-list li[data-state="open"]', { hasText: 'Dentist' });
        await waitForText(
          mine,
          /Offered to colleagues, expires .+\./,
          'the new one is open',
          SHOWS_WITHIN_MS,
        );
        const askedId = (await mine.getAttribute('data-cover')) ?? '';
        check(askedId, 'the new request has a data-cover');
        await page.locator('#me-cover').scrollIntoViewIfNeeded();
        await save(page, 'cover-me-1280');
        await checkAccessible(page, 'me, cover (1280)');
        const rules = await checkAxe(page, 'me, cover (1280)');

        await item(askedId).getByRole('button', { name: 'Withdraw' }).click();
        await waitForText(item(askedId), /\. Withdrawn\./, 'withdrawn', SHOWS_WITHIN_MS);
        checkEqual((await cover(askedId)).state, 'cancelled', 'the API after Withdraw');
        return { said, beside, done, rules };
      },
      (r) =>
        `"${r.said.slice(0, 60)}…"; refused beside Starts: "${r.beside}"; "${r.done}"; withdrawn; axe 0 violations (${r.rules} rules pass)`,
    );

    // ---- 4. The board: an inactive colleague's shifts are gaps, with why -------------------------------
    await ctx.step(
      'cover: the board marks an inactive clinician’s shifts as gaps, with the reason',
      async () => {
        await api.expect(200, 'PUT', `${clinicPath}/clinicians/${third.clinicianId}`, {
          key: admin,
          json: { name: third.name, active: false },
        });
        const desk = await (await open({ viewport: DESK })).newPage();
        await signInBoard(desk, base, admin);
        const card = desk.locator('article', {
          has: desk.getByRole('heading', { name: 'Crisis', exact: true }),
        });
        await card.locator('.seg.gap').first().waitFor();
        await card.getByText(/^Shifts as a list/).click();
        const row = await waitForText(
          card.locator('td', { hasText: `Nobody: ${third.name} is marked inactive` }).first(),
          new RegExp(`^Nobody: ${third.name} is marked inactive$`),
          'a gap row naming the inactive clinician',
          SHOWS_WITHIN_MS,
        );
        await save(desk, 'cover-board-inactive-1280');
        await checkAxe(desk, 'board with an inactive clinician (1280)');
        return row;
      },
      (row) => `"${row}" in the shift list; the strip shows the gap`,
    );
  } finally {
    await api
      .call('PUT', `${clinicPath}/clinicians/${third.clinicianId}`, {
        key: admin,
        json: { name: third.name, active: true },
      })
      .catch(() => undefined);
    // Leave the e2e clinic's rota as it was: every override on the scenario's days, open requests cancelled.
    const { items } = await api.expect<{ items: Array<CoverView & Window> }>(
      200,
      'GET',
      `${clinicPath}/cover-requests`,
      { key: admin },
    );
    for (const c of items.filter((c) => c.open && Date.parse(c.start) >= day0))
      await api.call('POST', `${clinicPath}/cover-requests/${c.coverId}/cancel`, { key: admin });
    const { overrides } = await api.expect<{ overrides: Array<Window & { overrideId: string }> }>(
      200,
      'GET',
      `${servicePath}/overrides?limit=100`,
      { key: admin },
    );
    for (const o of overrides.filter(
      (o) => Date.parse(o.start) >= day0 && Date.parse(o.end) <= day0 + 2 * DAY,
    ))
      await api.call('DELETE', `${servicePath}/overrides/${o.overrideId}`, { key: admin });
    await closeAll();
  }
}
