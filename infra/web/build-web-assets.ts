// Builds the web interface's files: the pages and stylesheet as they are, web/src/<name>.ts bundled by
// esbuild into <name>.js. The local stack calls this on demand; `cdk synth` writes the result next to the
// deployed `web` function (write-web-assets.ts), so there is no build step and nothing generated to commit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WEB_PAGES, type WebAssets } from '../../functions/web/serve.js';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
/** The OpenAPI document (`npm run openapi` writes it), served at /openapi.json beside the pages. */
export const OPENAPI_DOCUMENT = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

/** Browser entry points: web/src/<name>.ts is served as /assets/<name>.js. */
const SCRIPTS = ['intake', 'board', 'phones', 'me', 'sw', 'api', 'admin'] as const;
/** Served as they are, like the stylesheet. */
const FILES = [['manifest.webmanifest', 'application/manifest+json; charset=utf-8']] as const;
const STYLES = ['app.css'] as const;

/** Every page's main navigation, in one place: [href, label, local stack only]. */
const MAIN_NAV: ReadonlyArray<readonly [string, string, boolean]> = [
  ['intake', 'Intake', false],
  ['board', 'On-call board', false],
  ['me', 'My contacts', false],
  ['admin', 'Admin', false],
  ['api', 'API', false],
  ['phones', 'Phones', true],
];
const NAV_MARKER = /^( *)<!-- main-nav[^>]*-->$/m;

/** The page with its navigation filled in, the link to itself marked as the current page. */
export function withMainNav(file: string, html: string): string {
  const self = file.replace(/\.html$/, '');
  return html.replace(NAV_MARKER, (_line, indent: string) => {
    const links = MAIN_NAV.map(
      ([href, label, localOnly]) =>
        `${indent}  <a ${localOnly ? 'class="local-only" ' : ''}href="${href}"${href === self ? ' aria-current="page"' : ''}>${label}</a>`,
    );
    return [`${indent}<nav aria-label="Main">`, ...links, `${indent}</nav>`].join('\n');
  });
}

export async function buildWebAssets(
  dir: string = WEB_DIR,
  openApiDocument: string = OPENAPI_DOCUMENT,
): Promise<WebAssets> {
  const result = await build({
    entryPoints: Object.fromEntries(SCRIPTS.map((name) => [name, join(dir, 'src', `${name}.ts`)])),
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    outdir: '/assets',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets: WebAssets = new Map();
  for (const file of result.outputFiles)
    assets.set(file.path.split('/').pop() ?? '', { type: 'text/javascript; charset=utf-8', body: file.text });
  for (const name of STYLES)
    assets.set(name, { type: 'text/css; charset=utf-8', body: await readFile(join(dir, name), 'utf8') });
  for (const [name, type] of FILES) assets.set(name, { type, body: await readFile(join(dir, name), 'utf8') });
  for (const { file } of Object.values(WEB_PAGES))
    assets.set(
      file,
      file.endsWith('.json')
        ? // Served without the committed file's indentation: half the size, the same document.
          {
            type: 'application/json; charset=utf-8',
            body: JSON.stringify(JSON.parse(await readFile(openApiDocument, 'utf8'))),
          }
        : {
            type: 'text/html; charset=utf-8',
            body: withMainNav(file, await readFile(join(dir, file), 'utf8')),
          },
    );
  return assets;
}
