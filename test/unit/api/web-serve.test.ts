import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  DEPLOYED_WEB_SITE,
  LOCAL_WEB_SITE,
  serveWeb,
  siteBase,
  WEB_CSP,
  type WebAssets,
} from '../../../functions/web/serve.js';

const assets: WebAssets = new Map([
  ['index.html', { type: 'text/html; charset=utf-8', body: '<html lang="en"><a href="intake">x</a></html>' }],
  ['intake.html', { type: 'text/html; charset=utf-8', body: '<html lang="en">intake</html>' }],
  ['phones.html', { type: 'text/html; charset=utf-8', body: '<html lang="en">phones</html>' }],
  ['intake.js', { type: 'text/javascript; charset=utf-8', body: 'console.log(1)' }],
]);

/** As API Gateway sends it: `path` is the resource path, requestContext.path includes the stage. */
const event = (resource: string, path: string, full: string, file?: string) =>
  ({
    resource,
    path,
    requestContext: { path: full },
    pathParameters: file ? { file } : null,
  }) as unknown as APIGatewayProxyEvent;

describe('web interface served from the API', () => {
  it.each([
    ['/', '/', '/', '/'],
    ['/', '/', '/prod/', '/prod/'],
    ['/', '/', '/prod', '/prod/'],
    ['/intake', '/intake', '/prod/intake', '/prod/'],
    ['/intake', '/intake', '/intake', '/'],
  ])('finds the site root of %s requested as %s (%s) → %s', (resource, path, full, base) => {
    expect(siteBase(event(resource, path, full))).toBe(base);
  });

  it('redirects the stage root without its slash, so relative links stay under the stage', () => {
    const r = serveWeb(assets, event('/', '/', '/prod'), DEPLOYED_WEB_SITE);
    expect(r.statusCode).toBe(301);
    expect(r.headers?.location).toBe('/prod/');
  });

  it('serves pages with the CSP and no caching, and marks the local stack', () => {
    const aws = serveWeb(assets, event('/intake', '/intake', '/prod/intake'), DEPLOYED_WEB_SITE);
    expect(aws).toMatchObject({ statusCode: 200, body: '<html lang="en">intake</html>' });
    expect(aws.headers).toMatchObject({ 'content-security-policy': WEB_CSP, 'cache-control': 'no-store' });
    const local = serveWeb(assets, event('/intake', '/intake', '/intake'), LOCAL_WEB_SITE);
    expect(local.body).toContain('data-stack="local"');
  });

  it('keeps the local-only phone view off the deployed API', () => {
    expect(serveWeb(assets, event('/phones', '/phones', '/prod/phones'), DEPLOYED_WEB_SITE).statusCode).toBe(
      404,
    );
    expect(serveWeb(assets, event('/phones', '/phones', '/phones'), LOCAL_WEB_SITE).statusCode).toBe(200);
  });

  it('serves only known scripts and styles by plain names', () => {
    const ok = serveWeb(
      assets,
      event('/assets/{file}', '/assets/intake.js', '/prod/assets/intake.js', 'intake.js'),
      DEPLOYED_WEB_SITE,
    );
    expect(ok).toMatchObject({ statusCode: 200, body: 'console.log(1)' });
    for (const file of ['index.html', '../intake.js', 'nope.js'])
      expect(
        serveWeb(
          assets,
          event('/assets/{file}', `/assets/${file}`, `/assets/${file}`, file),
          DEPLOYED_WEB_SITE,
        ).statusCode,
      ).toBe(404);
  });
});

describe('the installable My contacts app', () => {
  const withManifest: WebAssets = new Map([
    ...assets,
    ['manifest.webmanifest', { type: 'application/manifest+json; charset=utf-8', body: '{"name":"x"}' }],
    ['sw.js', { type: 'text/javascript; charset=utf-8', body: 'self' }],
  ]);

  it('serves its manifest and service worker as assets, under the CSP that allows exactly those', () => {
    const manifest = serveWeb(
      withManifest,
      event(
        '/assets/{file}',
        '/assets/manifest.webmanifest',
        '/prod/assets/manifest.webmanifest',
        'manifest.webmanifest',
      ),
      DEPLOYED_WEB_SITE,
    );
    expect(manifest).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/manifest+json; charset=utf-8' },
    });
    const worker = serveWeb(
      withManifest,
      event('/assets/{file}', '/assets/sw.js', '/assets/sw.js', 'sw.js'),
      LOCAL_WEB_SITE,
    );
    expect(worker.headers?.['content-type']).toMatch(/^text\/javascript/);
    expect(WEB_CSP).toContain("manifest-src 'self'");
    expect(WEB_CSP).toContain("worker-src 'self'");
  });

  it('is a page of the deployed site too (a clinician manages their methods from their phone)', () => {
    expect(DEPLOYED_WEB_SITE.pages['/me']?.file).toBe('me.html');
  });
});
