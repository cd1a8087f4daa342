import { fileURLToPath } from 'node:url';
import { Validations, type Stack } from 'aws-cdk-lib';
import { AuthorizationType, LambdaIntegration } from 'aws-cdk-lib/aws-apigateway';
import { DEPLOYED_WEB_SITE, WEB_ASSET_PATH } from '../../functions/web/serve.js';
import { CrisisFunction, type FunctionLogs } from './crisis-function.js';
import { acknowledgeSyncInvocation, type HttpApi } from './http-api.js';

/** Run after the `web` function is bundled: writes its pages, styles and scripts beside the bundle. */
const WRITE_WEB_ASSETS = fileURLToPath(new URL('../web/write-web-assets.ts', import.meta.url));

export interface WebInterfaceProps {
  readonly logs: FunctionLogs;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The web interface from the API itself, one function for its pages and assets: same origin as the API
 * (no CORS, the CSP's 'self' covers both), the same WAF, TLS policy and access logs, and no bucket or
 * CloudFront distribution to secure. The pages hold no data; their API calls carry the user's key.
 * The function sits directly in `scope` (the stack), as the route functions do.
 */
export function addWebInterface(scope: Stack, http: HttpApi, props: WebInterfaceProps): CrisisFunction {
  const web = new CrisisFunction(scope, 'WebFn', {
    name: 'web',
    logs: props.logs,
    description: 'crisis-router web interface (intake, status, on-call board)',
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    afterBundling: (outputDir) => [
      `node --import tsx ${JSON.stringify(WRITE_WEB_ASSETS)} ${JSON.stringify(outputDir)}`,
    ],
  });
  acknowledgeSyncInvocation(web);
  const integration = new LambdaIntegration(web, { allowTestInvoke: false });
  const paths: [path: string, operationName: string][] = [
    ...Object.entries(DEPLOYED_WEB_SITE.pages).map(([path, page]): [string, string] => [path, page.name]),
    [WEB_ASSET_PATH, 'web-asset'],
  ];
  for (const [path, operationName] of paths) {
    const method = http.addMethod(path, 'GET', integration, {
      authorizationType: AuthorizationType.NONE,
      operationName,
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
  return web;
}
