// Jest loads global setup as native ESM (no ts-jest), so the TypeScript engine starters come in through tsx.
import { tsImport } from 'tsx/esm/api';

// One engine for the whole run; each test file makes its own table on it. DYNAMO_ENGINE picks which.
export default async function globalSetup() {
  const engineName = process.env.DYNAMO_ENGINE === 'dynamodb-local' ? 'dynamodb-local' : 'dynalite';
  const { startEngine } = await tsImport('../support/start-engine.ts', import.meta.url);
  const engine = await startEngine(engineName);
  process.env.DYNAMO_ENDPOINT = engine.endpoint;
  process.env.DYNAMO_ENGINE = engineName;
  globalThis.__dynamoEngine__ = engine;
}
