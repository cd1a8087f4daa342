import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { serveWeb, type WebAssets, type WebSite } from './serve.js';

/** GET /, /intake, /board, /assets/{file}: the web interface, served from the API (no data, no key). */
export const createHandler =
  (assets: WebAssets, site: WebSite) =>
  async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    serveWeb(assets, event, site);
