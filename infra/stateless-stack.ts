import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
  type CfnRestApi,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routes as allRoutes, type RouteDefinition } from '../functions/routes.js';
import { ENV } from '../shared/config/env-names.js';
import { CrisisFunction, type FunctionLogs } from './constructs/crisis-function.js';
import { addJsonGatewayResponses } from './constructs/json-gateway-responses.js';
import { CrisisAlarms } from './constructs/alarms.js';
import type { PagingResources } from './constructs/paging-resources.js';
import { Triggers } from './constructs/triggers.js';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly table: ITable;
  /** Timer queue, page and SMS-reply topics, alarm topic (the stateful stack's). */
  readonly paging: PagingResources;
  /** Customer-managed key for every log group of this stack (the stateful stack's key). */
  readonly logKey: IKey;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** Base of the links in pages (a custom domain); defaults to the stage's execute-api URL. */
  readonly publicBaseUrl?: string;
  /** The HTTP routes; defaults to functions/routes.ts. */
  readonly routes?: readonly RouteDefinition[];
}

/** The API and its functions: replaceable at any deploy, holds no data. */
export class StatelessStack extends Stack {
  readonly api: RestApi;
  /** By folder under functions/: every route's function plus `authorizer`. */
  readonly functions = new Map<string, CrisisFunction>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const logs: FunctionLogs = {
      key: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    };

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      encryptionKey: logs.key,
      retention: logs.retention,
      removalPolicy: logs.removalPolicy,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `crisis-router-${props.stage}`,
      description: 'crisis-router HTTP API',
      endpointTypes: [EndpointType.REGIONAL],
      // Access and execution logging need the account-level API Gateway CloudWatch role.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: props.stage,
        tracingEnabled: true,
        metricsEnabled: true,
        // Execution logs without data trace: bodies carry summaries and phone numbers.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: accessLogFormat(),
        // Far above a clinic's traffic; caps what a leaked key or a bot can cost.
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
      },
    });
    // TLS 1.2+ with modern ciphers only (the default execute-api policy still accepts TLS 1.0);
    // an enhanced policy requires an endpoint access mode, STRICT also rejects domain fronting.
    const cfnApi = this.api.node.defaultChild as CfnRestApi;
    cfnApi.securityPolicy = 'SecurityPolicy_TLS13_1_2_2021_06';
    cfnApi.endpointAccessMode = 'STRICT';

    // API Gateway would create the execution log group itself: unencrypted, kept forever.
    const executionLogs = new LogGroup(this, 'ApiExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${props.stage}`,
      encryptionKey: logs.key,
      retention: logs.retention,
      removalPolicy: logs.removalPolicy,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);
    acknowledgeApiFindings(this.api);
    addJsonGatewayResponses(this.api);

    const publicBaseUrl =
      props.publicBaseUrl ??
      `https://${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}/${props.stage}`;

    const authorizerFn = new CrisisFunction(this, 'AuthorizerFn', { name: 'authorizer', logs });
    authorizerFn.bindTable(props.table, 'read');
    this.functions.set('authorizer', authorizerFn);
    acknowledgeSyncInvocation(authorizerFn);
    const authorizer = new RequestAuthorizer(this, 'KeyAuthorizer', {
      handler: authorizerFn,
      identitySources: [IdentitySource.header('Authorization')],
      // Keys are hashed lookups in DynamoDB; a revoked key stops working within this TTL.
      resultsCacheTtl: Duration.seconds(300),
    });

    // Gateway-side validation: required parameters (the Authorization header) are checked before
    // any function runs; bodies are validated by each handler's zod schema (one source of truth).
    const requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const pagingTargets = {
      timerQueue: props.paging.timerQueue,
      emailTopic: props.paging.emailTopic,
      key: props.logKey,
    };
    const triggers = new Triggers(this, 'Triggers', {
      table: props.table,
      paging: props.paging,
      logs,
      publicBaseUrl,
      environment: { [ENV.publicBaseUrl]: publicBaseUrl },
    });
    for (const fn of [triggers.escalate, triggers.sweeper, triggers.smsInbound])
      this.functions.set(fn.node.id, fn);
    new CrisisAlarms(this, 'Alarms', {
      alarmTopic: props.paging.alarmTopic,
      timerDeadLetters: props.paging.timerDeadLetters,
      asyncDeadLetters: triggers.asyncDeadLetters,
    });

    for (const route of props.routes ?? allRoutes) {
      const fn = new CrisisFunction(this, `${pascalCase(route.name)}Fn`, {
        name: route.name,
        logs,
        environment: { [ENV.publicBaseUrl]: publicBaseUrl },
      });
      if (route.tableAccess !== 'none') fn.bindTable(props.table, route.tableAccess);
      if (route.pages) fn.bindPaging(pagingTargets);
      acknowledgeSyncInvocation(fn);
      this.functions.set(route.name, fn);

      const options: MethodOptions =
        route.auth === 'key'
          ? {
              authorizer,
              authorizationType: AuthorizationType.CUSTOM,
              requestParameters: { 'method.request.header.Authorization': true },
            }
          : { authorizationType: AuthorizationType.NONE };
      const method = this.api.root
        .resourceForPath(route.path)
        .addMethod(route.method, new LambdaIntegration(fn, { allowTestInvoke: false }), {
          ...options,
          operationName: route.name,
          requestValidator,
        });
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          route.auth === 'key'
            ? 'Callers are clinic systems with bearer keys (hashed in DynamoDB, bound to clinic and role), checked by the Lambda REQUEST authorizer; there are no Cognito users.'
            : 'Public route with no authorizer of any kind (liveness probe or token-carrying ack link); why it is public: AwsSolutions-APIG4 on this method.',
      });
      if (route.auth === 'none') {
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.name === 'health'
              ? 'Liveness probe for uptime monitors: returns {ok:true}, reads no data, so it needs no key.'
              : 'Acknowledgement link opened from an SMS on a phone: the single-use, 128-bit random token in the path is the credential (stored hashed, expires with the request); GET changes nothing.',
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
  }
}

// One JSON line per request. $context.resourcePath is the route template, never the raw path,
// so ack tokens (in /ack/{token}) and ids in query strings stay out of the logs.
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      time: AccessLogField.contextRequestTime(),
      ip: AccessLogField.contextIdentitySourceIp(),
      method: AccessLogField.contextHttpMethod(),
      resource: AccessLogField.contextResourcePath(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      latency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      keyId: AccessLogField.contextAuthorizerPrincipalId(),
      authorizerError: AccessLogField.contextAuthorizerError(),
      errorType: AccessLogField.contextErrorResponseType(),
      tls: '$context.tlsVersion',
      traceId: AccessLogField.contextXrayTraceId(),
    }),
  );
}

function acknowledgeApiFindings(api: RestApi): void {
  Validations.of(api.deploymentStage).acknowledge(
    {
      id: 'AwsSolutions-APIG3',
      reason:
        'AWS WAF (rate-based and managed rule groups) is planned in a later issue; the stage throttle caps load until then.',
    },
    {
      id: 'HIPAA.Security-APIGWSSLEnabled',
      reason:
        'A stage client certificate authenticates API Gateway to HTTP backends; every integration here is Lambda proxy (invoked over IAM), so there is nothing to present it to. Client TLS is enforced by the API security policy (TLS 1.2+).',
    },
    {
      id: 'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      reason:
        'No stage cache on purpose: responses are per-caller and live (request status, on-call), so a cache would serve stale or another clinic’s data. Nothing is cached, so nothing is stored unencrypted.',
    },
  );
  const cloudWatchRole = api.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole) {
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway uses to write access and execution logs; AWS maintains this policy for exactly that service and the role is assumable only by apigateway.amazonaws.com.',
    });
  }
}

function acknowledgeSyncInvocation(fn: CrisisFunction): void {
  Validations.of(fn).acknowledge({
    id: 'HIPAA.Security-LambdaDLQ',
    reason:
      'Invoked synchronously by API Gateway: failures return to the caller as 5xx and are never retried asynchronously, so a dead-letter queue would never receive anything.',
  });
}

const pascalCase = (name: string) =>
  name.replace(/(^|-)([a-z0-9])/g, (_match: string, _dash: string, char: string) => char.toUpperCase());
