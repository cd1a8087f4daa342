import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';

// Failures that no retry can fix: the number opted out of SMS, or SNS rejects the number or message.
const PERMANENT = new Set([
  'OptedOutException',
  'InvalidParameterException',
  'InvalidParameterValueException',
]);

export function classifySendError(error: unknown): SendResult & { ok: false } {
  const name = (error as Error | undefined)?.name ?? 'UnknownError';
  const code = name.replace(/Exception$/, '');
  return { ok: false, code, permanent: PERMANENT.has(name) };
}

/**
 * SMS by direct publish (Transactional: delivery over cost) and email through one topic whose
 * subscriptions filter on clinicianId. The SDK's own retries handle throttling and 5xx first;
 * what still fails is reported, and the escalation engine decides (re-attempt, or move on).
 */
export class SnsPager implements Pager {
  constructor(
    private readonly sns: SNSClient,
    private readonly emailTopicArn: string | undefined,
    private readonly smsAttributes: Record<string, string> = {},
  ) {}

  async send(page: OutgoingPage): Promise<SendResult> {
    try {
      const { MessageId } = await this.sns.send(page.channel === 'sms' ? this.sms(page) : this.email(page));
      return { ok: true, messageId: MessageId ?? 'unknown' };
    } catch (error) {
      return classifySendError(error);
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
    if (!this.emailTopicArn || !page.clinicianId)
      throw Object.assign(new Error('no email route'), { name: 'InvalidParameterException' });
    return new PublishCommand({
      TopicArn: this.emailTopicArn,
      Subject: page.subject,
      Message: page.text,
      MessageAttributes: { clinicianId: { DataType: 'String', StringValue: page.clinicianId } },
    });
  }
}
