// The `sms` part of a stage's config: the number pages come from and replies go to, and the spend limit.
import * as z from 'zod';

const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number such as +447700900123');

// What AWS::SMSVOICE::PhoneNumber can request. Not 10DLC: those numbers come from a registration, which
// CloudFormation cannot do; bring one as originationNumber + phoneNumberId instead.
const provisionNumber = z.strictObject({
  isoCountryCode: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code such as GB'),
  numberType: z.enum(['LONG_CODE', 'TOLL_FREE', 'SIMULATOR'], {
    error:
      'must be LONG_CODE, TOLL_FREE or SIMULATOR (10DLC needs a registration: bring that number instead)',
  }),
  /** Carriers require answers to HELP and STOP; the defaults name crisis-router. */
  helpMessage: z.string().min(1).max(160).optional(),
  stopMessage: z.string().min(1).max(160).optional(),
});

export const smsConfigSchema = z.strictObject({
  /** A number you own in AWS End User Messaging SMS; needed for two-way replies (reply codes). */
  originationNumber: e164.optional(),
  /** That number's id in End User Messaging (`phone-…`): the stack turns on its two-way channel by id. */
  phoneNumberId: z
    .string()
    .regex(
      /^phone-[0-9a-z]{8,64}$/i,
      'must be the id End User Messaging gives the number, e.g. phone-0a1b2c…',
    )
    .optional(),
  /** Instead of a number of your own: the stack requests one (with two-way SMS) and keeps it. */
  provisionNumber: provisionNumber.optional(),
  /** The account's SNS SMS monthly spend limit (set in AWS, see docs/deploy.md); the alarm's reference. */
  monthlySpendLimitUsd: z.number().positive('must be greater than 0').max(1_000_000),
  /** Alarm when month-to-date SMS spend passes this share of the limit. */
  spendAlarmPercent: z.int().min(1).max(100).default(80),
});

export type SmsConfig = z.output<typeof smsConfigSchema>;

/** The rules across the fields: one number, own (with its id) or requested; production needs a real one. */
export function smsIssues(
  sms: SmsConfig,
  production: boolean,
  issue: (path: string[], message: string) => void,
): void {
  if (sms.originationNumber && sms.provisionNumber)
    issue(
      ['sms', 'provisionNumber'],
      'set originationNumber (a number you own) or provisionNumber, not both',
    );
  if (sms.originationNumber && !sms.phoneNumberId)
    issue(
      ['sms', 'phoneNumberId'],
      'required with originationNumber: two-way SMS is turned on by the id (aws pinpoint-sms-voice-v2 describe-phone-numbers)',
    );
  if (sms.phoneNumberId && !sms.originationNumber)
    issue(['sms', 'originationNumber'], 'required with phoneNumberId: the number pages are sent from');
  if (!production) return;
  if (!sms.originationNumber && !sms.provisionNumber)
    issue(
      ['sms', 'originationNumber'],
      'required in production (or provisionNumber): SMS replies need a number of your own',
    );
  if (sms.provisionNumber?.numberType === 'SIMULATOR')
    issue(
      ['sms', 'provisionNumber', 'numberType'],
      'SIMULATOR numbers never reach a phone: not in production',
    );
}
