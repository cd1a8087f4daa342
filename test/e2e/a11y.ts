// Accessibility checks run in the page: axe-core (WCAG 2.2 A/AA and best practice, zero violations) and a
// keyboard walk that records where Tab goes and whether the focus can be seen there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { E2eFailure } from '../../scripts/e2e/assert.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>;
  passes: unknown[];
}

/** Runs axe on the page as it is now; fails naming each rule and the first elements that break it. */
export async function checkAxe(page: Page, what: string): Promise<number> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<AxeResult>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })`,
  );
  if (result.violations.length)
    throw new E2eFailure(
      `${what}: axe found ${result.violations.length} violation(s):\n  ${result.violations
        .map(
          (v) =>
            `${v.id} (${v.help}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(', ')}`,
        )
        .join('\n  ')}`,
    );
  return result.passes.length;
}

export interface FocusStop {
  /** tag#id.class and the accessible text, enough to recognise it in a failure message. */
  label: string;
  /** An outline or a box-shadow is drawn around it. */
  visible: boolean;
}

// Plain JavaScript in the page (the repo's tsconfig has no DOM types).
const FOCUS_STOP = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return { label: 'body', visible: false };
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  const cls = typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : '';
  return { label: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls + ' "' + text + '"', visible: outline || !!ring };
})()`;

/** Presses Tab until `done` says stop (or `max` presses); returns every stop on the way. */
export async function tabUntil(
  page: Page,
  done: (stop: FocusStop) => boolean,
  max = 80,
): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let n = 0; n < max; n++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate<FocusStop>(FOCUS_STOP);
    stops.push(stop);
    if (!stop.visible)
      throw new E2eFailure(`keyboard: no visible focus on ${stop.label} (after ${n + 1} Tab presses)`);
    if (done(stop)) return stops;
  }
  throw new E2eFailure(
    `keyboard: not reached in ${max} Tab presses; went ${stops.map((s) => s.label).join(' → ')}`,
  );
}
