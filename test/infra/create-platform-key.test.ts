// infra/scripts/create-platform-key.ts: the key it prints authenticates as a platform key through the
// authorizer's own lookup, only its hash reaches the table, and --revoke stops it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createPlatformKey,
  parseOptions,
  PLATFORM_CLINIC_ID,
  revokePlatformKey,
} from '../../infra/scripts/create-platform-key.js';
import { DynamoKeyStore } from '../../shared/adapters/aws/dynamo-key-store.js';
import { authenticate } from '../../shared/app/api-keys.js';

const TABLE = 'CrisisRouter-prod-Stateful-TableCD117FA1-ABC';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const mock = mockClient(DynamoDBDocumentClient);
afterEach(() => {
  mock.reset();
});

/** A table in memory behind the mocked document client: Put, Get and SET-revokedAt Update. */
function fakeTable() {
  const items = new Map<string, Record<string, unknown>>();
  const id = (key: Record<string, unknown>) => `${String(key.PK)}|${String(key.SK)}`;
  mock.on(PutCommand).callsFake((input: { TableName: string; Item: Record<string, unknown> }) => {
    expect(input.TableName).toBe(TABLE);
    items.set(id(input.Item), input.Item);
    return {};
  });
  mock
    .on(GetCommand)
    .callsFake((input: { Key: Record<string, unknown> }) => ({ Item: items.get(id(input.Key)) }));
  mock
    .on(UpdateCommand)
    .callsFake(
      (input: { Key: Record<string, unknown>; ExpressionAttributeValues: Record<string, unknown> }) => {
        const item = items.get(id(input.Key));
        if (item) item.revokedAt ??= input.ExpressionAttributeValues[':at'];
        return {};
      },
    );
  return items;
}

describe('create-platform-key', () => {
  it('stores a platform key that the authorizer accepts, hashed, and returns the secret once', async () => {
    const items = fakeTable();
    const created = await createPlatformKey(db, { table: TABLE, label: 'first platform key' });
    expect(created).toMatchObject({
      role: 'platform',
      label: 'first platform key',
      key: expect.stringMatching(/^crk_/),
    });

    const principal = await authenticate({ keys: new DynamoKeyStore(db, TABLE) }, `Bearer ${created.key}`);
    expect(principal).toEqual({ keyId: created.keyId, clinicId: PLATFORM_CLINIC_ID, role: 'platform' });
    // Two items (hash lookup, clinic listing); the secret itself is in neither.
    expect(items.size).toBe(2);
    expect(JSON.stringify([...items.values()])).not.toContain(created.key);
  });

  it('--revoke marks it revoked: the authorizer rejects it', async () => {
    fakeTable();
    const created = await createPlatformKey(db, { table: TABLE, label: 'to revoke' });
    expect(await revokePlatformKey(db, TABLE, created.keyId)).toBe(true);
    expect(await authenticate({ keys: new DynamoKeyStore(db, TABLE) }, `Bearer ${created.key}`)).toBeNull();
    expect(await revokePlatformKey(db, TABLE, 'key_unknown')).toBe(false);
  });

  it('parses its options; --table is required', () => {
    expect(parseOptions(['--table', TABLE, '--region', 'eu-west-2', '--label', 'ops'])).toEqual({
      table: TABLE,
      region: 'eu-west-2',
      label: 'ops',
    });
    expect(parseOptions(['--table', TABLE, '--revoke', 'key_abc'])).toMatchObject({ revoke: 'key_abc' });
    expect(() => parseOptions([])).toThrow(/--table is required/);
    expect(() => parseOptions(['--table', 'no spaces allowed'])).toThrow(
      /--table: not a DynamoDB table name/,
    );
    expect(() => parseOptions(['--table', TABLE, '--tabel', 'x'])).toThrow(/Unknown option '--tabel'/);
  });

  it('run without --table it exits 1 with the usage line, before touching AWS', () => {
    const result = spawnSync(join('node_modules', '.bin', 'tsx'), ['infra/scripts/create-platform-key.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /--table is required[\s\S]*usage: npx tsx infra\/scripts\/create-platform-key\.ts/,
    );
    expect(result.stdout).toBe('');
  });
});
