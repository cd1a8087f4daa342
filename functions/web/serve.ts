// Serving the web interface: the pages at /, /intake, /board, /me, /api and /phones (local only), the
// OpenAPI document at /openapi.json, their CSS and scripts under /assets/. The same code answers on the
// local stack and in the deployed `web` function; only where the files come from differs (bundled on
// demand locally, shipped in the bundle in AWS).
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** Every file the web interface serves, by name: the pages, the bundled scripts and the stylesheet. */
export type WebAssets = Map<string, { type: string; body: string }>;

/**
 * Scripts only from this origin, no inline code or styles, API calls only to this origin. Pages link with
 * relative URLs, so they work at the root (local stack, custom domain) and under a stage path (/prod/).
 */
export const WEB_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'; worker-src 'self'";

export const WEB_SECURITY_HEADERS = {
  'content-security-policy': WEB_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export interface WebPage {
  name: string;
  file: string;
  localOnly?: boolean;
}

/** Page routes by path; `localOnly` pages read the local outbox and exist on the local stack only. */
export const WEB_PAGES: Record<string, WebPage> = {
  '/': { name: 'web-home', file: 'index.html' },
  '/intake': { name: 'web-intake', file: 'intake.html' },
  '/board': { name: 'web-board', file: 'board.html' },
  '/me': { name: 'web-me', file: 'me.html' },
  '/admin': { name: 'web-admin', file: 'admin.html' },
  // The API reference: the OpenAPI document (docs/openapi.json) and the page that renders it.
  '/api': { name: 'web-api', file: 'api.html' },
  '/openapi.json': { name: 'web-openapi', file: 'openapi.json' },
  '/phones': { name: 'web-phones', file: 'phones.html', localOnly: true },
};
export const WEB_ASSET_PATH = '/assets/{file}';

/** What one stack serves: its pages by path, and which stack it is (the pages show their local-only parts). */
export interface WebSite {
  readonly pages: Readonly<Record<string, WebPage>>;
  readonly stack: 'local' | 'aws';
}

/** The deployed `web` function's site: every page but the local-only ones. */
export const DEPLOYED_WEB_SITE: WebSite = {
  pages: Object.fromEntries(Object.entries(WEB_PAGES).filter(([, page]) => !page.localOnly)),
  stack: 'aws',
};

/** The local stack's site: every page, the phones view included, with the hints about `npm start`. */
export const LOCAL_WEB_SITE: WebSite = { pages: WEB_PAGES, stack: 'local' };

const notFound = (): APIGatewayProxyResult => ({
  statusCode: 404,
  headers: {
    ...WEB_SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  },
  body: 'not found',
});

/**
 * Where the site's root is, as the browser sees it: "/" locally or behind a custom domain, "/prod/" on
 * the execute-api URL (API Gateway passes the resource path in `path`, the full one in requestContext).
 */
export function siteBase(event: APIGatewayProxyEvent): string {
  const full = (event.requestContext?.path ?? event.path).replace(/\/+$/, '');
  const own = event.path.replace(/\/+$/, '');
  const prefix = full.endsWith(own) ? full.slice(0, full.length - own.length) : '';
  return `${prefix}/`;
}

/** One page or asset of `site`, given by its composition root (the deployed function or the local stack). */
export function serveWeb(
  assets: WebAssets,
  event: APIGatewayProxyEvent,
  site: WebSite,
): APIGatewayProxyResult {
  if (event.resource === WEB_ASSET_PATH || event.path.startsWith('/assets/')) {
    const name = event.pathParameters?.file ?? event.path.slice('/assets/'.length);
    const asset = /^[\w.-]+\.(js|css|webmanifest)$/.test(name) ? assets.get(name) : undefined;
    if (!asset) return notFound();
    return {
      statusCode: 200,
      headers: { ...WEB_SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' },
      body: asset.body,
    };
  }
  const route = site.pages[event.resource ?? event.path] ?? site.pages[event.path];
  const page = route ? assets.get(route.file) : undefined;
  if (!page) return notFound();
  // https://<api>/prod without the slash: relative links would resolve outside the stage.
  const full = event.requestContext?.path ?? event.path;
  if ((event.resource ?? event.path) === '/' && !full.endsWith('/'))
    return {
      statusCode: 301,
      headers: { ...WEB_SECURITY_HEADERS, location: siteBase(event), 'cache-control': 'no-store' },
      body: '',
    };
  const root = site.stack === 'local' ? '<html lang="en" data-stack="local">' : '<html lang="en">';
  return {
    statusCode: 200,
    headers: { ...WEB_SECURITY_HEADERS, 'content-type': page.type, 'cache-control': 'no-store' },
    body: page.body.replace('<html lang="en">', root),
  };
}
