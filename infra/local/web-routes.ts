// The web interface (issue 7) on the local stack: pages at /, /intake, /board and /phones (local only),
// their CSS and scripts under /assets/. Browser code is TypeScript in web/src, bundled by esbuild when first
// asked for (and again when a file under web/ changes), so there is no build step and nothing to commit.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { build } from 'esbuild';
import type { HttpHandler } from '../../functions/http/http-route.js';
import type { RouteDefinition } from '../../functions/routes.js';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** Scripts only from this origin, no inline code or styles, API calls only to this origin. */
export const WEB_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': WEB_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const PAGES: Record<string, { file: string; localOnly?: boolean }> = {
  'web-home': { file: 'index.html' },
  'web-intake': { file: 'intake.html' },
  'web-board': { file: 'board.html' },
  'web-phones': { file: 'phones.html', localOnly: true },
};

/** Browser entry points: web/src/<name>.ts is served as /assets/<name>.js. */
const SCRIPTS = ['intake', 'board', 'phones'] as const;
const STYLES = ['app.css'] as const;

const page = (name: string, path: string): RouteDefinition => ({
  name,
  method: 'GET',
  path,
  auth: 'none',
  tableAccess: 'none',
});

/** The pages and assets; `web-phones` is local-only (it reads the local outbox), like /local/*. */
export const webRoutes: readonly RouteDefinition[] = [
  page('web-home', '/'),
  page('web-intake', '/intake'),
  page('web-board', '/board'),
  page('web-phones', '/phones'),
  page('web-asset', '/assets/{file}'),
];

export interface WebOptions {
  /** 'local' shows the local-only parts (the phones page, hints about `npm start`). */
  stack?: 'local' | 'aws';
  /** Where the static files are (tests); web/ of this repository by default. */
  dir?: string;
  onError?(error: unknown): void;
}

/** Every file the web interface serves, by name: the pages, the bundled scripts and the stylesheet. */
export type WebAssets = Map<string, { type: string; body: string }>;

async function newestChange(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  return newest;
}

/**
 * Reads the pages and the stylesheet and bundles web/src/<name>.ts into <name>.js with esbuild. A deployed
 * `web` function would run this at synth time and ship the result; the local stack runs it on demand.
 */
export async function buildWebAssets(dir: string = WEB_DIR): Promise<WebAssets> {
  const result = await build({
    entryPoints: Object.fromEntries(SCRIPTS.map((name) => [name, join(dir, 'src', `${name}.ts`)])),
    bundle: true,
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
  for (const { file } of Object.values(PAGES))
    assets.set(file, { type: 'text/html; charset=utf-8', body: await readFile(join(dir, file), 'utf8') });
  return assets;
}

const notFound = (): APIGatewayProxyResult => ({
  statusCode: 404,
  headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: 'not found',
});

export function webHandlers(options: WebOptions = {}): Record<string, HttpHandler> {
  const dir = options.dir ?? WEB_DIR;
  const local = (options.stack ?? 'local') === 'local';
  let cache: { at: number; assets: Promise<WebAssets> } | null = null;

  /** Built once, and again whenever a file under web/ changes (edit, reload: no restart needed). */
  const assets = async (): Promise<WebAssets> => {
    const at = await newestChange(dir);
    if (!cache || cache.at !== at) {
      const built = buildWebAssets(dir);
      cache = { at, assets: built };
      built.catch(() => (cache = null));
    }
    return cache.assets;
  };

  const guarded =
    (serve: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>): HttpHandler =>
    async (event) => {
      try {
        return await serve(event);
      } catch (error) {
        options.onError?.(error);
        return {
          statusCode: 500,
          headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
          body: 'the web interface could not be served: see the server log',
        };
      }
    };

  const handlers: Record<string, HttpHandler> = {
    'web-asset': guarded(async (event) => {
      const name = event.pathParameters?.file ?? '';
      const asset = /\.(js|css)$/.test(name) ? (await assets()).get(name) : undefined;
      if (!asset) return notFound();
      return {
        statusCode: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' },
        body: asset.body,
      };
    }),
  };
  for (const [name, { file, localOnly }] of Object.entries(PAGES)) {
    handlers[name] = guarded(async () => {
      const page = (await assets()).get(file);
      if (!page || (localOnly && !local)) return notFound();
      // The local stack shows its local-only parts (class="local-only": the phones link, npm start hints).
      const body = local
        ? page.body.replace('<html lang="en">', '<html lang="en" data-stack="local">')
        : page.body;
      return {
        statusCode: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': page.type, 'cache-control': 'no-store' },
        body,
      };
    });
  }
  return handlers;
}
