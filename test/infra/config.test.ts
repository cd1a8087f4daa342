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
import { PROD_TEST_CONFIG, testConfig } from './synth-crisis-router.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const shipped = (stage: string) => readJson(join(CONFIG_DIR, `${stage}.json`));

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

/** The prod test config (config/prod.json with its placeholders filled in) with `edit` applied. */
const prod = (edit: Edit) => {
  const config = readJson(PROD_TEST_CONFIG);
  edit(config);
  return config;
};

// What config/prod.json ships as placeholders, and the test copy fills in.
const PLACEHOLDERS = ['alarmEmail', 'sms.originationNumber', 'sms.phoneNumberId'];

describe('the shipped configs', () => {
  it('config/dev.json is valid and names its own stage', () => {
    expect(loadDeploymentConfig('dev').stage).toBe('dev');
  });

  it('config/prod.json ships placeholders that production refuses, each field named', () => {
    const message = (() => {
      try {
        loadDeploymentConfig('prod');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message.split('\n')).toEqual([
      'config/prod.json is invalid:',
      expect.stringMatching(/^ {2}- alarmEmail: is an example address \(example\.org is reserved\); set /),
      expect.stringMatching(/^ {2}- sms\.originationNumber: is a fictional North American 555-01xx number; /),
      expect.stringMatching(/^ {2}- sms\.phoneNumberId: is the placeholder id; /),
    ]);
  });

  it('the tests synthesize prod from a copy that differs from config/prod.json only in the placeholders', () => {
    const withoutPlaceholders = (config: Config) => {
      const copy = structuredClone(config);
      for (const path of PLACEHOLDERS) unset(path)(copy);
      return copy;
    };
    const copy = readJson(PROD_TEST_CONFIG);
    expect(withoutPlaceholders(copy)).toEqual(withoutPlaceholders(shipped('prod')));
    for (const path of PLACEHOLDERS) expect(at(copy, path)[0][at(copy, path)[1]]).toBeDefined();
  });

  it('prod is stricter: production, protected data, a year of logs, reserved concurrency everywhere', () => {
    const config = testConfig('prod');
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
    [
      'provisioned concurrency for a function that does not exist',
      set('provisionedConcurrency', { 'submit-requests': 1 }),
      /provisionedConcurrency\.submit-requests: no function named "submit-requests"/,
    ],
    [
      'provisioned concurrency for a scheduled function',
      set('provisionedConcurrency', { sweeper: 1 }),
      /provisionedConcurrency\.sweeper: "sweeper" cannot keep provisioned concurrency: only the authorizer/,
    ],
    [
      'provisioned concurrency above the reservation',
      set('provisionedConcurrency', { 'rota-check': 1, 'list-keys': 6 }),
      /provisionedConcurrency\.list-keys: must be at most its reserved concurrency \(5\)/,
    ],
    [
      'no provisioned concurrency at all',
      set('provisionedConcurrency', { 'submit-request': 0 }),
      /provisionedConcurrency\.submit-request: must be at least 1/,
    ],
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

  const provision = (numberType: string) =>
    both(
      unset('sms.originationNumber'),
      unset('sms.phoneNumberId'),
      set('sms.provisionNumber', { isoCountryCode: 'GB', numberType }),
    );
  it.each<[string, Edit, RegExp]>([
    [
      'a number without its id',
      unset('sms.phoneNumberId'),
      /sms\.phoneNumberId: required with originationNumber: two-way SMS is turned on by the id/,
    ],
    [
      'an id without its number',
      unset('sms.originationNumber'),
      /sms\.originationNumber: required with phoneNumberId/,
    ],
    [
      'an own number and a requested one',
      set('sms.provisionNumber', { isoCountryCode: 'GB', numberType: 'LONG_CODE' }),
      /sms\.provisionNumber: set originationNumber \(a number you own\) or provisionNumber, not both/,
    ],
    ['a malformed id', set('sms.phoneNumberId', '+447911123456'), /sms\.phoneNumberId: must be the id/],
    [
      'a 10DLC number to request',
      provision('TEN_DLC'),
      /sms\.provisionNumber\.numberType: .*10DLC needs a registration/,
    ],
    [
      'a simulator number in production',
      provision('SIMULATOR'),
      /sms\.provisionNumber\.numberType: SIMULATOR numbers never reach a phone/,
    ],
    [
      'a country that is not a code',
      both(provision('LONG_CODE'), set('sms.provisionNumber.isoCountryCode', 'UK1')),
      /sms\.provisionNumber\.isoCountryCode: must be a two-letter/,
    ],
  ])('SMS number rules: %s', (_name, breakIt, message) => {
    expect(problems(prod(breakIt))).toMatch(message);
  });

  it('production may have the stack request its number instead of bringing one', () => {
    expect(problems(prod(provision('LONG_CODE')))).toBe('');
    expect(
      problems({
        ...shipped('dev'),
        sms: { monthlySpendLimitUsd: 1, provisionNumber: { isoCountryCode: 'US', numberType: 'SIMULATOR' } },
      }),
    ).toBe('');
  });

  it.each<[string, string, RegExp]>([
    ['alarmEmail', 'oncall@example.com', /alarmEmail: is an example address \(example\.com is reserved\)/],
    ['alarmEmail', 'oncall@example.net', /alarmEmail: is an example address/],
    ['alarmEmail', 'oncall@alerts.example.org', /alarmEmail: is an example address/],
    ['alarmEmail', 'oncall@example.co.uk', /alarmEmail: is an example address/],
    ['alarmEmail', 'oncall@clinic.test', /alarmEmail: is an example address/],
    ['alarmEmail', 'oncall@clinic.invalid', /alarmEmail: is an example address/],
    [
      'sms.originationNumber',
      '+12025550100',
      /sms\.originationNumber: is a fictional North American 555-01xx/,
    ],
    ['sms.originationNumber', '+14165550199', /sms\.originationNumber: is a fictional North American/],
    [
      'sms.originationNumber',
      '+447700900123',
      /sms\.originationNumber: is an Ofcom drama number \(07700 900xxx\)/,
    ],
    [
      'sms.originationNumber',
      '+441632960001',
      /sms\.originationNumber: is an Ofcom drama number \(01632 960xxx\)/,
    ],
    [
      'sms.originationNumber',
      '+442079460999',
      /sms\.originationNumber: is an Ofcom drama number \(020 7946 0xxx\)/,
    ],
    [
      'sms.phoneNumberId',
      'phone-00000000000000000000000000000000',
      /sms\.phoneNumberId: is the placeholder id/,
    ],
  ])('production refuses the reserved example %s %s', (path, value, message) => {
    expect(problems(prod(set(path, value)))).toMatch(message);
  });

  it.each<[string, string]>([
    ['alarmEmail', 'oncall@clinic.org'],
    ['alarmEmail', 'oncall@example-clinic.org'],
    ['sms.originationNumber', '+12025550200'], // 555-0200: outside the fictional 0100–0199
    ['sms.originationNumber', '+447700901123'], // 07700 901xxx: outside the drama range
  ])('production accepts the real-looking %s %s', (path, value) => {
    expect(problems(prod(set(path, value)))).toBe('');
  });

  it('a dev config pinned to an account must not keep example values either', () => {
    const devPinned = { ...shipped('dev'), account: '123456789012', region: 'eu-west-2' };
    expect(problems({ ...devPinned, alarmEmail: 'ops@example.com' })).toMatch(/alarmEmail: is an example/);
    expect(problems({ ...shipped('dev'), alarmEmail: 'ops@example.com' })).toBe(''); // dev unpinned: fine
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

  it('`cdk synth -c stage=prod` with the shipped config/prod.json fails, naming each placeholder', () => {
    const result = spawnSync(join('node_modules', '.bin', 'tsx'), ['infra/app.ts'], {
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'prod' }) },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/config\/prod\.json is invalid:/);
    for (const field of PLACEHOLDERS)
      expect(result.stderr).toMatch(new RegExp(`^ {2}- ${field.replace('.', '\\.')}: is `, 'm'));
  });
});
