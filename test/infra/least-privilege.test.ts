// Least privilege, function by function: the exact IAM actions each function may call and on what. The
// table is written out by hand on purpose (not derived from functions/routes.ts): a route that gains a
// permission must change this table too, in review. Checked on the prod template, which is what runs.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

// Grants as `action @ resource`, by what they are for.
const pairs = (actions: string[], resource: string) => actions.map((action) => `${action} @ ${resource}`);
const BASE = [
  ...pairs(['logs:CreateLogStream', 'logs:PutLogEvents'], 'own log group'),
  ...pairs(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], '*'),
];
const READ = [
  ...pairs(['dynamodb:GetItem', 'dynamodb:Query'], 'table'),
  ...pairs(['kms:Decrypt', 'kms:DescribeKey'], 'data key'),
];
const WRITE = [
  ...READ,
  ...pairs(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], 'table'),
  ...pairs(
    [
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ],
    'data key',
  ),
];
const DUE_INDEX = pairs(
  ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  'due index',
);
const QUEUE_INDEX = pairs(['dynamodb:GetItem', 'dynamodb:Query'], 'queue index');
/** A writer's grant names the index in the same statement as the table (writes only ever reach the table). */
const QUEUE_INDEX_OF_WRITER = pairs(
  ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  'queue index',
);
const PAGE = [
  'sns:Publish @ email topic',
  'sns:Publish @ *', // SMS to a phone number: no ARN exists
  'sqs:SendMessage @ timer queue',
  ...pairs(['kms:GenerateDataKey', 'kms:Decrypt'], 'data key'),
];
/** Codes and test pages leave like pages, with no timer; email methods are subscriptions of the topic. */
const CONTACTS = [
  'sns:Publish @ email topic',
  'sns:Subscribe @ email topic',
  'sns:Publish @ *',
  'sns:GetSubscriptionAttributes @ *', // SNS authorizes it on no resource type
  'sns:Unsubscribe @ *',
  ...pairs(['kms:GenerateDataKey', 'kms:Decrypt'], 'data key'),
];
/** Push pages (and the public key route) read the VAPID key pair: that one secret, decrypted with its key. */
const PUSH_KEYS = ['secretsmanager:GetSecretValue @ push keys secret', 'kms:Decrypt @ data key'];
const CONSUME_TIMERS = pairs(
  [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
  ],
  'timer queue',
);
const ASYNC_DLQ = ['sqs:SendMessage @ async DLQ'];
/** Rota alerts leave like pages (topic, phone numbers, push), with no timer queue. */
const NOTICES = [
  'sns:Publish @ email topic',
  'sns:Publish @ *',
  ...pairs(['kms:GenerateDataKey', 'kms:Decrypt'], 'data key'),
];

const EXPECTED: Record<string, string[][]> = {
  authorizer: [BASE, READ],
  health: [BASE],
  'get-push-key': [BASE, PUSH_KEYS],
  web: [BASE],
  // A fallback contact dropped from the settings takes its email subscriptions with it.
  'put-clinic': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'put-clinic-settings': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'get-clinic': [BASE, READ],
  'create-key': [BASE, WRITE],
  'revoke-key': [BASE, WRITE],
  'list-keys': [BASE, READ],
  'get-key': [BASE, READ],
  'put-clinician': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'list-contacts': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'add-contact': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'verify-contact': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'test-contact': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'remove-contact': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'list-fallback-contact-methods': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'add-fallback-contact-method': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'verify-fallback-contact-method': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'test-fallback-contact-method': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'remove-fallback-contact-method': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'create-clinician-feed': [BASE, WRITE],
  'revoke-clinician-feed': [BASE, WRITE],
  'create-service-feed': [BASE, WRITE],
  'revoke-service-feed': [BASE, WRITE],
  // Calendar apps read it with the feed's token, no key: reads only.
  'get-calendar-feed': [BASE, READ],
  'put-notification-rules': [BASE, WRITE],
  'get-clinician': [BASE, READ],
  // Revokes their keys and ends their email methods' subscriptions: the contact routes' grants.
  'delete-clinician': [BASE, WRITE, CONTACTS, PUSH_KEYS],
  'clear-broken-contact': [BASE, WRITE],
  'list-clinicians': [BASE, READ],
  'put-service': [BASE, WRITE],
  'get-service': [BASE, READ],
  'delete-service': [BASE, WRITE],
  'list-services': [BASE, READ],
  'create-override': [BASE, WRITE],
  'delete-override': [BASE, WRITE],
  'list-overrides': [BASE, READ],
  'get-override': [BASE, READ],
  'put-override': [BASE, WRITE],
  // Cover requests tell people (offers, outcomes) the way rota alerts do: no timers, no calls.
  'create-cover-request': [BASE, WRITE, NOTICES, PUSH_KEYS],
  'list-cover-requests': [BASE, READ],
  'get-cover-request': [BASE, READ],
  'accept-cover-request': [BASE, WRITE, NOTICES, PUSH_KEYS],
  'review-cover-request': [BASE, WRITE, NOTICES, PUSH_KEYS],
  'cancel-cover-request': [BASE, WRITE, NOTICES, PUSH_KEYS],
  'cover-page': [BASE, READ],
  'cover-page-submit': [BASE, WRITE, NOTICES, PUSH_KEYS],
  'get-oncall': [BASE, READ],
  'get-shifts': [BASE, READ],
  'get-gaps': [BASE, READ],
  // The window's requests through the queue index, then each one's item.
  'get-fairness-report': [BASE, READ, QUEUE_INDEX],
  'submit-request': [BASE, WRITE, PAGE, PUSH_KEYS],
  'list-requests': [BASE, READ, QUEUE_INDEX],
  'get-request': [BASE, READ],
  'acknowledge-request': [BASE, WRITE, PAGE, PUSH_KEYS],
  'contacted-request': [BASE, WRITE, PAGE, PUSH_KEYS],
  'handback-request': [BASE, WRITE, PAGE, PUSH_KEYS],
  'decline-request': [BASE, WRITE, PAGE, PUSH_KEYS],
  'resolve-request': [BASE, WRITE],
  'cancel-request': [BASE, WRITE],
  'ack-page': [BASE, READ],
  'ack-page-submit': [BASE, WRITE, PAGE, PUSH_KEYS],
  'case-page': [BASE, READ],
  'case-page-submit': [BASE, WRITE, PAGE, PUSH_KEYS],
  escalate: [BASE, WRITE, PAGE, PUSH_KEYS, CONSUME_TIMERS],
  sweeper: [BASE, WRITE, DUE_INDEX, PAGE, PUSH_KEYS, ASYNC_DLQ],
  // The clinic directory is a partition of the queue index; alerts go out with no timers.
  'rota-check': [BASE, WRITE, QUEUE_INDEX_OF_WRITER, NOTICES, PUSH_KEYS, ASYNC_DLQ],
  'sms-inbound': [BASE, WRITE, PAGE, PUSH_KEYS, ASYNC_DLQ],
};

let stack: StatelessStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  stack = synthCrisisRouter('prod').stateless;
  resources = templateWithNested(stack).toJSON().Resources as Record<string, Resource>;
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => logicalIdOf(construct);

/** What a statement's resource is, in the words of the table above. */
function label(resource: unknown, ownLogGroupId: string): string {
  if (resource === '*') return '*';
  const json = JSON.stringify(resource);
  if (json.includes('/index/due')) return 'due index';
  if (json.includes('/index/byClinic')) return 'queue index';
  if (json.includes(`"${ownLogGroupId}"`)) return 'own log group';
  if (/ExportsOutputFnGetAttTable[0-9A-F]{8}Arn/.test(json)) return 'table';
  if (/ExportsOutputFnGetAttDataKey[0-9A-F]{8}Arn/.test(json)) return 'data key';
  if (json.includes('PagingTimerQueue')) return 'timer queue';
  if (json.includes('PagingEmailPages')) return 'email topic';
  if (json.includes('TriggersAsyncDeadLetters')) return 'async DLQ';
  if (/ExportsOutputRefPushKeysSecret[0-9A-F]{8}/.test(json)) return 'push keys secret';
  return `unexpected ${json}`;
}

/** Every `action @ resource` the function's role allows, from whatever policies attach to the role. */
function grantsOf(name: string): string[] {
  const fn = stack.functions.get(name);
  if (!fn?.role || !fn.logGroup) throw new Error(`no function ${name}`);
  const roleId = logicalId(fn.role);
  const role = resources[roleId];
  // Nothing attached any other way: no inline policies, no AWS managed policies.
  expect(role?.Properties.Policies).toBeUndefined();
  expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles ?? []).includes(JSON.stringify({ Ref: roleId })))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const ownLogs = logicalId(fn.logGroup);
  for (const statement of statements) {
    expect(statement.Effect).toBe('Allow');
    expect(statement.Condition).toBeUndefined();
  }
  return statements.flatMap((s) =>
    asArray(s.Action).flatMap((action) => asArray(s.Resource).map((r) => `${action} @ ${label(r, ownLogs)}`)),
  );
}

describe('each function may call exactly these actions, on exactly these resources', () => {
  it('the table covers every function of the stack', () => {
    expect([...stack.functions.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (name, groups) => {
    const granted = [...new Set(grantsOf(name))].sort();
    expect(granted).toEqual([...new Set(groups.flat())].sort());
  });

  it('no action wildcard anywhere (no `dynamodb:*`, no `kms:ReEncrypt*`)', () => {
    const all = Object.keys(EXPECTED).flatMap(grantsOf);
    expect(all.filter((grant) => grant.split(' @ ')[0]?.includes('*'))).toEqual([]);
  });
});
