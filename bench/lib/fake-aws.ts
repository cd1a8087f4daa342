// A recording stand-in for SNS and SQS on loopback, for benchmarks that run the built bundles in another
// process: point the SDK at it with AWS_ENDPOINT_URL_SNS / AWS_ENDPOINT_URL_SQS. It answers only what the
// paging path sends (SNS Publish in the query protocol, SQS SendMessage in AWS JSON 1.0) and anything else
// with an error the caller is told about: a page that silently went nowhere must never pass as a page sent.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsCall {
  service: 'sns' | 'sqs';
  action: string;
  /** Epoch ms (performance.timeOrigin + performance.now()): comparable with that clock in other processes. */
  receivedAt: number;
  /** Publish only: a direct SMS (PhoneNumber set) rather than a topic publish. */
  sms?: boolean;
  /** Publish: the phone number or topic ARN; SendMessage: the queue URL. */
  to?: string;
  /** Publish: the message text; SendMessage: the message body. */
  message?: string;
}

export interface FakeAws {
  /** http://127.0.0.1:<port>, for the AWS_ENDPOINT_URL_* variables (and queue URLs on this host). */
  readonly endpoint: string;
  /** The calls since the last take, in arrival order, and the requests it could not answer (a line each). */
  take(): { calls: AwsCall[]; unknown: string[] };
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** The service a SigV4 request was signed for: `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
function signedService(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '')?.[1];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** SNS's query protocol: a form-encoded Action; the answer is XML. */
function sns(form: URLSearchParams, receivedAt: number): { call: AwsCall; xml: string } | undefined {
  if (form.get('Action') !== 'Publish') return undefined;
  const phone = form.get('PhoneNumber');
  const to = phone ?? form.get('TopicArn') ?? form.get('TargetArn') ?? undefined;
  const message = form.get('Message') ?? '';
  const call: AwsCall = { service: 'sns', action: 'Publish', receivedAt, sms: phone !== null, to, message };
  const xml =
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
    `<PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
    '</PublishResponse>';
  return { call, xml };
}

/** SQS's AWS JSON 1.0 protocol (the client's since 3.4xx): `X-Amz-Target: AmazonSQS.<Action>`. */
function sqs(action: string, input: Record<string, unknown>, receivedAt: number) {
  // The SDK checks MD5OfMessageBody; attributes would need MD5OfMessageAttributes, which nothing sends yet.
  if (action !== 'SendMessage' || typeof input.MessageBody !== 'string' || input.MessageAttributes)
    return undefined;
  const call: AwsCall = { service: 'sqs', action, receivedAt, message: input.MessageBody };
  if (typeof input.QueueUrl === 'string') call.to = input.QueueUrl;
  return { call, json: { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody) } };
}

export async function startFakeAws(): Promise<FakeAws> {
  let calls: AwsCall[] = [];
  let unknown: string[] = [];

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = now();
    const body = await readBody(req);
    const service = signedService(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (service === 'sns' && req.method === 'POST') {
      const handled = sns(new URLSearchParams(body), receivedAt);
      if (handled) {
        calls.push(handled.call);
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(handled.xml);
        return;
      }
    }
    if (service === 'sqs' && req.method === 'POST' && target.startsWith('AmazonSQS.')) {
      const handled = sqs(
        target.slice('AmazonSQS.'.length),
        JSON.parse(body) as Record<string, unknown>,
        receivedAt,
      );
      if (handled) {
        calls.push(handled.call);
        res
          .writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' })
          .end(JSON.stringify(handled.json));
        return;
      }
    }
    const what = `${req.method} ${req.url} for ${service ?? 'no service'}: ${target || body.slice(0, 200)}`;
    unknown.push(what);
    // A 400 (never a 5xx, which the SDK would retry): the caller's send fails at once.
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`fake AWS endpoint does not handle: ${what}`);
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      unknown.push(`${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = { calls, unknown };
      calls = [];
      unknown = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
