// Which paging channels' clients a stage's Lambda bundles carry. Voice and push are loaded on first use, but
// esbuild still inlines every dynamic import: without this, each paging bundle carries Amazon Connect's and
// End User Messaging's clients (≈505 KB) and web push (≈120 KB) on stages that never call or push
// (docs/benchmarks.md, measure 5). The stage's config decides; CrisisFunction turns it into esbuild defines
// that the pagers' factories test (functions/deps/voice-pager.ts, push-pager.ts), so the unused branches and
// their imports are dropped at bundle time. Tests and the local stack run unbundled: every channel is there.
import type { IConstruct } from 'constructs';
import type { VoiceConfig } from '../voice-config.js';

export interface BundledChannels {
  /** Amazon Connect calls (voice provider `connect`). */
  readonly connect: boolean;
  /** End User Messaging text-to-speech calls (voice provider `end-user-messaging`). */
  readonly smsVoice: boolean;
  /** Web Push pages. */
  readonly push: boolean;
}

export const EVERY_CHANNEL: BundledChannels = { connect: true, smsVoice: true, push: true };

const CONTEXT_KEY = 'crisis-router:bundled-channels';

/** The channels a stage's config turns on. */
export function channelsOfStage(voice: VoiceConfig | undefined, push: boolean): BundledChannels {
  return {
    connect: voice?.provider === 'connect',
    smsVoice: voice?.provider === 'end-user-messaging',
    push,
  };
}

/** Sets the channels for every function created under `scope` afterwards (its whole subtree). */
export function bundleChannels(scope: IConstruct, channels: BundledChannels): void {
  scope.node.setContext(CONTEXT_KEY, channels);
}

/** The channels set on `scope` or an ancestor; every one where none were set (nothing is left out). */
export function bundledChannelsOf(scope: IConstruct): BundledChannels {
  return (scope.node.tryGetContext(CONTEXT_KEY) as BundledChannels | undefined) ?? EVERY_CHANNEL;
}

/**
 * esbuild `define`s: each channel left out becomes the literal "false" in `process.env.CRISIS_BUNDLES_*`,
 * which the factories compare against, so esbuild drops the branch that imports its client.
 */
export function channelDefines(channels: BundledChannels): Record<string, string> {
  const flag = (bundled: boolean) => JSON.stringify(bundled ? 'true' : 'false');
  return {
    'process.env.CRISIS_BUNDLES_CONNECT': flag(channels.connect),
    'process.env.CRISIS_BUNDLES_SMS_VOICE': flag(channels.smsVoice),
    'process.env.CRISIS_BUNDLES_PUSH': flag(channels.push),
  };
}
