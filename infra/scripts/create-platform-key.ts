// Creates a platform key (the role that creates clinics) in a deployed stage's table and prints it once.
// Only its SHA-256 hash is stored, exactly as the API's own create-key does (shared/app/api-keys.ts).
//
//   npx tsx infra/scripts/create-platform-key.ts --table <TableName output> --region eu-west-2 [--label "…"]
//   npx tsx infra/scripts/create-platform-key.ts --table <…> --revoke <keyId>     (platform keys have no
//                                                         clinic, so the API cannot revoke them)
//
// Credentials and region come from the standard AWS SDK chain (AWS_PROFILE, SSO, environment, instance
// role); --region overrides AWS_REGION. The caller needs dynamodb:PutItem on the table and
// kms:GenerateDataKey/kms:Decrypt on the stage's key (alias/crisis-router-<stage>).
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import { DynamoKeyStore } from '../../shared/adapters/aws/dynamo-key-store.js';
import { issueKey, type CreatedKey } from '../../shared/app/api-keys.js';
import { systemClock } from '../../shared/ports/clock.js';

/** A platform key is not bound to a clinic; the local stack uses the same marker. */
export const PLATFORM_CLINIC_ID = '*';

export interface PlatformKeyOptions {
  table: string;
  label: string;
}

export interface ScriptOptions extends PlatformKeyOptions {
  region?: string;
  /** Revoke this platform key instead of creating one. */
  revoke?: string;
}

const USAGE =
  'usage: npx tsx infra/scripts/create-platform-key.ts --table <table name> [--region <region>] [--label <label> | --revoke <keyId>]';

export function parseOptions(argv: string[]): ScriptOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      label: { type: 'string', default: `platform key created ${new Date().toISOString().slice(0, 10)}` },
      revoke: { type: 'string' },
    },
    strict: true,
  });
  if (!values.table) throw new Error(`--table is required (the stateful stack's TableName output)\n${USAGE}`);
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(values.table)) throw new Error('--table: not a DynamoDB table name');
  return {
    table: values.table,
    label: values.label,
    ...(values.region ? { region: values.region } : {}),
    ...(values.revoke ? { revoke: values.revoke } : {}),
  };
}

/** Writes the key's two items (hash lookup and clinic listing) and returns the secret, never stored. */
export async function createPlatformKey(
  db: DynamoDBDocumentClient,
  options: PlatformKeyOptions,
): Promise<CreatedKey> {
  return issueKey(
    { keys: new DynamoKeyStore(db, options.table), clock: systemClock },
    { clinicId: PLATFORM_CLINIC_ID, role: 'platform', label: options.label },
  );
}

/** Marks a platform key revoked (both items); false when no such key exists. */
export async function revokePlatformKey(
  db: DynamoDBDocumentClient,
  table: string,
  keyId: string,
): Promise<boolean> {
  return new DynamoKeyStore(db, table).revokeKey(PLATFORM_CLINIC_ID, keyId, systemClock());
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const db = createDocumentClient(options.region ? { region: options.region } : {});
  if (options.revoke) {
    if (!(await revokePlatformKey(db, options.table, options.revoke)))
      throw new Error(`no platform key ${options.revoke} in ${options.table}`);
    // The authorizer caches a verdict for up to 5 minutes.
    process.stderr.write(`Revoked platform key ${options.revoke}; it stops working within 5 minutes.\n`);
    return;
  }
  const created = await createPlatformKey(db, options);
  process.stderr.write(
    `Created platform key ${created.keyId} ("${created.label}") in ${options.table}.\n` +
      'The key is printed once, below, and is not stored anywhere: put it in your password manager now.\n' +
      `Revoke it with --revoke ${created.keyId} once clinics and their admin keys exist.\n\n`,
  );
  process.stdout.write(`${created.key}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
