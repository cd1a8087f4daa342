// `cdk synth` / `cdk deploy` entry point (cdk.json). Stage from context: `-c stage=prod`, default dev.
import { App } from 'aws-cdk-lib';
import { addCrisisRouter } from './crisis-router-app.js';

const app = new App();
const stage: unknown = app.node.tryGetContext('stage');
addCrisisRouter(app, typeof stage === 'string' && stage !== '' ? stage : 'dev');
