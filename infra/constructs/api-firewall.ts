import { ArnFormat, Fn, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ERROR_STATUS, type ErrorCode } from '../../shared/app/errors.js';
import type { FunctionLogs } from './crisis-function.js';

export interface ApiFirewallProps {
  /** Names the web ACL and its metrics (`crisis-router-<stage>`). */
  readonly stage: string;
  /** The REST API stage the web ACL protects. */
  readonly apiStage: Stage;
  readonly rateLimitPer5Minutes: number;
  /** Key, retention and removal policy of the WAF log group. */
  readonly logs: FunctionLogs;
}

/** The AWS managed rule groups, in evaluation order after the rate limit. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

const json = (code: ErrorCode, message: string) => JSON.stringify({ error: { code, message } });

/**
 * AWS WAF in front of the REST API stage: a per-IP rate limit answering 429 in the API's own error
 * shape, then AWS's IP reputation list, known bad inputs and the common rule set. What WAF blocks or
 * counts is logged (Authorization header, path and query redacted: they carry keys and ack tokens).
 */
export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    this.name = `crisis-router-${props.stage}`;
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests keep full headers (bearer keys) in the console for hours: off. The logs below
      // are redacted and say the same.
      sampledRequestsEnabled: false,
    });

    const managed = MANAGED_RULE_GROUPS.map((name, index): CfnWebACL.RuleProperty => ({
      name,
      priority: index + 1,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          // The common set blocks bodies over 8 KB; a 2000-character summary in a non-Latin script
          // can pass that. The handlers enforce their own 64 KB limit with a 413, so only count here.
          ...(name === 'AWSManagedRulesCommonRuleSet'
            ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    }));

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.name,
      description: `crisis-router ${props.stage}: rate limit and AWS managed rules for the REST API`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: {
        rateLimited: {
          contentType: 'APPLICATION_JSON',
          content: json('rate_limited', 'too many requests, retry shortly'),
        },
      },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: ERROR_STATUS.rate_limited,
                customResponseBodyKey: 'rateLimited',
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: props.rateLimitPer5Minutes,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        ...managed,
      ],
      visibilityConfig: visibility(this.name),
    });

    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.apiStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF only delivers to log groups named aws-waf-logs-*, given by ARN without the trailing `:*`. The
    // stack's id in the name: a production log group outlives its stack, and a redeploy must not collide.
    const stackUuid = Fn.select(2, Fn.split('/', Stack.of(this).stackId));
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${this.name}-${stackUuid}`,
      encryptionKey: props.logs.key,
      retention: props.logs.retention,
      removalPolicy: props.logs.removalPolicy,
    });
    new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { uriPath: {} }, { queryString: {} }],
      // Every request is in the API access log already; WAF's log holds what WAF acted on.
      loggingFilter: {
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
  }
}
