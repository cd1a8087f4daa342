// Every page gets the same main navigation from one list (infra/web/build-web-assets.ts), the link to
// itself marked as the current page, so no page leaves a part of the interface unreachable.
import { describe, expect, it } from '@jest/globals';
import { buildWebAssets } from '../../../infra/web/build-web-assets.js';
import { WEB_PAGES } from '../../../functions/web/serve.js';

const LINKS = ['intake', 'board', 'me', 'admin', 'api', 'phones'];

describe('main navigation', () => {
  it('is on every page, with every link, and marks the page itself', async () => {
    const assets = await buildWebAssets();
    const pages = Object.values(WEB_PAGES).filter(({ file }) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(7);
    for (const { file } of pages) {
      const html = assets.get(file)?.body ?? '';
      expect([file, html.includes('main-nav')]).toEqual([file, false]);
      const nav = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
      expect([file, [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1])]).toEqual([file, LINKS]);
      const current = [...nav.matchAll(/href="([^"]+)" aria-current="page"/g)].map((m) => m[1]);
      const self = file.replace(/\.html$/, '');
      expect([file, current]).toEqual([file, LINKS.includes(self) ? [self] : []]);
    }
  });
});
