// Security headers on every HTML page the ack link can produce (confirm, accepted with the caller's details,
// declined, used, closed, invalid, bad form, too large), through real HTTP on the local stack: a CSP that
// allows no script, no framing and posts only to this origin; nosniff; no referrer; never cached. Also the
// JSON answers (never cached, never sniffed), and that the confirm page's form posts back to the link's own
// URL when the API is served under a stage path (the default execute-api URL).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createHandler as ackPage } from '../../functions/ack-page/handler.js';
import { submitRequest } from '../../shared/app/requests/submit-request.js';
import { apiEvent, lambdaContext } from '../unit/api/events.js';
import { body, CLINIC_ID, harness, intake, seedClinic } from '../unit/requests/fakes.js';
import { silentLogger } from './support/aws-world.js';
import {
  CALLBACK,
  createClinic,
  expectStatus,
  pageFor,
  rawRequest,
  startStack,
  submit,
  tokenOf,
  type HardeningStack,
  type TestClinic,
} from './support/local.js';

jest.setTimeout(60_000);

function csp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name = '', ...values] = part.split(/\s+/);
    directives.set(name.toLowerCase(), values);
  }
  return directives;
}

interface Page {
  label: string;
  status: number;
  headers: Headers;
  html: string;
}

/** What every HTML page must carry, whatever it says. */
function expectHardenedHtml(page: Page): void {
  const h = page.headers;
  expect(h.get('content-type')).toBe('text/html; charset=utf-8');
  const policy = csp(h.get('content-security-policy'));
  expect(policy.get('default-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('form-action')).toEqual(["'self'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  expect(policy.has('script-src')).toBe(false); // falls back to default-src 'none': no script at all
  expect(h.get('content-security-policy')).not.toMatch(/unsafe-eval|\*|http:/);
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('referrer-policy')).toBe('no-referrer');
  expect(h.get('x-frame-options')).toBe('DENY');
  const cache = h.get('cache-control') ?? '';
  expect(cache).toMatch(/no-store/);
  expect(cache).not.toMatch(/public|s-maxage|max-age=[1-9]/);
  expect(h.get('pragma')).toBe('no-cache');
  // The markup holds nothing the policy would have to block.
  expect(page.html).not.toMatch(/<script|<iframe|<object|<embed|<link\b|javascript:/i);
  expect(page.html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(page.html).not.toMatch(/(src|href|action)="(https?:)?\/\//i);
  expect(page.html).toContain('<meta name="robots" content="noindex, nofollow">');
}

describe(`security headers on the ack pages over HTTP on the local stack (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  let clinic: TestClinic;
  const pages: Page[] = [];

  async function fresh() {
    const requestId = expectStatus(await submit(h.call, clinic), 202).body.requestId as string;
    return { requestId, token: tokenOf(await pageFor(h, requestId, clinic.phones.c1 as string)) };
  }
  async function page(label: string, path: string, init: RequestInit = {}): Promise<Page> {
    const res = await fetch(`${h.stack.url}${path}`, init);
    const p = { label, status: res.status, headers: res.headers, html: await res.text() };
    pages.push(p);
    return p;
  }
  const form = (action: string, contentType = 'application/x-www-form-urlencoded'): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': contentType },
    body: `action=${action}`,
  });

  beforeAll(async () => {
    h = await startStack();
    clinic = await createClinic(h.call, 'headers-html', 70);
    const a = await fresh();
    await page('confirm (GET, open request)', `/ack/${a.token}`);
    await page('invalid link (GET, forged token)', `/ack/${randomBytes(16).toString('base64url')}`);
    await page(
      'invalid link (POST, forged token)',
      `/ack/${randomBytes(16).toString('base64url')}`,
      form('acknowledge'),
    );
    await page('bad form (no action)', `/ack/${a.token}`, form('maybe'));
    await page('bad form (JSON body)', `/ack/${a.token}`, form('acknowledge', 'application/json'));
    await page('accepted (POST, redirected to the case page)', `/ack/${a.token}`, form('acknowledge'));
    await page('used link (POST again)', `/ack/${a.token}`, form('acknowledge'));
    await page('used link (GET after use: "Open the case")', `/ack/${a.token}`);
    const b = await fresh();
    await page('declined (POST)', `/ack/${b.token}`, form('decline'));
    const c = await fresh();
    expectStatus(
      await h.call('POST', `/v1/clinics/${clinic.clinicId}/requests/${c.requestId}/cancel`, {
        key: clinic.intake,
      }),
      200,
    );
    await page('closed request (GET)', `/ack/${c.token}`);
    const big = await rawRequest(`${h.stack.url}/ack/${(await fresh()).token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `action=acknowledge&pad=${'x'.repeat(70_000)}`,
    });
    pages.push({
      label: 'form too large (POST > 64 KB)',
      status: big.status,
      headers: new Headers(
        Object.entries(big.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
      ),
      html: big.body,
    });
  });
  afterAll(async () => {
    console.log(`ack pages checked:\n${pages.map((p) => `  ${String(p.status)} ${p.label}`).join('\n')}`);
    await h?.close();
  });

  it('serves each kind of ack page with its expected status', () => {
    expect(pages.map((p) => [p.label, p.status])).toEqual([
      ['confirm (GET, open request)', 200],
      ['invalid link (GET, forged token)', 404],
      ['invalid link (POST, forged token)', 404],
      ['bad form (no action)', 400],
      ['bad form (JSON body)', 400],
      ['accepted (POST, redirected to the case page)', 200],
      ['used link (POST again)', 409],
      ['used link (GET after use: "Open the case")', 200],
      ['declined (POST)', 200],
      ['closed request (GET)', 409],
      ['form too large (POST > 64 KB)', 413],
    ]);
  });

  it('sends CSP (no script, no framing, forms to self only), nosniff, no-referrer, X-Frame-Options DENY and no-store on every one of them', () => {
    for (const p of pages) {
      try {
        expectHardenedHtml(p);
      } catch (error) {
        throw new Error(`${p.label}: ${(error as Error).message}`);
      }
    }
  });

  it('shows the caller’s details only on the accepted page, which is never cached', () => {
    const accepted = pages.find((p) => p.label.startsWith('accepted'));
    expect(accepted?.html).toContain(`tel:${CALLBACK}`);
    for (const p of pages.filter((x) => x !== accepted)) expect(p.html).not.toContain(CALLBACK);
    expect(accepted?.headers.get('cache-control')).toContain('no-store');
  });

  it('never caches or lets a browser sniff a JSON answer: request with details, error, unknown route, 401, 405', async () => {
    const { requestId } = await fresh();
    await h.call('POST', `/v1/clinics/${clinic.clinicId}/requests/${requestId}/acknowledge`, {
      key: clinic.clinicians.c1,
    });
    const answers = await Promise.all([
      fetch(`${h.stack.url}/v1/clinics/${clinic.clinicId}/requests/${requestId}`, {
        headers: { authorization: `Bearer ${clinic.clinicians.c1}` },
      }),
      fetch(`${h.stack.url}/v1/clinics/${clinic.clinicId}/requests/${requestId}`, {
        headers: { authorization: `Bearer ${clinic.intake}` },
      }),
      fetch(`${h.stack.url}/v1/clinics/${clinic.clinicId}/requests/req_nope`, {
        headers: { authorization: `Bearer ${clinic.intake}` },
      }),
      fetch(`${h.stack.url}/v1/nothing-here`),
      fetch(`${h.stack.url}/v1/clinics/${clinic.clinicId}`),
      fetch(`${h.stack.url}/health`, { method: 'DELETE' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 404, 401, 405]);
    expect(((await answers[0]?.json()) as { callbackPhone?: string }).callbackPhone).toBe(CALLBACK);
    for (const a of answers) {
      expect(a.headers.get('content-type')).toMatch(/^application\/json/);
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      expect(a.headers.get('cache-control')).toContain('no-store');
    }
  });
});

describe('the confirm page behind an API stage path', () => {
  // Defect D4 (fixed): the form posted to the absolute path "/ack/<token>", which drops the API stage of the
  // default PUBLIC_BASE_URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>): API Gateway answered
  // 403. The forms now have no action, so they post back to the link's own URL.
  it('posts the Accept and Decline forms back to the very URL of the link in the page', async () => {
    const h = harness();
    await seedClinic(h.clinics);
    h.deps.publicBaseUrl = 'https://abc123defg.execute-api.eu-west-2.amazonaws.com/prod';
    await submitRequest(h.deps, intake, CLINIC_ID, 'stage-path-key-01', body());
    const link = h.pager.sent[0]?.ackUrl ?? '';
    expect(link.startsWith(`${h.deps.publicBaseUrl}/ack/`)).toBe(true);
    const token = link.slice(link.lastIndexOf('/') + 1);
    // What API Gateway hands the function for GET https://abc123defg…/prod/ack/<token>.
    const event = apiEvent({ method: 'GET', resource: '/ack/{token}', pathParameters: { token } });
    const result = await ackPage(h.deps, silentLogger())(event, lambdaContext('ack-page'));
    expect(result.statusCode).toBe(200);
    const decode = (s: string) =>
      s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
    const forms = [...result.body.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
    expect(forms).toHaveLength(2);
    for (const tag of forms) {
      const action = /\saction="([^"]*)"/.exec(tag)?.[1];
      const target = action === undefined ? link : new URL(decode(action), link).href;
      expect(target).toBe(link);
    }
  });
});
