// The prod templates (stateful and stateless) as `npm run synth` writes them for cdk.out/prod, with asset
// hashes masked: any change to what production deploys shows up as a snapshot diff in review.
// After an intended change: `npm run test:infra -- -u`, then read the diff before committing it.
import { describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

/**
 * Replaces asset hashes (S3 keys of function code, asset parameters) with a fixed marker, and the code hash
 * in a provisioned function's Version logical id (`…CurrentVersion<8 hex><32 hex>`), which follows the same
 * asset and so differs between checkouts.
 */
function maskAssets(template: unknown): unknown {
  return JSON.parse(
    JSON.stringify(template)
      .replace(/[0-9a-f]{64}/g, '[ASSET HASH]')
      .replace(/(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}/g, '$1[CODE HASH]'),
  );
}

describe('prod templates', () => {
  const { stateful, stateless } = synthCrisisRouter('prod');

  it('stateful stack', () => {
    expect(maskAssets(Template.fromStack(stateful).toJSON())).toMatchSnapshot();
  });

  it('stateless stack', () => {
    const template = maskAssets(templateWithNested(stateless).toJSON());
    expect(JSON.stringify(template)).not.toMatch(/[0-9a-f]{64}/);
    expect(template).toMatchSnapshot();
  });
});
