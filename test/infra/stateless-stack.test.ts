// The API and its functions: one function and one method per row of functions/routes.ts, the right
// authorization on each, and IAM that lets each function touch only the one table, as its row says.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { routes, triggers } from '../../functions/routes.js';
import { WEB_ASSET_PATH, WEB_PAGES } from '../../functions/web/serve.js';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, refersTo, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let stack: StatelessStack;
let template: Template;
let resources: Record<string, Resource>;
let tableArn: object;
let tableName: object;
let keyArn: object;

beforeAll(() => {
  const app = synthCrisisRouter('dev');
  stack = app.stateless;
  template = templateWithNested(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
  // In this stack the table and key are imports of the stateful stack's exports.
  const exportOf = (token: string) => ({
    'Fn::ImportValue': expect.stringMatching(new RegExp(`^${app.stateful.stackName}:ExportsOutput${token}`)),
  });
  const tableId = logicalIdOf(app.stateful.table);
  const keyId = logicalIdOf(app.stateful.key);
  tableArn = exportOf(`FnGetAtt${tableId}Arn`);
  tableName = exportOf(`Ref${tableId}`);
  keyArn = exportOf(`FnGetAtt${keyId}Arn`);
});

const functionNamed = (name: string) => {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};
const fnLogicalId = (name: string) => logicalIdOf(functionNamed(name));

/** Every IAM statement that applies to a function's role, whatever kind of policy carries it. */
function statementsOf(name: string): Statement[] {
  const fn = resources[fnLogicalId(name)];
  const roleId = (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = resources[roleId];
  expect(role?.Properties.Policies).toBeUndefined();
  expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles ?? []).includes(JSON.stringify({ Ref: roleId })))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('API methods', () => {
  /** The deployed web interface: every page but the local-only phone view, and its assets. */
  const webPaths = [
    ...Object.entries(WEB_PAGES)
      .filter(([, page]) => !page.localOnly)
      .map(([path]) => path),
    WEB_ASSET_PATH,
  ];

  it('one method per route and per web page, nothing else', () => {
    template.resourceCountIs('AWS::ApiGateway::Method', routes.length + webPaths.length);
  });

  it('serves the web pages and assets from one public function with no data access', () => {
    const web = stack.functions.get('web');
    for (const path of webPaths) {
      const construct = stack.api.methods.find((m) => m.httpMethod === 'GET' && m.resource.path === path);
      const method = construct && resources[logicalIdOf(construct)];
      expect(method?.Properties.AuthorizationType).toBe('NONE');
      expect(JSON.stringify(method?.Properties.Integration)).toContain(logicalIdOf(web!));
    }
    expect(stack.api.methods.some((m) => m.resource.path === '/phones')).toBe(false);
  });

  it.each(routes.map((r) => [r.method, r.path, r] as const))('%s %s', (_m, _p, route) => {
    const construct = stack.api.methods.find(
      (m) => m.httpMethod === route.method && m.resource.path === route.path,
    );
    const method = construct && resources[logicalIdOf(construct)];
    expect(method?.Properties).toMatchObject({
      HttpMethod: route.method,
      AuthorizationType: route.auth === 'key' ? 'CUSTOM' : 'NONE',
      OperationName: route.name,
      RequestValidatorId: expect.anything(),
      Integration: { Type: 'AWS_PROXY' },
    });
    if (route.auth === 'key') expect(method?.Properties.AuthorizerId).toEqual(expect.anything());
    else expect(method?.Properties.AuthorizerId).toBeUndefined();
    expect(refersTo(method?.Properties.Integration, functionNamed(route.name))).toBe(true);
  });

  it('key routes go through the REQUEST authorizer on the Authorization header, cached 300 s', () => {
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
    });
    const authorizer = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Authorizer');
    expect(JSON.stringify(authorizer?.Properties.AuthorizerUri)).toContain(fnLogicalId('authorizer'));
  });

  it('validates requests (parameters and body)', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('is regional, TLS 1.2+ only, strict endpoint access', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
      EndpointAccessMode: 'STRICT',
    });
  });

  it('deploys a stage named after the stage, traced, access-logged, execution logs without bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('resourcePath') },
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ]),
    });
  });

  it('never logs the raw path (it carries ack tokens)', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
    expect(JSON.stringify(stage?.Properties.AccessLogSetting)).not.toContain('$context.path');
  });
});

describe('functions', () => {
  it('one per route and per trigger, plus the authorizer and the web interface', () => {
    // This stage sets up no voice calls: the voice triggers are not deployed.
    const deployed = triggers.filter((t) => !('voiceOnly' in t && t.voiceOnly));
    template.resourceCountIs('AWS::Lambda::Function', routes.length + deployed.length + 2);
  });

  it('all run nodejs24.x on arm64 with active tracing and their own encrypted, expiring log group', () => {
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    for (const logGroup of Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup')) {
      expect(logGroup.Properties).toMatchObject({ KmsKeyId: expect.anything(), RetentionInDays: 30 });
    }
  });

  it('no inline IAM policies at all (HIPAA), only one managed policy per role', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('every route function knows the public base URL for links in pages', () => {
    for (const route of routes) {
      const env = resources[fnLogicalId(route.name)]?.Properties.Environment as {
        Variables: Record<string, unknown>;
      };
      expect(env.Variables[ENV.publicBaseUrl]).toBeDefined();
    }
  });
});

describe('least privilege on the table', () => {
  const rows = [...routes, { name: 'authorizer', tableAccess: 'read', pages: false } as const];
  const indexesOf = (name: string) => routes.find((r) => r.name === name)?.indexes ?? [];

  it.each(
    rows.map(
      (r) =>
        [
          r.name,
          r.tableAccess,
          r.pages === true ||
            ('contacts' in r && r.contacts === true) ||
            ('notifies' in r && r.notifies === true),
        ] as const,
    ),
  )('%s: %s (sends: %s)', (name, access, pages) => {
    const statements = statementsOf(name);
    const env = (
      resources[fnLogicalId(name)]?.Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const dynamo = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')));
    const pagingKeyGrant = (s: Statement) =>
      asArray(s.Action).sort().join() === 'kms:Decrypt,kms:GenerateDataKey';
    // Reading the VAPID keys' secret (push-keys.test.ts): the secret, and decrypting it with the key.
    const push = env[ENV.pushKeysSecretArn] !== undefined;
    const pushKeyGrant = (s: Statement) => asArray(s.Action).join() === 'kms:Decrypt';
    const kms = statements.filter(
      (s) =>
        asArray(s.Action).some((a) => a.startsWith('kms:')) &&
        !(pages && pagingKeyGrant(s)) &&
        !(push && pushKeyGrant(s)),
    );

    // Nothing but the fixed X-Ray and own-log-group statements besides the table and its key,
    // and, for the functions that page, SNS publish and SQS send (contact routes: SNS only, checked in
    // paging-and-triggers.test.ts), and the push keys' secret where push is sent.
    const allowed = new RegExp(
      `^(dynamodb|kms|xray|logs${pages ? '|sns|sqs' : ''}):|${push ? '^secretsmanager:GetSecretValue$' : '^$'}`,
    );
    for (const s of statements) {
      expect(asArray(s.Action).every((a) => allowed.test(a))).toBe(true);
      expect(s.Effect).toBe('Allow');
    }
    if (access === 'none') {
      expect(dynamo).toEqual([]);
      expect(kms).toEqual([]);
      expect(env[ENV.tableName]).toBeUndefined();
      return;
    }
    expect(env[ENV.tableName]).toEqual(tableName);
    expect(dynamo).toHaveLength(1);
    const [statement] = dynamo;
    const actions = asArray(statement?.Action ?? []);
    expect(actions.every((a) => a.startsWith('dynamodb:') && !a.includes('*'))).toBe(true);
    // The one table only, and the indexes its row names: no '*' and no other resource.
    expect(asArray(statement?.Resource)).toEqual([
      tableArn,
      ...indexesOf(name).map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] })),
    ]);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    if (access === 'read') expect(actions.filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
    else expect(actions).toEqual(expect.arrayContaining(WRITE_ACTIONS));

    expect(kms).toHaveLength(1);
    expect(asArray(kms[0]?.Resource)).toEqual([keyArn]);
    const kmsActions = asArray(kms[0]?.Action ?? []);
    expect(kmsActions.some((a) => a.includes('*'))).toBe(false);
    if (access === 'read') expect(kmsActions.sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
  });

  it('the only "*" resources are X-Ray, SMS publish and reading or removing an email subscription (what the IAM5 acknowledgement on each role covers)', () => {
    const all = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    for (const s of all.filter((s) => asArray(s.Resource).includes('*'))) {
      expect([
        'xray:PutTelemetryRecords,xray:PutTraceSegments',
        'sns:Publish',
        'sns:GetSubscriptionAttributes,sns:Unsubscribe',
      ]).toContain(asArray(s.Action).sort().join());
    }
  });

  it('no statement anywhere in the stack allows DynamoDB on "*"', () => {
    const all = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    for (const s of all.filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')))) {
      expect(asArray(s.Resource)).not.toContain('*');
      expect(asArray(s.Action)).not.toContain('dynamodb:*');
    }
  });
});

// CloudFormation refuses a template of more than 500 resources. Each route costs the stack about five
// (function, role, policy, log group, permission, plus its method and resources), so the largest stage
// (CORS preflights and voice calls on) keeps room for twenty more routes in every template.
describe("CloudFormation's 500-resource limit", () => {
  const largest = synthCrisisRouter('prod', {
    cors: { allowedOrigins: ['https://hotline.example.org'] },
    voice: {
      provider: 'connect',
      instanceArn: 'arn:aws:connect:eu-west-2:111122223333:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      sourcePhoneNumber: '+442071838750',
    },
  });
  const stacks = [
    largest.stateful,
    largest.stateless,
    largest.stateless.clinicAdmin,
    largest.stateless.monitoring,
  ];

  it.each(stacks.map((s) => s.node.path))('%s stays at 400 resources or fewer', (path) => {
    const stack = stacks.find((s) => s.node.path === path);
    const count = Object.keys(Template.fromStack(stack as Stack).toJSON().Resources as object).length;
    expect(count).toBeLessThanOrEqual(400);
  });

  it('puts only configuration routes in the nested stack: nothing on the path of a page', () => {
    const nested = routes.filter(
      (r) => largest.stateless.functions.get(r.name)?.stack === largest.stateless.clinicAdmin,
    );
    expect(nested.length).toBeGreaterThan(30);
    expect(
      nested.filter(
        (r) =>
          r.pages ||
          (r.auth === 'none' && !r.path.startsWith('/cover/')) ||
          /\/(requests|oncall|shifts)(\/|$)/.test(r.path),
      ),
    ).toEqual([]);
    for (const hot of [
      'authorizer',
      'submit-request',
      'get-request',
      'acknowledge-request',
      'ack-page',
      'get-oncall',
    ])
      expect(largest.stateless.functions.get(hot)?.stack).toBe(largest.stateless);
  });
});
