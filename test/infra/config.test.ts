// The deployment config: both shipped files are valid, and a broken one fails synth with a message that
// names the field, through the loader and through `cdk synth`'s own entry point (infra/app.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  CONFIG_DIR,
  ConfigError,
  loadDeploymentConfig,
  parseDeploymentConfig,
  reservedConcurrencyOf,
} from '../../infra/config.js';

const shipped = (stage: string) =>
  JSON.parse(readFileSync(join(CONFIG_DIR, `${stage}.json`), 'utf8')) as Record<string, unknown>;

/** The message parseDeploymentConfig throws for `raw`, or '' when it is valid. */
function problems(raw: unknown): string {
  try {
    parseDeploymentConfig(raw, 'config/test.json');
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

type Config = Record<string, unknown>;
type Edit = (config: Config) => void;

function at(config: Config, path: string): [Config, string] {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = config;
  for (const key of keys) node = node[key] as Config;
  return [node, last];
}
const set =
  (path: string, value: unknown): Edit =>
  (config) => {
    const [node, key] = at(config, path);
    node[key] = value;
  };
const unset =
  (path: string): Edit =>
  (config) => {
    const [node, key] = at(config, path);
    delete node[key];
  };
const both =
  (...edits: Edit[]): Edit =>
  (config) => {
    for (const edit of edits) edit(config);
  };

/** The shipped prod config with `edit` applied. */
const prod = (edit: Edit) => {
  const config = structuredClone(shipped('prod'));
  edit(config);
  return config;
};

describe('the shipped configs', () => {
  it.each(['dev', 'prod'])('config/%s.json is valid and names its own stage', (stage) => {
    expect(loadDeploymentConfig(stage).stage).toBe(stage);
  });

  it('prod is stricter: production, protected data, a year of logs, reserved concurrency everywhere', () => {
    const config = loadDeploymentConfig('prod');
    expect(config).toMatchObject({ production: true, protectData: true });
    expect(config.retention.logDays).toBeGreaterThanOrEqual(365);
    expect(config.alarmEmail).toBeDefined();
    expect(config.sms.originationNumber).toBeDefined();
    expect(reservedConcurrencyOf(config, 'submit-request')).toBe(20);
    expect(reservedConcurrencyOf(config, 'get-clinic')).toBe(5); // the default
    expect(reservedConcurrencyOf(loadDeploymentConfig('dev'), 'submit-request')).toBeUndefined();
  });
});

describe('a broken config names the field', () => {
  it.each<[string, Edit, RegExp]>([
    ['missing spend limit', unset('sms.monthlySpendLimitUsd'), /^ {2}- sms\.monthlySpendLimitUsd: /m],
    [
      'negative spend limit',
      set('sms.monthlySpendLimitUsd', -5),
      /sms\.monthlySpendLimitUsd: must be greater than 0/,
    ],
    ['bad email', set('alarmEmail', 'ops at clinic'), /alarmEmail: must be an email address/],
    ['bad number', set('sms.originationNumber', '07700 900123'), /sms\.originationNumber: must be an E\.164/],
    ['unknown key (typo)', set('alarmEmial', 'a@b.org'), /^ {2}- alarmEmial: unknown field \(a typo\?\)$/m],
    [
      'log retention CloudWatch cannot do',
      set('retention.logDays', 400.5),
      /retention\.logDays: must be one of/,
    ],
    ['backup window over 35 days', set('retention.backupDays', 90), /retention\.backupDays: /],
    [
      'wildcard CORS origin',
      set('cors.allowedOrigins', ['*']),
      /cors\.allowedOrigins\.0: must be an https origin/,
    ],
    [
      'http CORS origin',
      set('cors.allowedOrigins', ['http://hotline.example.org']),
      /cors\.allowedOrigins\.0: /,
    ],
    ['unknown log level', set('logLevel', 'VERBOSE'), /logLevel: /],
    [
      'publicBaseUrl over http',
      set('publicBaseUrl', 'http://crisis.example.org'),
      /publicBaseUrl: must be an https URL/,
    ],
    [
      'publicBaseUrl with a trailing slash',
      set('publicBaseUrl', 'https://crisis.example.org/'),
      /publicBaseUrl: must not end with a slash/,
    ],
    ['account without region', set('account', '123456789012'), /region: set account and region together/],
    [
      'reservation for a function that does not exist',
      set('reservedConcurrency.functions.submit-requst', 3),
      /reservedConcurrency\.functions\.submit-requst: no function named "submit-requst"/,
    ],
    [
      'reservation of 0 (would stop the function)',
      set('reservedConcurrency.default', 0),
      /reservedConcurrency\.default: must be at least 1/,
    ],
    [
      'escalate below the SQS minimum',
      set('reservedConcurrency.functions.escalate', 1),
      /reservedConcurrency\.functions\.escalate: must be at least 2/,
    ],
    ['WAF limit below 100', set('waf.rateLimitPer5Minutes', 10), /waf\.rateLimitPer5Minutes: /],
  ])('%s', (_name, breakIt, message) => {
    expect(problems(prod(breakIt))).toMatch(message);
  });

  it.each<[string, Edit, RegExp]>([
    ['prod without production', set('production', false), /production: must be true for the prod stage/],
    ['no data protection', set('protectData', false), /protectData: must be true in production/],
    ['no alarm email', unset('alarmEmail'), /alarmEmail: required in production/],
    [
      'no origination number',
      unset('sms.originationNumber'),
      /sms\.originationNumber: required in production/,
    ],
    [
      'a month of logs',
      set('retention.logDays', 30),
      /retention\.logDays: must be at least 365 in production/,
    ],
    ['no reserved concurrency', unset('reservedConcurrency'), /reservedConcurrency: required in production/],
  ])('production rules: %s', (_name, breakIt, message) => {
    expect(problems(prod(breakIt))).toMatch(message);
  });

  it('a config pinned to an account must not keep the example email and number', () => {
    const message = problems(prod(both(set('account', '123456789012'), set('region', 'eu-west-2'))));
    expect(message).toMatch(/alarmEmail: is still the example address/);
    expect(message).toMatch(/sms\.originationNumber: is still the example number/);
  });

  it('lists every problem at once, one line each, under the file name', () => {
    const message = problems(prod(both(set('alarmEmail', 'nope'), set('sms.monthlySpendLimitUsd', 0))));
    expect(message.split('\n')).toEqual([
      'config/test.json is invalid:',
      expect.stringMatching(/^ {2}- alarmEmail: /),
      expect.stringMatching(/^ {2}- sms\.monthlySpendLimitUsd: /),
    ]);
  });
});

describe('loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crisis-config-'));
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('a stage without a file says which file is missing', () => {
    expect(() => loadDeploymentConfig('qa')).toThrow(/config\/qa\.json not found/);
  });

  it('a file that is not JSON says so', () => {
    const file = write('broken.json', '{ "stage": "prod", ');
    expect(() => loadDeploymentConfig('prod', { file })).toThrow(/broken\.json is not valid JSON/);
  });

  it('a file for another stage is refused (never deploy dev settings as prod)', () => {
    const file = write('dev-as-prod.json', JSON.stringify(shipped('dev')));
    expect(() => loadDeploymentConfig('prod', { file })).toThrow(
      /stage: is "dev" but the stage asked for is "prod"/,
    );
  });

  it('`cdk synth` fails with the message and no stack trace (infra/app.ts, as the CDK CLI runs it)', () => {
    const file = write('bad-prod.json', JSON.stringify(prod(set('sms.monthlySpendLimitUsd', 'lots'))));
    const result = spawnSync(join('node_modules', '.bin', 'tsx'), ['infra/app.ts'], {
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'prod', config: file }) },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad-prod\.json is invalid:\n {2}- sms\.monthlySpendLimitUsd: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack frames
  });
});
