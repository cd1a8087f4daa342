// A tiny JSON client for the local stack's HTTP API (global fetch), and the stack options the tests share.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalStackOptions } from '../../../infra/local/local-stack.js';

export const PLATFORM_KEY = 'crk_test-platform-key-0123456789';

export interface Reply {
  status: number;
  contentType: string | null;
  /** The Allow header (405 answers). */
  allow: string | null;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  key?: string | null;
  /** Sent as JSON unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function client(baseUrl: string) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    let parsed: unknown;
    if (text && contentType?.startsWith('application/json')) parsed = JSON.parse(text);
    return { status: res.status, contentType, allow: res.headers.get('allow'), text, body: parsed };
  };
}

export type Call = ReturnType<typeof client>;

/** Options for startLocalStack on the harness engine with a fresh table and data dir. */
export async function stackOptions(seed: boolean): Promise<LocalStackOptions & { cleanup(): Promise<void> }> {
  const endpoint = process.env.DYNAMO_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMO_ENDPOINT is not set: run through the integration jest project');
  const dataDir = await mkdtemp(join(tmpdir(), 'crisis-router-api-'));
  return {
    port: 0,
    dataDir,
    seed,
    platformKey: PLATFORM_KEY,
    dynamoEndpoint: endpoint,
    tableName: `api-${randomUUID()}`,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}
