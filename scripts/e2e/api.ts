// A thin client over the real HTTP API (Node's fetch), plus the local outbox the pages land in.
import { check } from './assert.js';

const REQUEST_TIMEOUT_MS = 5_000;

export interface Who {
  clinicianId?: string;
  name: string;
}

export interface TimelineEntry {
  at: string;
  type: string;
  who?: Who;
  via?: string;
  reason?: string;
  attempt?: number;
}

/** The request object (docs/api.md, "The request object"), as far as the script reads it. */
export interface RequestView {
  requestId: string;
  reference: string;
  status: string;
  level: number;
  assignee: Who | null;
  paging: Who[];
  nextEscalationAt: string | null;
  createdAt: string;
  emergencyProtocol?: string;
  timeline: TimelineEntry[];
  summary?: string;
  callbackPhone?: string;
}

export interface OutboxMessage {
  to: string;
  channel: string;
  /** A contact method's verification code or test page; absent on pages. */
  purpose?: 'verification' | 'test';
  text: string;
  ackUrl: string;
  code: string;
  sentAt: string;
}

export interface Response {
  status: number;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  body: unknown;
}

export interface CallOptions {
  key?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, text, body: parsed };
  }

  /** A call that must answer `status`; the body is returned typed as the caller expects it. */
  async expect<T>(status: number, method: string, path: string, options: CallOptions = {}): Promise<T> {
    const response = await this.call(method, path, options);
    check(
      response.status === status,
      `${method} ${path}: expected ${status}, got ${response.status}: ${response.text.slice(0, 500)}`,
    );
    return response.body as T;
  }

  outbox(phone?: string): Promise<{ messages: OutboxMessage[] }> {
    const query = phone ? `?phone=${encodeURIComponent(phone)}` : '';
    return this.expect(200, 'GET', `/local/outbox${query}`);
  }

  /** Pages (not SMS replies) for one request sent to `phone` since `since` (epoch ms), oldest first. */
  async pages(phone: string, reference: string, since: number): Promise<OutboxMessage[]> {
    const { messages } = await this.outbox(phone);
    return messages.filter(
      (m) => m.ackUrl !== '' && m.text.includes(reference) && Date.parse(m.sentAt) >= since,
    );
  }
}

/** The path of a page's ack link on our base URL (the page itself names "localhost"). */
export function ackPath(message: OutboxMessage): string {
  return new URL(message.ackUrl).pathname;
}
