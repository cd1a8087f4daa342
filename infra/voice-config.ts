// The `voice` part of a stage's config: who places voice pages' calls. Absent: voice methods cannot be added.
import * as z from 'zod';

const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number such as +447700900123');

const connect = z.strictObject({
  /** Calls that take keys (1 accepts, 2 declines): an Amazon Connect instance of this account and region. */
  provider: z.literal('connect'),
  instanceArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:connect:[a-z0-9-]+:[0-9]{12}:instance\/[0-9a-f-]{36}$/,
      'must be the ARN of an Amazon Connect instance, e.g. arn:aws:connect:eu-west-2:123456789012:instance/…',
    ),
  /** A number claimed in that instance: voice pages come from it. */
  sourcePhoneNumber: e164,
});

const endUserMessaging = z.strictObject({
  /** Text-to-speech calls through End User Messaging SMS and Voice: no keys, the call says how to answer. */
  provider: z.literal('end-user-messaging'),
  /** A voice-capable number of the account in End User Messaging, by its id (`phone-…`). */
  phoneNumberId: z
    .string()
    .regex(
      /^phone-[0-9a-z]{8,64}$/i,
      'must be the id End User Messaging gives the number, e.g. phone-0a1b2c…',
    ),
  /** An Amazon Polly voice End User Messaging offers, upper case. */
  voiceId: z
    .string()
    .regex(/^[A-Z]+$/, 'must be a voice name in upper case, such as JOANNA or AMY')
    .default('JOANNA'),
});

export const voiceConfigSchema = z.discriminatedUnion('provider', [connect, endUserMessaging], {
  error: 'provider must be "connect" or "end-user-messaging"',
});

export type VoiceConfig = z.output<typeof voiceConfigSchema>;
