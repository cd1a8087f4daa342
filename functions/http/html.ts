import type { APIGatewayProxyResult } from 'aws-lambda';

/** Everything user- or admin-supplied goes through this before it reaches HTML. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// No scripts at all on these pages; inline styles only; no framing; forms post back to this origin only.
// no-referrer keeps the token in the URL from leaking to any link the page might hold.
export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store, max-age=0',
  pragma: 'no-cache',
};

export function htmlPage(statusCode: number, title: string, body: string): APIGatewayProxyResult {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:1.25rem;max-width:34rem;margin-inline:auto;color:#111;background:#fff;line-height:1.45}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
.tag{display:inline-block;padding:.15rem .5rem;border-radius:.3rem;background:#b00020;color:#fff;font-weight:700;letter-spacing:.03em}
.muted{color:#444}
form{margin:0}
button{display:block;width:100%;font-size:1.25rem;padding:1rem;margin:.75rem 0;border-radius:.6rem;border:2px solid #111;cursor:pointer}
button.accept{background:#0b6b2e;color:#fff;border-color:#0b6b2e}
button.decline{background:#fff;color:#111}
button:focus-visible,a:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
.box{border:2px solid #0b6b2e;border-radius:.6rem;padding:1rem;margin:1rem 0}
a.call{display:block;text-align:center;font-size:1.3rem;padding:1rem;background:#0b6b2e;color:#fff;border-radius:.6rem;text-decoration:none;font-weight:700}
</style></head><body><main>${body}</main></body></html>`;
  return { statusCode, headers: { ...HTML_HEADERS }, body: page };
}
