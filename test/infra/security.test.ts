// The production edge and runtime settings the config drives: WAF on the API stage (rate limit, AWS
// managed rules, redacted logs), reserved concurrency per function, the timer poller kept within it,
// log levels, SMS origination, CORS only when configured.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { reservedConcurrencyOf, type DeploymentConfig } from '../../infra/config.js';
import { MANAGED_RULE_GROUPS } from '../../infra/constructs/api-firewall.js';
import type { StatelessStack } from '../../infra/stateless-stack.js';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

let prod: { stack: StatelessStack; template: Template; config: DeploymentConfig };
let dev: { stack: StatelessStack; template: Template };

beforeAll(() => {
  const p = synthCrisisRouter('prod');
  prod = { stack: p.stateless, template: templateWithNested(p.stateless), config: p.config };
  const d = synthCrisisRouter('dev');
  dev = { stack: d.stateless, template: templateWithNested(d.stateless) };
});

type Rule = {
  Name: string;
  Priority: number;
  Statement: {
    ManagedRuleGroupStatement?: { Name: string; VendorName: string; RuleActionOverrides?: unknown };
  };
  OverrideAction?: unknown;
  VisibilityConfig: unknown;
};
type WebAcl = {
  Rules: Rule[];
  VisibilityConfig: unknown;
  CustomResponseBodies: Record<string, { Content: string }>;
};

/** The one web ACL's properties. */
const webAcl = (): WebAcl => {
  const [acl] = Object.values(prod.template.findResources('AWS::WAFv2::WebACL'));
  if (!acl) throw new Error('no web ACL');
  return acl.Properties as WebAcl;
};

const functionProps = (stack: StatelessStack, template: Template, name: string) => {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  return resources[logicalIdOf(fn)]?.Properties ?? {};
};

describe('AWS WAF on the REST API stage', () => {
  it('one regional web ACL, associated with the stage', () => {
    prod.template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    prod.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Name: 'crisis-router-prod',
    });
    const association = Object.values(prod.template.findResources('AWS::WAFv2::WebACLAssociation'));
    expect(association).toHaveLength(1);
    const stageId = logicalIdOf(prod.stack.api.deploymentStage);
    expect(JSON.stringify(association[0]?.Properties.ResourceArn)).toContain(stageId);
  });

  it('first a per-IP rate limit from the config, answering 429 in the API error shape', () => {
    const acl = webAcl();
    const rate = acl.Rules.find((r) => r.Name === 'RateLimitPerIp');
    expect(rate).toMatchObject({
      Priority: 0,
      Statement: {
        RateBasedStatement: {
          Limit: prod.config.waf.rateLimitPer5Minutes,
          AggregateKeyType: 'IP',
          EvaluationWindowSec: 300,
        },
      },
      Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rateLimited' } } },
    });
    expect(JSON.parse(acl.CustomResponseBodies.rateLimited?.Content ?? '')).toEqual({
      error: { code: 'rate_limited', message: expect.any(String) },
    });
  });

  it('then the AWS managed IP reputation, known bad inputs and common rule groups, blocking', () => {
    const managed = webAcl().Rules.filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement?.Name)).toEqual([...MANAGED_RULE_GROUPS]);
    for (const rule of managed) {
      expect(rule.OverrideAction).toEqual({ None: {} }); // the groups' own block actions apply
      expect(rule.Statement.ManagedRuleGroupStatement?.VendorName).toBe('AWS');
    }
    // Only the 8 KB body-size rule is counted instead (handlers answer 413 past 64 KB themselves).
    const common = managed.find((r) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    for (const rule of managed.filter((r) => r !== common))
      expect(rule.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toBeUndefined();
  });

  it('no sampled requests (they would keep bearer keys in the console); metrics on', () => {
    const acl = webAcl();
    for (const config of [acl.VisibilityConfig, ...acl.Rules.map((r) => r.VisibilityConfig)])
      expect(config).toMatchObject({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true });
  });

  it('logs what it blocks or counts to an encrypted aws-waf-logs-* group, keys and tokens redacted', () => {
    // Named after the web ACL and the stack's id (a retained log group must not block a redeploy).
    prod.template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': [
          '',
          [
            'aws-waf-logs-crisis-router-prod-',
            { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] },
          ],
        ],
      },
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 365,
    });
    prod.template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { UriPath: {} }, { QueryString: {} }],
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
          },
        ],
      },
    });
    const logging = Object.values(prod.template.findResources('AWS::WAFv2::LoggingConfiguration'))[0];
    const logGroupId = Object.keys(prod.template.findResources('AWS::Logs::LogGroup')).find((id) =>
      id.startsWith('FirewallLogs'),
    );
    // The destination is the log group's ARN without the `:*` suffix (WAF refuses that form).
    expect(logging?.Properties.LogDestinationConfigs).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':logs:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':log-group:',
            { Ref: logGroupId },
          ],
        ],
      },
    ]);
  });
});

describe('reserved concurrency', () => {
  it('prod reserves the configured concurrency for every function', () => {
    for (const name of prod.stack.functions.keys()) {
      expect([name, functionProps(prod.stack, prod.template, name).ReservedConcurrentExecutions]).toEqual([
        name,
        reservedConcurrencyOf(prod.config, name),
      ]);
    }
  });

  it('the timer poller never outruns the escalate reservation (throttled deliveries would dead-letter timers)', () => {
    prod.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: reservedConcurrencyOf(prod.config, 'escalate') },
    });
  });

  it('dev reserves none (and says why, in its cdk-nag acknowledgement)', () => {
    for (const name of dev.stack.functions.keys())
      expect(functionProps(dev.stack, dev.template, name).ReservedConcurrentExecutions).toBeUndefined();
    const mapping = Object.values(dev.template.findResources('AWS::Lambda::EventSourceMapping'))[0];
    expect(mapping?.Properties.ScalingConfig).toBeUndefined();
  });
});

describe('function settings from the config', () => {
  const env = (name: string) =>
    (functionProps(prod.stack, prod.template, name).Environment as { Variables: Record<string, unknown> })
      .Variables;

  it('every function logs at the configured level', () => {
    for (const name of prod.stack.functions.keys())
      expect(env(name)[ENV.logLevel]).toBe(prod.config.logLevel);
  });

  it('functions that page send SMS from the configured number; the others do not know it', () => {
    expect(env('submit-request')[ENV.smsOriginationNumber]).toBe(prod.config.sms.originationNumber);
    expect(env('escalate')[ENV.smsOriginationNumber]).toBe(prod.config.sms.originationNumber);
    expect(env('get-request')[ENV.smsOriginationNumber]).toBeUndefined();
  });

  it('no CORS unless origins are configured', () => {
    expect(prod.stack.api.methods.filter((m) => m.httpMethod === 'OPTIONS')).toEqual([]);
    for (const name of prod.stack.functions.keys()) expect(env(name)[ENV.corsAllowedOrigins]).toBeUndefined();
  });

  it('with origins configured: preflights, the origins for the HTTP functions, gateway answers name a single origin', () => {
    const origin = 'https://hotline.example.org';
    const { stateless } = synthCrisisRouter('prod', { cors: { allowedOrigins: [origin] } });
    const template = templateWithNested(stateless);
    expect(stateless.api.methods.filter((m) => m.httpMethod === 'OPTIONS').length).toBeGreaterThan(0);
    const variables = (name: string) =>
      (functionProps(stateless, template, name).Environment as { Variables: Record<string, unknown> })
        .Variables;
    expect(variables('submit-request')[ENV.corsAllowedOrigins]).toBe(origin);
    expect(variables('escalate')[ENV.corsAllowedOrigins]).toBeUndefined();
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': `'${origin}'`,
      }),
    });
  });
});
