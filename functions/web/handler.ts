import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { serveWeb, type WebAssets } from './serve.js';

/** GET /, /intake, /board, /assets/{file}: the web interface, served from the API (no data, no key). */
export const createHandler =
  (assets: WebAssets) =>
  async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    serveWeb(assets, event, false);
