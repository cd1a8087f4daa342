// Links inside message text (an SMS page's ack link, a reply's case link) as anchors, but only to this
// site: the page's own origin or the stack's public base URL. Anything else stays plain text.
import { el } from './dom.js';

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;
/** Sentence punctuation after a link belongs to the sentence. */
const TRAILING = /[.,;:!?)]+$/;

/** Where this site's root is as the browser sees it ("/", or "/prod/" under a stage path). */
const siteRoot = () => new URL('.', document.baseURI);

export class SiteLinks {
  /** Public base URLs of the stack (origin + path, no trailing slash), learnt from the links it sends. */
  private readonly bases = new Set<string>();

  /** Learns the stack's public base from a link it built: `<base>/ack/<token>` or `<base>/case/<token>`. */
  learnFrom(link: string): void {
    const at = Math.max(link.lastIndexOf('/ack/'), link.lastIndexOf('/case/'));
    if (at > 0 && /^https?:\/\//.test(link)) this.bases.add(link.slice(0, at));
  }

  /** The same-origin path to open for `raw`, or null if it is not a link to this site. */
  href(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.origin === location.origin) return `${url.pathname}${url.search}${url.hash}`;
    for (const base of this.bases) {
      if (!raw.startsWith(`${base}/`)) continue;
      // The link names the stack's public address; open it on this origin, however this page was reached.
      const opened = new URL(raw.slice(base.length + 1), siteRoot());
      return `${opened.pathname}${opened.search}${opened.hash}`;
    }
    return null;
  }

  /** `text` as nodes: links to this site as anchors (class ack/case by their path), the rest as text. */
  render(text: string): Node[] {
    const nodes: Node[] = [];
    let last = 0;
    for (const match of text.matchAll(URL_IN_TEXT)) {
      const raw = match[0].replace(TRAILING, '');
      const start = match.index ?? 0;
      const href = this.href(raw);
      if (!href) continue;
      if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
      const kind = /\/ack\//.test(href) ? 'ack' : /\/case\//.test(href) ? 'case' : 'link';
      nodes.push(el('a', { class: kind, href, target: '_blank', rel: 'noopener noreferrer' }, raw));
      last = start + raw.length;
    }
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  }
}
