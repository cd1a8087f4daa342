import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ContactChannel } from '../../domain/model.js';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';
import { notConfigured } from '../channel-pager.js';

type Failure = SendResult & { ok: false };

/**
 * Refusals that are about our own account, region or configuration and never about the person paged: IAM,
 * the KMS key of the topic, SMS not enabled or not allowed from here. They are retried and raised to ops.
 */
const ACCOUNT_LEVEL = new Set([
  'AuthorizationErrorException',
  'InvalidSecurityException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
  'NotFoundException',
  'ValidationException',
]);

/** An email page we cannot even address: no topic deployed, or a page without a clinician to filter on. */
const NO_EMAIL_ROUTE: Failure = { ok: false, code: 'NoEmailRoute', permanent: false, accountLevel: true };

const INVALID_PARAMETER = new Set(['InvalidParameterException', 'InvalidParameterValueException']);

/**
 * SNS answers InvalidParameter both for a bad destination and for a request our account cannot send: an
 * origination number or sender ID it does not own, the SMS sandbox (unverified destination), a region
 * without SMS, a topic that is not there, an attribute, subject or message it refuses. Only a message that
 * names the destination, with no word of the account's own setup, holds the number against the person:
 * `Invalid parameter: PhoneNumber Reason: +4477… is not valid to publish to`. Any other InvalidParameter is
 * about the request we built, so it is ours to fix.
 */
const ABOUT_THE_DESTINATION = /phone ?number|destination|not valid to publish to/i;
const ABOUT_OUR_SETUP =
  /origination|sender ?id|sandbox|verif|region|account|topic|spend|regist|10dlc|toll.?free|short ?code|pool|configuration|attribute|permission|authori[sz]/i;

export function classifySendError(error: unknown, channel: ContactChannel = 'sms'): Failure {
  const failure = classify(error);
  // An email page is one publish to our topic: SNS never learns the address there, so a refusal of that
  // publish is never about the person (a bouncing address shows up on the subscription, not here).
  if (channel === 'email' && failure.permanent) return { ...failure, permanent: false, accountLevel: true };
  return failure;
}

function classify(error: unknown): Failure {
  const name = (error as Error | undefined)?.name ?? 'UnknownError';
  const message = String((error as Error | undefined)?.message ?? '');
  const code = name.replace(/Exception$/, '');
  // The number opted out of SMS from this account (STOP): only the person can undo it.
  if (name === 'OptedOutException') return { ok: false, code, permanent: true };
  if (INVALID_PARAMETER.has(name)) {
    if (ABOUT_THE_DESTINATION.test(message) && !ABOUT_OUR_SETUP.test(message))
      return { ok: false, code, permanent: true };
    // Not about the person: whatever SNS refused is ours to fix, so no contact is marked broken.
    return { ok: false, code, permanent: false, accountLevel: true };
  }
  if (ACCOUNT_LEVEL.has(name)) return { ok: false, code, permanent: false, accountLevel: true };
  // Throttling, 5xx, timeouts, anything unknown: passing, retried.
  return { ok: false, code, permanent: false };
}

/**
 * SMS by direct publish (Transactional: delivery over cost) and email through one topic whose
 * subscriptions filter on the page's audience (one person of one clinic). The SDK's own retries handle throttling and 5xx first;
 * what still fails is reported, and the escalation engine decides (re-attempt, or move on).
 */
export class SnsPager implements Pager {
  constructor(
    private readonly sns: SNSClient,
    private readonly emailTopicArn: string | undefined,
    private readonly smsAttributes: Record<string, string> = {},
  ) {}

  async send(page: OutgoingPage): Promise<SendResult> {
    // SNS neither calls nor pushes: those channels have pagers of their own (ChannelPager).
    if (page.channel !== 'sms' && page.channel !== 'email') return notConfigured(page.channel);
    // Our own configuration, never the person's fault: raised to ops, and the email contact is not marked broken.
    if (page.channel === 'email' && (!this.emailTopicArn || !page.audience)) return { ...NO_EMAIL_ROUTE };
    try {
      const { MessageId } = await this.sns.send(page.channel === 'sms' ? this.sms(page) : this.email(page));
      return { ok: true, messageId: MessageId ?? 'unknown' };
    } catch (error) {
      return classifySendError(error, page.channel);
    }
  }

  private sms(page: OutgoingPage) {
    const attributes: Record<string, string> = {
      'AWS.SNS.SMS.SMSType': 'Transactional',
      ...this.smsAttributes,
    };
    return new PublishCommand({
      PhoneNumber: page.to,
      Message: page.text,
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
      ),
    });
  }

  private email(page: OutgoingPage) {
    return new PublishCommand({
      TopicArn: this.emailTopicArn,
      Subject: page.subject,
      Message: page.text,
      MessageAttributes: { audience: { DataType: 'String', StringValue: page.audience } },
    });
  }
}
