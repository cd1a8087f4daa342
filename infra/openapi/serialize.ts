// docs/openapi.json as committed: the document, formatted as Prettier formats the repository's JSON, so a
// fresh `npm run openapi` leaves no diff and `npm run format` changes nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { buildOpenApiDocument } from './document.js';

export const OPENAPI_FILE = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));
const PACKAGE_FILE = fileURLToPath(new URL('../../package.json', import.meta.url));

export function apiVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE_FILE, 'utf8')) as { version: string }).version;
}

export async function openApiText(): Promise<string> {
  const document = buildOpenApiDocument({ version: apiVersion() });
  const config = (await prettier.resolveConfig(OPENAPI_FILE)) ?? {};
  return prettier.format(JSON.stringify(document, null, 2), { ...config, filepath: OPENAPI_FILE });
}
