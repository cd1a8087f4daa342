// A level with nobody to page moves on at once on a real request (not after its hour-long timeout): the
// first level's clinician is inactive, so the submit pages the second level's, and the timeline says why.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { client, stackOptions, type Call } from '../api/http.js';
import { expectStatus, twoPersonClinic } from '../api/two-person-clinic.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const C = 'skips';
const BEN = '+447700900502';

let stack: LocalStack;
let cleanup: () => Promise<void>;
let call: Call;
let clinic: Awaited<ReturnType<typeof twoPersonClinic>>;

beforeAll(async () => {
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack(options);
  call = client(stack.url);
  clinic = await twoPersonClinic(call, C);
  const added = expectStatus(
    await call('POST', `/v1/clinics/${C}/clinicians/ben/contacts`, {
      key: clinic.admin,
      body: { type: 'sms', value: BEN },
    }),
    201,
  ).body;
  const code = stack.outbox.list({ phone: BEN }).at(-1)?.code ?? '';
  expectStatus(
    await call('POST', `/v1/clinics/${C}/clinicians/ben/contacts/${added.contactId}/verify`, {
      key: clinic.admin,
      body: { code },
    }),
    200,
  );
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await cleanup?.();
});

describe(`skipping a level with nobody to page, on ${ENGINE}`, () => {
  it(
    'pages level 2 at submit when level 1’s clinician cannot be paged, with level_skipped on the timeline',
    async () => {
      // ana has no verified method: level 1 (ana, an hour's wait) has nobody to page.
      const requestId = await clinic.submit('nobody on level one');
      const view = expectStatus(
        await call('GET', `/v1/clinics/${C}/requests/${requestId}`, { key: clinic.intake }),
        200,
      ).body;
      expect(view.status).toBe('paging');
      expect(view.paging).toEqual([expect.objectContaining({ clinicianId: 'ben' })]);
      const types = view.timeline.map((e: { type: string }) => e.type);
      expect(types.slice(0, 3)).toEqual(['submitted', 'level_skipped', 'page_sent']);
      expect(view.timeline).toContainEqual(
        expect.objectContaining({ type: 'level_skipped', level: 0, reason: 'no_recipients' }),
      );
      // Paged within the submit, not an hour later.
      const page = stack.outbox.list({ phone: BEN }).find((m) => m.purpose === undefined);
      expect(page).toBeDefined();
      expect(Date.parse(page?.sentAt ?? '') - Date.parse(view.createdAt)).toBeLessThan(5_000);
    },
    TIMEOUT,
  );
});
