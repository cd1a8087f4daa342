// functions/routes.ts is the only route table: every row has its function folder, each index.ts that wires
// by its row reads its own, the local server mounts exactly the HTTP rows, and each trigger's IAM is what
// its row says (the routes' IAM: test/infra/stateless-stack.test.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../functions/http/logger.js';
import { routes, triggers, type TriggerDefinition } from '../../functions/routes.js';
import { localHandlers } from '../../infra/local/local-handlers.js';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
const triggerRows: readonly TriggerDefinition[] = triggers;
const rows = [...routes, ...triggerRows];
const source = (name: string, file: string) => readFileSync(join(FUNCTIONS_DIR, name, file), 'utf8');

describe('function folders', () => {
  it.each(rows.map((row) => [row.name]))(
    '%s has handler.ts (createHandler) and index.ts (handler)',
    (name) => {
      expect(existsSync(join(FUNCTIONS_DIR, name, 'handler.ts'))).toBe(true);
      expect(existsSync(join(FUNCTIONS_DIR, name, 'index.ts'))).toBe(true);
      expect(source(name, 'handler.ts')).toMatch(/export (const|function) createHandler\b/);
      expect(source(name, 'index.ts')).toMatch(/export const handler\b/);
    },
  );

  it('every function entry under functions/ is a row, the authorizer, the web interface or deploy-time', () => {
    const entries = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(FUNCTIONS_DIR, entry.name, 'index.ts')))
      .map((entry) => entry.name);
    // vapid-keys: the stateful stack's custom resource, invoked by CloudFormation only.
    expect(entries.sort()).toEqual(
      [...rows.map((row) => row.name), 'authorizer', 'web', 'vapid-keys'].sort(),
    );
  });

  it.each(rows.map((row) => [row.name]))('%s: an index.ts that wires by its row reads its own', (name) => {
    const index = source(name, 'index.ts');
    const read = [...index.matchAll(/functionEntry\('([^']+)'\)/g)].map((m) => m[1]);
    // Request and cover deps page or notify as the row says: whoever builds them must read it.
    if (index.includes('awsRequestDeps(') || index.includes('awsCoverDeps(')) expect(read).toEqual([name]);
    else expect(read).toEqual([]);
  });
});

describe('local server', () => {
  it('mounts a handler for every HTTP route of functions/routes.ts, and nothing else', () => {
    const handlers = localHandlers({} as AdminDeps, {} as RequestDeps, createLogger());
    expect(Object.keys(handlers).sort()).toEqual(routes.map((route) => route.name).sort());
    for (const handler of Object.values(handlers)) expect(typeof handler).toBe('function');
  });
});

describe('triggers: IAM as their row says', () => {
  type Resource = { Type: string; Properties: Record<string, unknown> };
  type Statement = { Action: string | string[]; Resource: unknown };
  const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
  const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
  const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

  let stack: StatelessStack;
  let resources: Record<string, Resource>;
  beforeAll(() => {
    // With voice calls set up, so that the voice triggers are deployed too.
    const voice = {
      provider: 'connect' as const,
      instanceArn: 'arn:aws:connect:eu-west-2:111122223333:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      sourcePhoneNumber: '+442071838750',
    };
    stack = synthCrisisRouter('dev', { voice }).stateless;
    resources = templateWithNested(stack).toJSON().Resources as Record<string, Resource>;
  });

  const functionOf = (name: string) => {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return fn;
  };
  const statementsOf = (name: string): Statement[] => {
    const roleId = logicalIdOf(functionOf(name).role!);
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')
      .filter((r) => JSON.stringify(r.Properties.Roles ?? []).includes(roleId))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const variablesOf = (name: string) =>
    (
      resources[logicalIdOf(functionOf(name))]?.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;

  it.each(
    triggerRows.map(
      (t) => [t.name, t.tableAccess, 'pages' in t && t.pages, 'notifies' in t && t.notifies] as const,
    ),
  )('%s: table %s, pages: %s, notifies: %s', (name, access, pages, notifies) => {
    const statements = statementsOf(name);
    const actions = (prefix: string) =>
      statements.flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith(prefix));
    const dynamo = [...new Set(actions('dynamodb:'))].sort();
    const expected = { none: [], read: READ, 'read-write': [...READ, ...WRITE] }[access];
    expect(dynamo).toEqual([...expected].sort());
    expect(variablesOf(name)[ENV.tableName] !== undefined).toBe(access !== 'none');

    const publishes = statements.filter((s) => asArray(s.Action).includes('sns:Publish'));
    const timerSends = statements.filter(
      (s) =>
        asArray(s.Action).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes('TimerQueue'),
    );
    // A rota alert leaves like a page (SNS), with no timers behind it.
    expect(publishes.length > 0).toBe(pages || notifies);
    expect(timerSends.length > 0).toBe(pages);
    expect(variablesOf(name)[ENV.timerQueueUrl] !== undefined).toBe(pages);
    expect(variablesOf(name)[ENV.emailTopicArn] !== undefined).toBe(pages || notifies);
  });
});
