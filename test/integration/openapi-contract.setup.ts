// The contract test: every answer an integration test gets from a local stack over HTTP is held to
// docs/openapi.json (status documented for the operation, content type, body schema). A mismatch rejects
// the test's fetch, so the test fails where it happened. Pages of the web interface and the local-only
// /local/* routes are not part of the API document and pass unchecked.
// Which operations and statuses were seen: test-artifacts/openapi-contract/<test file>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from '@jest/globals';
import { WEB_ASSET_PATH, WEB_PAGES } from '../../functions/web/serve.js';
import { OpenApiContract } from '../support/openapi-contract.js';

const contract = OpenApiContract.fromFile();
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const NOT_API = (path: string) =>
  path.startsWith('/local/') || path.startsWith(WEB_ASSET_PATH.replace('{file}', '')) || path in WEB_PAGES;
const seen = new Map<string, number>();

const realFetch = globalThis.fetch;

function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return { url: new URL(url), method: method.toUpperCase() };
}

globalThis.fetch = async function fetchHeldToTheContract(input, init) {
  const response = await realFetch(input, init);
  const sent = requestOf(input, init);
  // A followed redirect (303 from a form post) ends in a GET of where it led.
  const url = response.redirected ? new URL(response.url) : sent.url;
  const method = response.redirected ? 'GET' : sent.method;
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || NOT_API(url.pathname)) return response;
  const verdict = contract.check({
    method,
    path: url.pathname,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.clone().text(),
  });
  const key = `${verdict.operation ?? `${method} (no such path)`} ${response.status}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
  if (verdict.problems.length)
    throw new Error(
      `the answer to ${method} ${url.pathname} does not match docs/openapi.json:\n  ${verdict.problems.join('\n  ')}\n` +
        'Document it in infra/openapi/ and run `npm run openapi` (or, if the answer is wrong, fix the product).',
    );
  return response;
};

afterAll(() => {
  const testPath = expect.getState().testPath ?? 'unknown';
  const dir = fileURLToPath(new URL('../../test-artifacts/openapi-contract/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const counts = Object.fromEntries([...seen].sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(join(dir, `${basename(testPath, '.ts')}.json`), `${JSON.stringify(counts, null, 2)}\n`);
});
