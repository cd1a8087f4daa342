// A push service on loopback over HTTPS (Web Push needs TLS), answering by path: /ok 201, /gone 410,
// /missing 404, /busy 429, /bad 400. Records every request, so a test sees what left and how.
import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const tls = (name: string) => readFileSync(fileURLToPath(new URL(`./push-tls/${name}`, import.meta.url)));

const STATUS: Record<string, number> = { ok: 201, gone: 410, missing: 404, busy: 429, bad: 400 };

export interface PushRequest {
  path: string;
  /** Epoch ms the request arrived (the bench measures submit → push accepted by the push service). */
  at: number;
  headers: Record<string, string | string[] | undefined>;
  bodyBytes: number;
}

export interface FakePushService {
  url: string;
  /** Trusts the service's self-signed certificate (test/support/push-tls), and nothing else changes. */
  agent: Agent;
  requests: PushRequest[];
  /** A subscription to `path` with real P-256 and auth keys, as PushSubscription.toJSON() gives it. */
  subscription(path: string): string;
  /** From now on `path` answers 410, as when the person uninstalled the app or cleared its data. */
  expire(path: string): void;
  close(): Promise<void>;
}

export async function startFakePushService(): Promise<FakePushService> {
  const requests: PushRequest[] = [];
  const expired = new Set<string>();
  const server: Server = createServer({ key: tls('key.pem'), cert: tls('cert.pem') }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').slice(1);
      requests.push({ path, at: Date.now(), headers: req.headers, bodyBytes: Buffer.concat(chunks).length });
      const status = expired.has(path) ? 410 : (STATUS[path.split('/')[0] ?? ''] ?? 404);
      res.writeHead(
        status,
        status === 201 ? { location: `https://127.0.0.1/messages/${requests.length}` } : {},
      );
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    agent: new Agent({ ca: tls('cert.pem') }),
    requests,
    subscription: (path) => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return JSON.stringify({
        endpoint: `${url}/${path}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
      });
    },
    expire: (path) => void expired.add(path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
