import { fileURLToPath } from 'node:url';
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
  type RequestValidator,
  type CfnRestApi,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CORS_ORIGINS_ENV } from '../functions/deps/env.js';
import { routes as allRoutes, type RouteDefinition } from '../functions/routes.js';
import { WEB_ASSET_PATH, WEB_PAGES } from '../functions/web/serve.js';
import { ENV } from '../shared/config/env-names.js';
import { ApiFirewall } from './constructs/api-firewall.js';
import { CrisisAlarms, pascalCase } from './constructs/alarms.js';
import { CrisisFunction, type FunctionLogs } from './constructs/crisis-function.js';
import { CrisisDashboard } from './constructs/dashboard.js';
import { addJsonGatewayResponses } from './constructs/json-gateway-responses.js';
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
  /** Powertools log level of every function. */
  readonly logLevel: string;
  /** Base of the links in pages (a custom domain); defaults to the stage's execute-api URL. */
  readonly publicBaseUrl?: string;
  /** The number SMS pages are sent from (two-way SMS replies come back to it). */
  readonly smsOriginationNumber?: string;
  /** The account's SMS monthly spend limit and the share of it that alarms. */
  readonly smsSpend: { readonly limitUsd: number; readonly alarmPercent: number };
  /** Browser origins allowed to call the API (CORS); none by default. */
  readonly allowedOrigins?: readonly string[];
  /** Reserved concurrency per function folder name, with a default; none reserved when absent. */
  readonly reservedConcurrency?: { readonly default: number; readonly functions: Record<string, number> };
  readonly wafRateLimitPer5Minutes: number;
  /** The HTTP routes; defaults to functions/routes.ts. */
  readonly routes?: readonly RouteDefinition[];
}

/** Run after the `web` function is bundled: writes its pages, styles and scripts beside the bundle. */
const WRITE_WEB_ASSETS = fileURLToPath(new URL('./web/write-web-assets.ts', import.meta.url));

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
      level: props.logLevel,
    };
    const reserved = (name: string) =>
      props.reservedConcurrency
        ? (props.reservedConcurrency.functions[name] ?? props.reservedConcurrency.default)
        : undefined;
    const allowedOrigins = props.allowedOrigins ?? [];

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
      // Browser clients (a hotline web app) on the configured origins only; the functions echo the
      // matching origin on their answers (functions/http/http-route.ts).
      ...(allowedOrigins.length > 0
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: [...allowedOrigins],
              allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
              allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
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
    addJsonGatewayResponses(this.api, allowedOrigins);
    const firewall = new ApiFirewall(this, 'Firewall', {
      stage: props.stage,
      apiStage: this.api.deploymentStage,
      rateLimitPer5Minutes: props.wafRateLimitPer5Minutes,
      logs,
    });

    const publicBaseUrl =
      props.publicBaseUrl ??
      `https://${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}/${props.stage}`;

    const authorizerFn = new CrisisFunction(this, 'AuthorizerFn', {
      name: 'authorizer',
      logs,
      reservedConcurrentExecutions: reserved('authorizer'),
    });
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
    // Every function that may page: where links point, which number SMS come from.
    const pagingEnvironment: Record<string, string> = {
      [ENV.publicBaseUrl]: publicBaseUrl,
      ...(props.smsOriginationNumber ? { [ENV.smsOriginationNumber]: props.smsOriginationNumber } : {}),
    };
    const triggers = new Triggers(this, 'Triggers', {
      table: props.table,
      paging: props.paging,
      logs,
      publicBaseUrl,
      environment: pagingEnvironment,
      reservedConcurrency: reserved,
    });

    for (const route of props.routes ?? allRoutes) {
      const fn = new CrisisFunction(this, `${pascalCase(route.name)}Fn`, {
        name: route.name,
        logs,
        environment: {
          ...(route.pages ? pagingEnvironment : { [ENV.publicBaseUrl]: publicBaseUrl }),
          ...(allowedOrigins.length > 0 ? { [CORS_ORIGINS_ENV]: allowedOrigins.join(',') } : {}),
        },
        reservedConcurrentExecutions: reserved(route.name),
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

    this.addWebInterface(logs, reserved('web'), requestValidator);

    for (const fn of [triggers.escalate, triggers.sweeper, triggers.smsInbound])
      this.functions.set(fn.node.id, fn);
    acknowledgePreflight(this.api);

    const alarms = new CrisisAlarms(this, 'Alarms', {
      stage: props.stage,
      alarmTopic: props.paging.alarmTopic,
      timerDeadLetters: props.paging.timerDeadLetters,
      asyncDeadLetters: triggers.asyncDeadLetters,
      functions: this.functions,
      sweeper: triggers.sweeper,
      apiStage: this.api.deploymentStage,
      smsSpend: props.smsSpend,
    });
    const dashboard = new CrisisDashboard(this, 'Dashboard', {
      stage: props.stage,
      alarms: alarms.alarms,
      functions: this.functions,
      apiStage: this.api.deploymentStage,
      timerQueue: props.paging.timerQueue,
      timerDeadLetters: props.paging.timerDeadLetters,
      asyncDeadLetters: triggers.asyncDeadLetters,
      webAclName: firewall.name,
      smsSpend: props.smsSpend,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'WebUrl', { value: `${publicBaseUrl}/` });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
  }

  /**
   * The web interface from the API itself, one function for its pages and assets: same origin as the API
   * (no CORS, the CSP's 'self' covers both), the same WAF, TLS policy and access logs, and no bucket or
   * CloudFront distribution to secure. The pages hold no data; their API calls carry the user's key.
   */
  private addWebInterface(
    logs: FunctionLogs,
    reserved: number | undefined,
    requestValidator: RequestValidator,
  ) {
    const web = new CrisisFunction(this, 'WebFn', {
      name: 'web',
      logs,
      description: 'crisis-router web interface (intake, status, on-call board)',
      reservedConcurrentExecutions: reserved,
      afterBundling: (outputDir) => [
        `node --import tsx ${JSON.stringify(WRITE_WEB_ASSETS)} ${JSON.stringify(outputDir)}`,
      ],
    });
    acknowledgeSyncInvocation(web);
    this.functions.set('web', web);
    const integration = new LambdaIntegration(web, { allowTestInvoke: false });
    for (const path of [...Object.keys(WEB_PAGES).filter((p) => !WEB_PAGES[p]?.localOnly), WEB_ASSET_PATH]) {
      const method = this.api.root.resourceForPath(path).addMethod('GET', integration, {
        authorizationType: AuthorizationType.NONE,
        operationName: path === WEB_ASSET_PATH ? 'web-asset' : (WEB_PAGES[path]?.name ?? 'web'),
        requestValidator,
      });
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Static web page or asset of the web interface: holds no data and needs no key; every API call the page makes carries the user’s bearer key and passes the authorizer.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason:
            'Static web page or asset with no authorizer of any kind: why it is public is AwsSolutions-APIG4 on this method.',
        },
      );
    }
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

// CORS preflights (only when origins are configured): API Gateway answers them itself (MOCK), before
// any authorizer; browsers send them without credentials by design.
function acknowledgePreflight(api: RestApi): void {
  for (const method of api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
    Validations.of(method).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'CORS preflight answered by API Gateway (MOCK integration, no backend, no data): browsers send OPTIONS without credentials, so it cannot require a key.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'CORS preflight answered by API Gateway (MOCK integration, no backend, no data): browsers send OPTIONS without credentials, so no authorizer of any kind can apply.',
      },
    );
  }
}

function acknowledgeSyncInvocation(fn: CrisisFunction): void {
  Validations.of(fn).acknowledge({
    id: 'HIPAA.Security-LambdaDLQ',
    reason:
      'Invoked synchronously by API Gateway: failures return to the caller as 5xx and are never retried asynchronously, so a dead-letter queue would never receive anything.',
  });
}
