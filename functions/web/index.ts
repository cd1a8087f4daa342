import { readFileSync } from 'node:fs';
import { WEB_ASSETS_FILE } from './assets-file.js';
import { createHandler } from './handler.js';
import { DEPLOYED_WEB_SITE, type WebAssets } from './serve.js';

// Read once per cold start: ~60 KB of pages, styles and scripts shipped beside this bundle.
const files = JSON.parse(readFileSync(new URL(`./${WEB_ASSETS_FILE}`, import.meta.url), 'utf8')) as Record<
  string,
  { type: string; body: string }
>;
const assets: WebAssets = new Map(Object.entries(files));

export const handler = createHandler(assets, DEPLOYED_WEB_SITE);
