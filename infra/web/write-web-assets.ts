// Run by CDK after bundling the `web` function: writes web-assets.json into its output directory.
// Usage: tsx infra/web/write-web-assets.ts <output dir>
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WEB_ASSETS_FILE } from '../../functions/web/assets-file.js';
import { buildWebAssets } from './build-web-assets.js';

const outputDir = process.argv[2];
if (!outputDir) {
  console.error('usage: write-web-assets.ts <output dir>');
  process.exit(2);
}
const assets = await buildWebAssets();
await writeFile(join(outputDir, WEB_ASSETS_FILE), JSON.stringify(Object.fromEntries(assets)));
