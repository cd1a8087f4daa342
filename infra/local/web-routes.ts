// The web interface on the local stack: the same pages and serving code as the deployed `web`
// function (functions/web/serve.ts), with the files bundled on demand and again whenever a file under
// web/ or the OpenAPI document (docs/openapi.json, at /openapi.json) changes (edit, reload: no restart
// needed).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HttpHandler } from '../../functions/http/http-route.js';
import type { RouteDefinition } from '../../functions/routes.js';
import {
  LOCAL_WEB_SITE,
  serveWeb,
  WEB_ASSET_PATH,
  WEB_PAGES,
  WEB_SECURITY_HEADERS,
  type WebAssets,
  type WebSite,
} from '../../functions/web/serve.js';
import { buildWebAssets, OPENAPI_DOCUMENT, WEB_DIR } from '../web/build-web-assets.js';

export { WEB_CSP } from '../../functions/web/serve.js';
export { WEB_DIR };

const page = (name: string, path: string): RouteDefinition => ({
  name,
  method: 'GET',
  path,
  auth: 'none',
  tableAccess: 'none',
});

/** The pages and assets; `web-phones` is local-only (it reads the local outbox), like /local/*. */
export const webRoutes: readonly RouteDefinition[] = [
  ...Object.entries(WEB_PAGES).map(([path, { name }]) => page(name, path)),
  page('web-asset', WEB_ASSET_PATH),
];

export interface WebOptions {
  /** The pages served and how: the local stack's (the phones page, hints about `npm start`) by default. */
  site?: WebSite;
  /** Where the static files are (tests); web/ of this repository by default. */
  dir?: string;
  /** The OpenAPI document served at /openapi.json (tests); docs/openapi.json by default. */
  openApiDocument?: string;
  onError?(error: unknown): void;
}

async function newestChange(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  return newest;
}

const failed = (): APIGatewayProxyResult => ({
  statusCode: 500,
  headers: { ...WEB_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  body: 'the web interface could not be served: see the server log',
});

export function webHandlers(options: WebOptions = {}): Record<string, HttpHandler> {
  const dir = options.dir ?? WEB_DIR;
  const openApiDocument = options.openApiDocument ?? OPENAPI_DOCUMENT;
  const site = options.site ?? LOCAL_WEB_SITE;
  let cache: { at: number; assets: Promise<WebAssets> } | null = null;

  const assets = async (): Promise<WebAssets> => {
    const at = Math.max(await newestChange(dir), (await stat(openApiDocument)).mtimeMs);
    if (!cache || cache.at !== at) {
      const built = buildWebAssets(dir, openApiDocument);
      cache = { at, assets: built };
      built.catch(() => (cache = null));
    }
    return cache.assets;
  };

  const handler: HttpHandler = async (event) => {
    try {
      return serveWeb(await assets(), event, site);
    } catch (error) {
      options.onError?.(error);
      return failed();
    }
  };
  return Object.fromEntries(webRoutes.map((route) => [route.name, handler]));
}
