// Push pages on AWS: the VAPID key pair lives in a Secrets Manager secret of the stateful stack (encrypted
// with the data key, filled once by the vapid-keys custom resource), and exactly the functions that send
// push (the paging ones and the contact routes) or answer its public half may read that one secret.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { routes, triggers } from '../../functions/routes.js';
import { ConfigError, parseDeploymentConfig } from '../../infra/config.js';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested, testConfig } from './synth-crisis-router.js';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every function that sends push where the stage does: pages, codes and test pages, rota alerts, cover offers. */
const SENDERS = [
  ...routes.filter((r) => r.pages || r.contacts || r.notifies).map((r) => r.name),
  ...triggers
    .filter((t) => ('pages' in t || 'notifies' in t) && !('voiceOnly' in t && t.voiceOnly))
    .map((t) => t.name),
];

describe('the stateful stack', () => {
  let app: ReturnType<typeof synthCrisisRouter>;
  let template: Template;
  let resources: Record<string, Resource>;
  let secretId: string;
  let keyId: string;

  beforeAll(() => {
    app = synthCrisisRouter('prod');
    template = Template.fromStack(app.stateful);
    resources = template.toJSON().Resources as Record<string, Resource>;
    secretId = logicalIdOf(app.stateful.pushKeys.secret);
    keyId = logicalIdOf(app.stateful.key);
  });

  it('keeps one secret, encrypted with the data key, created empty and retained in production', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secret = resources[secretId];
    expect(secret?.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    // No value in the template: CloudFormation would write it back over the pair on a later deploy.
    expect(secret?.Properties.GenerateSecretString).toBeUndefined();
    expect(secret?.Properties.SecretString).toBeUndefined();
    expect(secret?.DeletionPolicy).toBe('Retain');
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    expect(Template.fromStack(synthCrisisRouter('dev').stateful).toJSON().Resources).toEqual(
      expect.objectContaining({ [secretId]: expect.objectContaining({ DeletionPolicy: 'Delete' }) }),
    );
  });

  it('fills it with a custom resource whose handler is the vapid-keys function, after its permissions', () => {
    const [keys, ...others] = Object.values(template.findResources('Custom::VapidKeys')) as Resource[];
    expect(others).toEqual([]);
    const fnId = app.stateful.getLogicalId(
      app.stateful.pushKeys.node.findChild('Generator').node.defaultChild as never,
    );
    expect(keys?.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [fnId, 'Arn'] },
      ServiceTimeout: '300',
      SecretArn: { Ref: secretId },
    });
    const policyId = Object.keys(template.findResources('AWS::IAM::ManagedPolicy')).find((id) =>
      id.startsWith('PushKeysGeneratorRolePolicy'),
    );
    expect(keys?.DependsOn).toEqual(expect.arrayContaining([policyId]));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('vapid-keys'),
      Runtime: 'nodejs24.x',
    });
  });

  it('lets the generator read and write that one secret, use the key and its own logs, nothing else', () => {
    const policy = Object.entries(resources).find(([id]) =>
      id.startsWith('PushKeysGeneratorRolePolicy'),
    )?.[1];
    const statements = (policy?.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const grants = statements.flatMap((s) =>
      asArray(s.Action).map((action) => `${action} @ ${JSON.stringify(s.Resource)}`),
    );
    expect(grants.sort()).toEqual(
      [
        `secretsmanager:GetSecretValue @ {"Ref":"${secretId}"}`,
        `secretsmanager:PutSecretValue @ {"Ref":"${secretId}"}`,
        `kms:Decrypt @ {"Fn::GetAtt":["${keyId}","Arn"]}`,
        `kms:GenerateDataKey @ {"Fn::GetAtt":["${keyId}","Arn"]}`,
        'logs:CreateLogStream @ {"Fn::GetAtt":["PushKeysGeneratorLogs14A7526D","Arn"]}',
        'logs:PutLogEvents @ {"Fn::GetAtt":["PushKeysGeneratorLogs14A7526D","Arn"]}',
        'xray:PutTelemetryRecords @ "*"',
        'xray:PutTraceSegments @ "*"',
      ].sort(),
    );
    for (const s of statements) expect(s.Condition).toBeUndefined();
  });

  it('outputs the secret for the operator (rotating it by hand)', () => {
    expect(template.findOutputs('PushKeysSecretArn').PushKeysSecretArn?.Value).toEqual({ Ref: secretId });
  });
});

describe('the functions that send push', () => {
  let app: ReturnType<typeof synthCrisisRouter>;
  let resources: Record<string, Resource>;

  const fnOf = (name: string) => {
    const fn = app.stateless.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return fn;
  };
  const variablesOf = (name: string) =>
    (resources[logicalIdOf(fnOf(name))]?.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
  const statementsOf = (name: string): Statement[] => {
    const roleId = logicalIdOf(fnOf(name).role!);
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')
      .filter((r) => JSON.stringify(r.Properties.Roles ?? []).includes(`"${roleId}"`))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const secretReads = (name: string) =>
    statementsOf(name).filter((s) => asArray(s.Action).some((a) => a.startsWith('secretsmanager:')));

  beforeAll(() => {
    app = synthCrisisRouter('prod');
    resources = templateWithNested(app.stateless).toJSON().Resources as Record<string, Resource>;
  });

  it('are the paging functions, the contact routes and the public key route', () => {
    const withSecret = [...app.stateless.functions.keys()].filter(
      (name) => variablesOf(name)[ENV.pushKeysSecretArn] !== undefined,
    );
    expect(withSecret.sort()).toEqual([...SENDERS, 'get-push-key'].sort());
  });

  it.each([...SENDERS, 'get-push-key'])(
    '%s: the secret ARN, the subject, and GetSecretValue on exactly that secret',
    (name) => {
      const arn = variablesOf(name)[ENV.pushKeysSecretArn];
      expect(JSON.stringify(arn)).toMatch(/ExportsOutputRefPushKeysSecret[0-9A-F]{8}/);
      expect(variablesOf(name)[ENV.pushSubject]).toBe(`mailto:${app.config.alarmEmail}`);
      const reads = secretReads(name);
      expect(reads).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn }]);
      const decrypt = statementsOf(name).filter((s) => asArray(s.Action).includes('kms:Decrypt'));
      expect(JSON.stringify(decrypt)).toMatch(/ExportsOutputFnGetAttDataKey[0-9A-F]{8}Arn/);
    },
  );

  it('no other function may read it, and no statement names a secret by wildcard', () => {
    for (const name of app.stateless.functions.keys()) {
      if (![...SENDERS, 'get-push-key'].includes(name)) expect(secretReads(name)).toEqual([]);
      for (const s of secretReads(name)) {
        expect(JSON.stringify(s.Resource)).not.toContain('*');
        expect(asArray(s.Action).some((a) => a.includes('*'))).toBe(false);
      }
    }
  });
});

describe('stage config', () => {
  it('a stage without an alarm address signs push with its own https address', () => {
    const { stateless } = synthCrisisRouter('dev');
    const submit = stateless.functions.get('submit-request');
    const resources = templateWithNested(stateless).toJSON().Resources as Record<string, Resource>;
    const variables = (
      resources[logicalIdOf(submit!)]?.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(JSON.stringify(variables[ENV.pushSubject])).toMatch(/^\{"Fn::Join":\["",\["https:\/\//);
  });

  it('push.subject wins over the alarm address', () => {
    const { stateless } = synthCrisisRouter('prod', {
      push: { enabled: true, subject: 'https://crisis.clinic-ops.org/contact' },
    });
    const fn = stateless.functions.get('escalate');
    const resources = templateWithNested(stateless).toJSON().Resources as Record<string, Resource>;
    const variables = (
      resources[logicalIdOf(fn!)]?.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables[ENV.pushSubject]).toBe('https://crisis.clinic-ops.org/contact');
  });

  it('push off: no function gets the secret, the key route answers 404, and the secret is still kept', () => {
    const { stateful, stateless } = synthCrisisRouter('prod', { push: { enabled: false } });
    const template = templateWithNested(stateless).toJSON();
    expect(JSON.stringify(template)).not.toContain(ENV.pushKeysSecretArn);
    expect(JSON.stringify(template)).not.toContain('secretsmanager:');
    Template.fromStack(stateful).resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  const parse = (push: unknown) => () =>
    parseDeploymentConfig({ ...testConfig('prod'), push }, 'config/prod.json');

  it('defaults to on, with no subject of its own', () => {
    expect(testConfig('dev').push).toEqual({ enabled: true });
  });

  it('refuses a subject that is neither mailto: nor https:, and example domains in production', () => {
    expect(parse({ subject: 'http://clinic.org' })).toThrow(
      /push\.subject: must be a mailto: address or an https: URL/,
    );
    expect(parse({ subject: 'oncall@clinic.org' })).toThrow(ConfigError);
    expect(parse({ subject: 'mailto:ops@example.org' })).toThrow(
      /push\.subject: is an example address \(example\.org is reserved\)/,
    );
    expect(parse({ subject: 'https://push.example.com/about' })).toThrow(/example\.com is reserved/);
    expect(parse({ subject: 'mailto:oncall@clinic.org' })().push.subject).toBe('mailto:oncall@clinic.org');
    expect(parse({ sender: 'x' })).toThrow(/push\.sender: unknown field/);
  });
});
