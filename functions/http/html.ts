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
*{box-sizing:border-box}
body{font:1.0625rem/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:1.25rem 1rem 2rem;max-width:34rem;margin-inline:auto;color:#111;background:#fff;-webkit-text-size-adjust:100%}
h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1rem;margin:0 0 .35rem;color:#0b6b2e}
.tag{display:inline-block;padding:.15rem .55rem;border-radius:.3rem;background:#b00020;color:#fff;font-weight:700;letter-spacing:.04em}
.tag.cover{background:#1a4f8b}
.muted{color:#444}
form{margin:0}
button{display:block;width:100%;min-height:3.5rem;font:inherit;font-size:1.25rem;font-weight:700;padding:1rem;margin:.9rem 0;border-radius:.75rem;border:2px solid #111;cursor:pointer;touch-action:manipulation}
button.accept{background:#0b6b2e;color:#fff;border-color:#0b6b2e;min-height:4.5rem;font-size:1.35rem}
button.decline{background:#fff;color:#111}
button.secondary{background:#fff;color:#0b6b2e;border-color:#0b6b2e}
button:focus-visible,a:focus-visible,summary:focus-visible{outline:3px solid #1a56db;outline-offset:3px}
.box{border:2px solid #0b6b2e;border-radius:.75rem;padding:1rem;margin:1rem 0;overflow-wrap:anywhere}
.box p{margin:0}
.box p+p{margin-top:.5rem}
a.call{display:block;text-align:center;font-size:1.35rem;padding:1.1rem 1rem;background:#0b6b2e;color:#fff;border-radius:.75rem;text-decoration:none;font-weight:700;margin:1rem 0}
.hint{color:#444;font-size:.95rem;margin:.25rem 0 0}
fieldset{border:0;margin:0 0 .75rem;padding:0}
legend{padding:0;margin-bottom:.35rem}
label{display:block;margin:.5rem 0 .25rem}
label.choice{display:flex;gap:.6rem;align-items:center;min-height:2.75rem;margin:0;padding:.25rem 0}
input[type=radio]{width:1.35rem;height:1.35rem;margin:0;flex:none;accent-color:#0b6b2e}
textarea{width:100%;font:inherit;padding:.6rem;border:2px solid #111;border-radius:.5rem}
textarea:focus-visible,input:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
details{margin:1.25rem 0}
details.box[open] summary{margin-bottom:.25rem}
summary{cursor:pointer;font-weight:700;min-height:2.75rem;display:flex;align-items:center}
summary::before{content:"▸";margin-right:.5rem}
details[open]>summary::before{content:"▾"}
ol.timeline{padding-left:1.25rem;margin:.5rem 0}
ol.timeline li{margin:.3rem 0}
ol.timeline time{color:#444;font-size:.9rem;margin-right:.35rem}
</style></head><body><main>${body}</main></body></html>`;
  return { statusCode, headers: { ...HTML_HEADERS }, body: page };
}
