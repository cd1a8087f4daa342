// npm run openapi: writes docs/openapi.json from the route table and the route documentation.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { OPENAPI_FILE, openApiText } from './serialize.js';

await writeFile(OPENAPI_FILE, await openApiText());
console.log(`wrote ${relative(process.cwd(), OPENAPI_FILE)}`);
