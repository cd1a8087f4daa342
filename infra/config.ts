// The deployment configuration of one stage: config/<stage>.json (or the file `-c config=<path>` names),
// checked with zod at synth. A bad file fails `cdk synth` before any construct exists, with one line per
// problem naming the field, e.g. `config/prod.json: sms.monthlySpendLimitUsd: must be greater than 0`.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { routes, triggers } from '../functions/routes.js';
import { reservedExample } from './reserved-examples.js';
import { pushConfigSchema, pushIssues } from './push-config.js';
import { smsConfigSchema, smsIssues } from './sms-config.js';
import { voiceConfigSchema } from './voice-config.js';

export const CONFIG_DIR = fileURLToPath(new URL('../config/', import.meta.url));

/** Every Lambda function of the app by its folder name: one per route and trigger, the authorizer, the web. */
export const FUNCTION_NAMES: readonly string[] = [
  'authorizer',
  'web',
  ...routes.map((r) => r.name),
  ...triggers.map((t) => t.name),
];

/**
 * Functions that may keep provisioned concurrency: what API Gateway invokes (the authorizer, each route) and
 * the two event-driven steps of a page (timers, SMS replies). They are invoked through their `live` alias.
 */
export const PROVISIONABLE_FUNCTIONS: readonly string[] = [
  'authorizer',
  ...routes.map((r) => r.name),
  'escalate',
  'sms-inbound',
];

// The values CloudWatch Logs accepts for a log group's retention (RetentionDays without INFINITE).
const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE,
);

const origin = z
  .string()
  .regex(
    /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?$/,
    'must be an https origin with no path or trailing slash, e.g. https://hotline.example.org',
  );
const concurrency = z.int('must be a whole number').min(1, 'must be at least 1 (0 would stop the function)');

export const deploymentConfigSchema = z
  .strictObject({
    /** Names the stacks (`CrisisRouter-<stage>-…`), the API stage and the key alias. */
    stage: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lowercase letters, digits and dashes, ≤ 20'),
    /** Stricter checks below; `stage: "prod"` must say true. */
    production: z.boolean(),
    /** Both or neither. Without them the stacks are environment-agnostic (deploy to the CLI's account). */
    account: z
      .string()
      .regex(/^[0-9]{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, 'must be an AWS region such as eu-west-2')
      .optional(),
    /** Table and key: deletion protection and RETAIN on stack deletion (true), or DESTROY (dev only). */
    protectData: z.boolean(),
    /** Subscribed to the alarm topic (AWS sends a confirmation email first). */
    alarmEmail: z.email('must be an email address').optional(),
    sms: smsConfigSchema,
    /** Voice pages' calls (Amazon Connect, or End User Messaging text-to-speech); none when absent. */
    voice: voiceConfigSchema.optional(),
    /** Push pages (Web Push): on by default; their VAPID subject. */
    push: pushConfigSchema,
    retention: z.strictObject({
      /** CloudWatch Logs retention of every log group (function, API access/execution, WAF). */
      logDays: z.number().refine((days) => LOG_RETENTION_DAYS.includes(days), {
        message: `must be one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
      }),
      /** Point-in-time recovery window of the table, 1..35 days. */
      backupDays: z.int().min(1).max(35),
    }),
    cors: z
      .strictObject({ allowedOrigins: z.array(origin).max(10, 'at most 10 origins') })
      .default({ allowedOrigins: [] }),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    /** Base of the links in pages when the API sits behind a custom domain; default: the execute-api URL. */
    publicBaseUrl: z
      .url({ protocol: /^https$/, error: 'must be an https URL' })
      .refine((url) => !url.endsWith('/'), 'must not end with a slash')
      .optional(),
    /** Reserved concurrency per function (default, and per folder name); absent: none reserved. */
    reservedConcurrency: z
      .strictObject({
        default: concurrency,
        functions: z.record(z.string(), concurrency).default({}),
      })
      .optional(),
    /**
     * Environments kept initialised per function (folder name → count), so a first page meets no cold start;
     * each costs about $4.32 a month at 512 MB on arm64 (docs/deploy.md). Absent: none.
     */
    provisionedConcurrency: z.record(z.string(), concurrency).optional(),
    waf: z.strictObject({
      /** Requests per client IP per 5 minutes before the WAF answers 429. */
      rateLimitPer5Minutes: z.int().min(100).max(2_000_000_000),
    }),
  })
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });

    if ((config.account === undefined) !== (config.region === undefined))
      issue([config.account ? 'region' : 'account'], 'set account and region together, or neither');

    for (const name of Object.keys(config.reservedConcurrency?.functions ?? {}))
      if (!FUNCTION_NAMES.includes(name))
        issue(['reservedConcurrency', 'functions', name], `no function named "${name}"`);
    // The timer queue's event source needs a maximum concurrency of at least 2, within the reservation.
    const escalate = reservedConcurrencyOf(config, 'escalate');
    if (escalate !== undefined && escalate < 2)
      issue(
        ['reservedConcurrency', 'functions', 'escalate'],
        'must be at least 2 (SQS event source minimum)',
      );

    for (const [name, count] of Object.entries(config.provisionedConcurrency ?? {})) {
      const at = ['provisionedConcurrency', name];
      if (!PROVISIONABLE_FUNCTIONS.includes(name))
        issue(
          at,
          FUNCTION_NAMES.includes(name)
            ? `"${name}" cannot keep provisioned concurrency: only the authorizer, the API routes, escalate and sms-inbound can`
            : `no function named "${name}"`,
        );
      const reserved = reservedConcurrencyOf(config, name);
      if (reserved !== undefined && count > reserved)
        issue(
          at,
          `must be at most its reserved concurrency (${reserved}): Lambda keeps it within the reservation`,
        );
    }

    const { sms } = config;
    smsIssues(sms, config.production, issue);

    if (config.stage === 'prod' && !config.production)
      issue(['production'], 'must be true for the prod stage');
    if (config.production) {
      if (!config.protectData) issue(['protectData'], 'must be true in production');
      if (!config.alarmEmail) issue(['alarmEmail'], 'required in production: alarms must reach someone');
      if (config.retention.logDays < 365)
        issue(['retention', 'logDays'], 'must be at least 365 in production (incident reviews)');
      if (config.retention.backupDays < 7)
        issue(['retention', 'backupDays'], 'must be at least 7 in production');
      if (!config.reservedConcurrency)
        issue(['reservedConcurrency'], 'required in production: crisis paths keep capacity of their own');
    }
    // Production, or a config pinned to an account, is about to be deployed: no example value left in it.
    if (config.production || config.account) {
      const example = (path: string[], value: string | undefined, instead: string) => {
        const what = value === undefined ? undefined : reservedExample(value);
        if (what) issue(path, `is ${what}; set ${instead}`);
      };
      example(['alarmEmail'], config.alarmEmail, 'the address that should get alarms');
      example(
        ['sms', 'originationNumber'],
        sms.originationNumber,
        'the number you own in End User Messaging SMS',
      );
      if (sms.phoneNumberId && /^phone-0+$/.test(sms.phoneNumberId))
        issue(['sms', 'phoneNumberId'], "is the placeholder id; set your number's id");
      if (config.voice?.provider === 'connect')
        example(
          ['voice', 'sourcePhoneNumber'],
          config.voice.sourcePhoneNumber,
          'the number claimed in your instance',
        );
      if (config.voice?.provider === 'end-user-messaging' && /^phone-0+$/.test(config.voice.phoneNumberId))
        issue(['voice', 'phoneNumberId'], "is the placeholder id; set your number's id");
      pushIssues(config.push, issue);
    }
  });

export type DeploymentConfig = z.output<typeof deploymentConfigSchema>;

/** A config file that cannot be used; the message lists every problem, one field per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates parsed JSON; `source` names the file in the message. */
export function parseDeploymentConfig(raw: unknown, source: string): DeploymentConfig {
  const result = deploymentConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const line = (path: PropertyKey[], message: string) =>
    `  - ${path.length > 0 ? path.map(String).join('.') : '(file)'}: ${message}`;
  const lines = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => line([...issue.path, key], 'unknown field (a typo?)'))
      : [line(issue.path, issue.message)],
  );
  throw new ConfigError(`${source} is invalid:\n${lines.join('\n')}`);
}

/**
 * Reads and validates the config of `stage`: `file` if given (relative to the working directory), else
 * config/<stage>.json. The file's own `stage` must match, so `-c stage=prod` never deploys a dev file.
 */
export function loadDeploymentConfig(stage: string, options: { file?: string } = {}): DeploymentConfig {
  const path = options.file ? resolve(options.file) : resolve(CONFIG_DIR, `${stage}.json`);
  const fromHere = relative(process.cwd(), path);
  const shown = fromHere && !fromHere.startsWith('..') ? fromHere : path;
  if (!existsSync(path))
    throw new ConfigError(
      `${shown} not found: every stage needs a config file (copy config/dev.json and edit it; docs/deploy.md)`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${shown} is not valid JSON: ${(error as Error).message}`);
  }
  const config = parseDeploymentConfig(raw, shown);
  if (config.stage !== stage)
    throw new ConfigError(
      `${shown} is invalid:\n  - stage: is "${config.stage}" but the stage asked for is "${stage}"`,
    );
  return config;
}

/** The reserved concurrency of one function under this config, or undefined when none is reserved. */
export function reservedConcurrencyOf(config: DeploymentConfig, name: string): number | undefined {
  const reserved = config.reservedConcurrency;
  return reserved ? (reserved.functions[name] ?? reserved.default) : undefined;
}
