// `cdk synth` / `cdk deploy` entry point (cdk.json). Stage from context: `-c stage=prod`, default dev; its
// config is config/<stage>.json unless `-c config=<path>` names another file (e.g. kept outside the repo).
import { App } from 'aws-cdk-lib';
import { ConfigError, loadDeploymentConfig } from './config.js';
import { addCrisisRouter } from './crisis-router-app.js';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

try {
  const config = loadDeploymentConfig(context('stage') ?? 'dev', { file: context('config') });
  addCrisisRouter(app, config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The message names every bad field; a stack trace would only bury it.
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
