// What the hot-path bundles carry. Only the channels the stage config uses (infra/constructs/bundled-channels.ts):
// the CDK app hands each function the stage's channels, the defines drop the unused clients at bundle time, and
// a function whose config and bundle disagree fails at cold start instead of paging without the channel. No
// zod in the authorizer, and zod/mini, not classic zod, on the request path.
import { afterEach, describe, expect, it } from '@jest/globals';
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { crisisBuildOptions, readCrisisBundling } from '../../bench/cold-start.js';
import {
  bundledChannelsOf,
  channelDefines,
  EVERY_CHANNEL,
  type BundledChannels,
} from '../../infra/constructs/bundled-channels.js';
import { pushPagerFromEnv } from '../../functions/deps/push-pager.js';
import { voicePagerFromEnv } from '../../functions/deps/voice-pager.js';
import { ENV } from '../../shared/config/env-names.js';
import { synthCrisisRouter } from './synth-crisis-router.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NONE: BundledChannels = { connect: false, smsVoice: false, push: false };

/** The function's inputs, bundled as CrisisFunction bundles it for a stage with these channels. */
async function inputsOf(name: string, channels: BundledChannels): Promise<string[]> {
  const cfg = await readCrisisBundling();
  expect(cfg.stageDefines).toBe(true);
  const result = await build({
    ...crisisBuildOptions(cfg, channelDefines(channels)),
    entryPoints: [join(REPO_ROOT, 'functions', name, 'index.ts')],
    write: false,
    outfile: join(REPO_ROOT, 'unused.mjs'),
    external: cfg.externalModules,
    metafile: true,
  });
  // What ships: inputs with bytes in the output (esbuild also lists files it read and then shook out).
  const [output] = Object.values((result.metafile as Metafile).outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}
const from = (inputs: string[], pkg: string) =>
  inputs.some((i) => i.startsWith(`node_modules/${pkg}/`) || i.includes(`/node_modules/${pkg}/`));

describe('the channels in the bundles', () => {
  it('follow the stage config: voice by provider, push when it is on', () => {
    const { stateless } = synthCrisisRouter('dev', {
      voice: {
        provider: 'connect',
        instanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/00000000-0000-4000-8000-000000000000',
        sourcePhoneNumber: '+447700900123',
      },
    });
    expect(bundledChannelsOf(stateless.functions.get('submit-request')!)).toEqual({
      connect: true,
      smsVoice: false,
      push: true,
    });
    const dev = synthCrisisRouter('dev', { push: { enabled: false } });
    expect(bundledChannelsOf(dev.stateless.functions.get('escalate')!)).toEqual(NONE);
  });

  it('leave out the voice and push clients a stage does not use, and keep those it does', async () => {
    const without = await inputsOf('submit-request', NONE);
    for (const pkg of ['@aws-sdk/client-connect', '@aws-sdk/client-pinpoint-sms-voice-v2', 'web-push'])
      expect(from(without, pkg)).toBe(false);
    expect(from(without, '@aws-sdk/client-sns')).toBe(true);
    const every = await inputsOf('submit-request', EVERY_CHANNEL);
    for (const pkg of ['@aws-sdk/client-connect', '@aws-sdk/client-pinpoint-sms-voice-v2', 'web-push'])
      expect(from(every, pkg)).toBe(true);
  }, 60_000);

  it('keep zod out of the authorizer (it reads page limits, not schemas), and the clients it does not send with', async () => {
    const inputs = await inputsOf('authorizer', NONE);
    // Its provisioned priming is DynamoDB's alone (functions/deps/primers/: a module per client).
    for (const pkg of ['zod', '@aws-sdk/client-sns', '@aws-sdk/client-sqs', 'temporal-polyfill'])
      expect(from(inputs, pkg)).toBe(false);
  }, 30_000);

  it.each(['submit-request', 'escalate', 'sms-inbound', 'get-request', 'ack-page-submit'])(
    'keep classic zod out of %s (the request path validates with zod/mini)',
    async (name) => {
      const inputs = await inputsOf(name, NONE);
      expect(inputs.some((i) => i.includes('node_modules/zod/v4/mini/'))).toBe(true);
      expect(inputs.filter((i) => i.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    },
    30_000,
  );
});

describe('a function whose config names a channel its bundle left out', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails its cold start for voice, naming the provider', () => {
    Object.assign(process.env, {
      [ENV.voiceProvider]: 'connect',
      [ENV.connectInstanceId]: 'instance',
      [ENV.connectContactFlowId]: 'flow',
      [ENV.voiceSourceNumber]: '+447700900123',
      CRISIS_BUNDLES_CONNECT: 'false',
    });
    expect(() => voicePagerFromEnv()).toThrow(/"connect", but this bundle was built without that provider/);
    process.env.CRISIS_BUNDLES_CONNECT = 'true';
    expect(voicePagerFromEnv()).toBeDefined();
  });

  it('fails its cold start for push', () => {
    Object.assign(process.env, {
      [ENV.pushKeysSecretArn]: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:push',
      [ENV.pushSubject]: 'mailto:ops@example.org',
      CRISIS_BUNDLES_PUSH: 'false',
    });
    expect(() => pushPagerFromEnv()).toThrow(/built without push/);
    delete process.env.CRISIS_BUNDLES_PUSH;
    expect(pushPagerFromEnv()).toBeDefined();
  });
});
