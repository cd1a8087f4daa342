import { Duration, RemovalPolicy, Validations, type Stack } from 'aws-cdk-lib';
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
  type CorsOptions,
  type Integration,
  type Method,
  type MethodOptions,
  type RequestValidator,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../../functions/routes.js';
import { ENV } from '../../shared/config/env-names.js';
import { pascalCase } from './alarms.js';
import { ApiFirewall } from './api-firewall.js';
import { CrisisFunction, type FunctionLogs, type PagingTargets } from './crisis-function.js';
import { addJsonGatewayResponses } from './json-gateway-responses.js';

export interface HttpApiProps {
  readonly stage: string;
  readonly table: ITable;
  readonly logs: FunctionLogs;
  /** Browser origins allowed to call the API (CORS); none when empty. */
  readonly allowedOrigins: readonly string[];
  readonly wafRateLimitPer5Minutes: number;
  /** Reserved concurrency of a function by name, or undefined for none. */
  readonly reservedConcurrency: (name: string) => number | undefined;
  /** Provisioned concurrency of a function by folder name (stage config); none when undefined. */
  readonly provisionedConcurrency?: (name: string) => number | undefined;
}

export interface HttpRoutesProps {
  /** Base of the links in pages: every route function gets it. */
  readonly publicBaseUrl: string;
  /** What a route that pages needs: where timers and email pages go, and its environment. */
  readonly paging: { readonly targets: PagingTargets; readonly environment: Record<string, string> };
  /** Where a route's function (with its role, policy and log group) is made; its method stays in the API's stack. */
  readonly functionScope: (route: RouteDefinition) => Construct;
}

/**
 * The REST API: regional, TLS 1.2+ only, access and execution logs on the stack's key, the WAF, JSON
 * gateway answers, the key authorizer and one function and method per route (addRoutes).
 *
 * Not a construct node of its own: its parts sit directly in the stack (scope), where they have always
 * been, so their construct paths, and the logical IDs CloudFormation knows them by, stay as they are.
 */
export class HttpApi {
  readonly api: RestApi;
  readonly firewall: ApiFirewall;
  /** Gateway-side validation of every method (required parameters; bodies are the handlers' zod schemas). */
  readonly requestValidator: RequestValidator;
  /** The authorizer and every route's function, by folder name under functions/, in the order made. */
  readonly functions = new Map<string, CrisisFunction>();
  /** The stage's execute-api address: where links in pages point when no custom domain is configured. */
  readonly stageUrl: string;
  private readonly authorizer: RequestAuthorizer;
  private readonly acknowledgedPreflights = new Set<Method>();
  /**
   * Browser clients (a hotline web app) on the configured origins only; the functions echo the matching
   * origin on their answers (functions/http/http-route.ts). Preflights only where a keyed method is: the
   * public pages are plain navigations and form posts, which browsers never preflight.
   */
  private readonly preflight: CorsOptions | undefined;

  constructor(
    private readonly scope: Stack,
    private readonly props: HttpApiProps,
  ) {
    const { logs, stage, allowedOrigins } = props;
    this.preflight =
      allowedOrigins.length > 0
        ? {
            allowOrigins: [...allowedOrigins],
            allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
            allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
            maxAge: Duration.hours(1),
          }
        : undefined;
    const accessLogs = new LogGroup(scope, 'ApiAccessLogs', {
      encryptionKey: logs.key,
      retention: logs.retention,
      removalPolicy: logs.removalPolicy,
    });
    this.api = new RestApi(scope, 'Api', {
      restApiName: `crisis-router-${stage}`,
      description: 'crisis-router HTTP API',
      endpointTypes: [EndpointType.REGIONAL],
      // Access and execution logging need the account-level API Gateway CloudWatch role.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: stage,
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
    const executionLogs = new LogGroup(scope, 'ApiExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stage}`,
      encryptionKey: logs.key,
      retention: logs.retention,
      removalPolicy: logs.removalPolicy,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);
    acknowledgeApiFindings(this.api);
    addJsonGatewayResponses(this.api, allowedOrigins);
    this.firewall = new ApiFirewall(scope, 'Firewall', {
      stage,
      apiStage: this.api.deploymentStage,
      rateLimitPer5Minutes: props.wafRateLimitPer5Minutes,
      logs,
    });
    this.stageUrl = `https://${this.api.restApiId}.execute-api.${scope.region}.${scope.urlSuffix}/${stage}`;

    const authorizerFn = new CrisisFunction(scope, 'AuthorizerFn', {
      name: 'authorizer',
      logs,
      reservedConcurrentExecutions: props.reservedConcurrency('authorizer'),
      provisionedConcurrentExecutions: props.provisionedConcurrency?.('authorizer'),
    });
    authorizerFn.bindTable(props.table, 'read');
    this.functions.set('authorizer', authorizerFn);
    acknowledgeSyncInvocation(authorizerFn);
    this.authorizer = new RequestAuthorizer(scope, 'KeyAuthorizer', {
      handler: authorizerFn.live,
      identitySources: [IdentitySource.header('Authorization')],
      // Keys are hashed lookups in DynamoDB; a revoked key stops working within this TTL.
      resultsCacheTtl: Duration.seconds(300),
    });

    // Gateway-side validation: required parameters (the Authorization header) are checked before
    // any function runs; bodies are validated by each handler's zod schema (one source of truth).
    this.requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    this.acknowledgePreflights();
  }

  /**
   * One function per route (functions/<name>/index.ts), with the table access and paging its row says,
   * and its method: behind the key authorizer or public, as its row says.
   */
  addRoutes(routes: readonly RouteDefinition[], props: HttpRoutesProps): void {
    const { allowedOrigins } = this.props;
    for (const route of routes) {
      const fn = new CrisisFunction(props.functionScope(route), `${pascalCase(route.name)}Fn`, {
        name: route.name,
        logs: this.props.logs,
        environment: {
          ...(route.pages || route.contacts || route.notifies
            ? props.paging.environment
            : { [ENV.publicBaseUrl]: props.publicBaseUrl }),
          ...(allowedOrigins.length > 0 ? { [ENV.corsAllowedOrigins]: allowedOrigins.join(',') } : {}),
        },
        reservedConcurrentExecutions: this.props.reservedConcurrency(route.name),
        provisionedConcurrentExecutions: this.props.provisionedConcurrency?.(route.name),
      });
      if (route.tableAccess !== 'none')
        fn.bindTable(this.props.table, route.tableAccess, { indexes: route.indexes ?? [] });
      if (route.pages) fn.bindPaging(props.paging.targets);
      if (route.contacts) fn.bindContacts(props.paging.targets);
      if (route.notifies) fn.bindNotices(props.paging.targets);
      if (route.pushKeys && props.paging.targets.pushKeys) fn.bindPushKeys(props.paging.targets.pushKeys);
      acknowledgeSyncInvocation(fn);
      this.functions.set(route.name, fn);

      const options: MethodOptions =
        route.auth === 'key'
          ? {
              authorizer: this.authorizer,
              authorizationType: AuthorizationType.CUSTOM,
              requestParameters: { 'method.request.header.Authorization': true },
            }
          : { authorizationType: AuthorizationType.NONE };
      const integration = new LambdaIntegration(fn.live, { allowTestInvoke: false });
      const method = this.addMethod(route.path, route.method, integration, {
        ...options,
        operationName: route.name,
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
  }

  /** A method on `path` (its resources made as needed), checked by the request validator. */
  addMethod(path: string, httpMethod: string, integration: Integration, options: MethodOptions): Method {
    const resource = this.api.root.resourceForPath(path);
    const method = resource.addMethod(httpMethod, integration, {
      ...options,
      requestValidator: this.requestValidator,
    });
    const keyed = options.authorizationType === AuthorizationType.CUSTOM;
    if (this.preflight && keyed && !resource.node.tryFindChild('OPTIONS'))
      resource.addCorsPreflight(this.preflight);
    this.acknowledgePreflights();
    return method;
  }

  // CORS preflights (only when origins are configured): API Gateway answers them itself (MOCK), before
  // any authorizer; browsers send them without credentials by design. One per keyed resource, made with it.
  private acknowledgePreflights(): void {
    for (const method of this.api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
      if (this.acknowledgedPreflights.has(method)) continue;
      this.acknowledgedPreflights.add(method);
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
}

/** Every function API Gateway invokes (routes, authorizer, web) is invoked synchronously. */
export function acknowledgeSyncInvocation(fn: CrisisFunction): void {
  Validations.of(fn).acknowledge({
    id: 'HIPAA.Security-LambdaDLQ',
    reason:
      'Invoked synchronously by API Gateway: failures return to the caller as 5xx and are never retried asynchronously, so a dead-letter queue would never receive anything.',
  });
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
