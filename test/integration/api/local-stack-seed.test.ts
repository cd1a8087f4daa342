// The local stack's demo seed on a fresh table, and a restart on the same data dir and table: data kept,
// the same demo keys (read back from the data dir), and no second seeding.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalClients } from '../../../shared/adapters/aws/dynamo-client.js';
import { keys as itemKeys } from '../../../shared/adapters/aws/keys.js';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { DEMO_CLINIC_ID } from '../../../infra/local/seed-demo.js';
import { client, PLATFORM_KEY, stackOptions } from './http.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const SERVICES = {
  general: ['ana', 'ben', 'chloe', 'femi'], // femi through the seeded override
  adolescent: ['dev', 'erin'],
  addiction: ['femi', 'chloe'],
} as const;

let options: Awaited<ReturnType<typeof stackOptions>>;
let stack: LocalStack | null = null;

beforeAll(async () => {
  options = await stackOptions(true);
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await options?.cleanup();
});

/** Items of the demo clinic's partition by kind, read straight from the table. */
async function countItems(): Promise<Record<string, number>> {
  const { client: raw, db } = createLocalClients(options.dynamoEndpoint ?? '');
  try {
    const counts: Record<string, number> = {};
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': itemKeys.clinicPartition(DEMO_CLINIC_ID) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) counts[String(item.kind)] = (counts[String(item.kind)] ?? 0) + 1;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return counts;
  } finally {
    raw.destroy();
  }
}

describe(`local stack demo seed on ${ENGINE}`, () => {
  it(
    "seed: true on a fresh table answers on-call for the demo clinic's three services, each with a primary",
    async () => {
      stack = await startLocalStack(options);
      expect(stack.demoKeys).not.toBeNull();
      const call = client(stack.url);
      const admin = stack.demoKeys?.admin.key ?? '';
      for (const [serviceId, people] of Object.entries(SERVICES)) {
        const res = await call('GET', `/v1/clinics/${DEMO_CLINIC_ID}/services/${serviceId}/oncall`, {
          key: admin,
        });
        expect({ serviceId, status: res.status }).toEqual({ serviceId, status: 200 });
        expect(res.body.primary).not.toBeNull();
        expect(people).toContain(res.body.primary.clinicianId);
        expect(Date.parse(res.body.primary.until)).toBeGreaterThan(Date.now());
      }
      // The intake and clinician demo keys are live too, each in its role.
      const intake = await call('GET', `/v1/clinics/${DEMO_CLINIC_ID}/services`, {
        key: stack.demoKeys?.intake.key,
      });
      expect(intake.body.services.map((s: { serviceId: string }) => s.serviceId).sort()).toEqual(
        Object.keys(SERVICES).sort(),
      );
      expect(stack.demoKeys?.clinicians.map((k) => k.clinicianId).sort()).toEqual(
        ['ana', 'ben', 'chloe', 'dev', 'erin', 'femi'].sort(),
      );
      expect(await countItems()).toEqual({ clinic: 1, clinician: 6, service: 3, override: 1, key: 8 });
    },
    TIMEOUT,
  );

  it(
    'a restart on the same data dir and table keeps the data, returns the same demo keys and does not seed again',
    async () => {
      const first = stack as LocalStack;
      const call = client(first.url);
      const admin = first.demoKeys?.admin.key ?? '';
      const added = await call('PUT', `/v1/clinics/${DEMO_CLINIC_ID}/clinicians/zoe`, {
        key: admin,
        body: { name: 'Zoe Quinn', phone: '+447700900107' },
      });
      expect(added.status).toBe(200);
      const clinicBefore = (await call('GET', `/v1/clinics/${DEMO_CLINIC_ID}`, { key: admin })).body;
      const keysBefore = first.demoKeys;
      await first.close();
      stack = null;

      // The demo keys are kept in the data dir, in clear, for the banner of the next start.
      const saved = JSON.parse(await readFile(join(options.dataDir, 'local-keys.json'), 'utf8'));
      expect(saved.demoKeys).toEqual(keysBefore);

      stack = await startLocalStack(options);
      expect(stack.demoKeys).toEqual(keysBefore);
      expect(stack.platformKey).toBe(PLATFORM_KEY);
      const again = client(stack.url);
      const clinician = await again('GET', `/v1/clinics/${DEMO_CLINIC_ID}/clinicians/zoe`, { key: admin });
      expect([clinician.status, clinician.body?.name]).toEqual([200, 'Zoe Quinn']);
      const clinicAfter = (await again('GET', `/v1/clinics/${DEMO_CLINIC_ID}`, { key: admin })).body;
      expect(clinicAfter).toEqual(clinicBefore);
      // Seeding again would have issued 8 more keys and a second override.
      expect(await countItems()).toEqual({ clinic: 1, clinician: 7, service: 3, override: 1, key: 8 });
      for (const serviceId of Object.keys(SERVICES)) {
        const res = await again('GET', `/v1/clinics/${DEMO_CLINIC_ID}/services/${serviceId}/oncall`, {
          key: stack.demoKeys?.intake.key,
        });
        expect([serviceId, res.status, res.body?.primary === null]).toEqual([serviceId, 200, false]);
      }
      const platform = await again('GET', `/v1/clinics/${DEMO_CLINIC_ID}`, { key: PLATFORM_KEY });
      expect(platform.status).toBe(200);
    },
    TIMEOUT,
  );
});
