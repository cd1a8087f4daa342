// The bundles' credential chain is the environment's only (shared/adapters/aws/lambda-credentials.ts, aliased
// by CrisisFunction's esbuildArgs): a client bundled as the construct bundles it signs with the credentials
// Lambda puts in the environment, fails plainly without them, and carries none of the other providers.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build, type Metafile } from 'esbuild';
import { crisisBuildOptions, readCrisisBundling } from '../../bench/cold-start.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

describe('the credential chain in the Lambda bundles', () => {
  let dir: string;
  let bundle: string;
  let metafile: Metafile;

  beforeAll(async () => {
    const cfg = await readCrisisBundling();
    expect(cfg.alias).toEqual({
      '@aws-sdk/credential-provider-node': './shared/adapters/aws/lambda-credentials.ts',
    });
    dir = await mkdtemp(join(tmpdir(), 'crisis-credentials-'));
    const entry = join(dir, 'entry.ts');
    await writeFile(
      entry,
      [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "const client = new DynamoDBClient({ region: 'eu-west-2' });",
        'try {',
        '  const c = await client.config.credentials();',
        '  console.log(JSON.stringify({ ok: true, accessKeyId: c.accessKeyId, sessionToken: c.sessionToken }));',
        '} catch (error) {',
        '  console.log(JSON.stringify({ ok: false, name: error.name }));',
        '}',
      ].join('\n'),
    );
    bundle = join(dir, 'index.mjs');
    const result = await build({
      ...crisisBuildOptions(cfg, {}),
      entryPoints: [entry],
      outfile: bundle,
      nodePaths: [join(REPO_ROOT, 'node_modules')],
      metafile: true,
    });
    metafile = result.metafile;
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const runBundle = async (env: Record<string, string>) => {
    const { stdout } = await run(process.execPath, [bundle], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return JSON.parse(stdout.trim()) as {
      ok: boolean;
      accessKeyId?: string;
      sessionToken?: string;
      name?: string;
    };
  };

  it('signs with the credentials Lambda puts in the environment', async () => {
    await expect(
      runBundle({
        AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEROLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session-token',
      }),
    ).resolves.toEqual({ ok: true, accessKeyId: 'ASIAEXAMPLEROLE', sessionToken: 'session-token' });
  });

  it('fails plainly without them, and looks nowhere else (no files, no metadata endpoint)', async () => {
    await expect(runBundle({ HOME: dir, AWS_PROFILE: 'nope' })).resolves.toEqual({
      ok: false,
      name: 'CredentialsProviderError',
    });
  });

  it('bundles none of the other providers or the STS and SSO clients they use', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((i) => i.includes('credential-provider-env'))).toBe(true);
    for (const gone of [
      'credential-provider-node',
      'credential-provider-ini',
      'credential-provider-sso',
      'credential-provider-web-identity',
      'credential-provider-process',
      'nested-clients',
    ])
      expect(inputs.filter((i) => i.includes(`/${gone}/`))).toEqual([]);
  });
});
