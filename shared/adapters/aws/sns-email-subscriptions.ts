import {
  GetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { EmailSubscriptions, SubscriptionState } from '../../ports/email-subscriptions.js';

const GONE = new Set(['NotFoundException', 'NotFound']);

/**
 * Each email method is one subscription of the email page topic, filtered on the person the page is for
 * (the pager's `audience` message attribute: clinic and person, so equal ids in two clinics never meet). SNS mails the confirmation link itself; until it is opened
 * the subscription is pending, receives nothing, and the method is not paged.
 */
export class SnsEmailSubscriptions implements EmailSubscriptions {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async subscribe(audience: string, address: string) {
    const { SubscriptionArn } = await this.sns.send(
      new SubscribeCommand({
        TopicArn: this.topicArn,
        Protocol: 'email',
        Endpoint: address,
        // Without it SNS answers "pending confirmation" instead of an ARN, and the state could not be read back.
        ReturnSubscriptionArn: true,
        Attributes: {
          FilterPolicy: JSON.stringify({ audience: [audience] }),
          FilterPolicyScope: 'MessageAttributes',
        },
      }),
    );
    if (!SubscriptionArn)
      throw Object.assign(new Error('no subscription returned'), { name: 'NoSubscription' });
    return { subscriptionId: SubscriptionArn };
  }

  async state(subscriptionId: string): Promise<SubscriptionState> {
    try {
      const { Attributes } = await this.sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionId }),
      );
      return Attributes?.PendingConfirmation === 'false' ? 'confirmed' : 'pending';
    } catch (error) {
      if (GONE.has((error as Error).name)) return 'gone';
      throw error;
    }
  }

  async unsubscribe(subscriptionId: string) {
    try {
      await this.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionId }));
    } catch (error) {
      // A pending subscription cannot be removed (SNS deletes it after three days unconfirmed); a gone one is done.
      const name = (error as Error).name;
      if (!GONE.has(name) && name !== 'InvalidParameterException') throw error;
    }
  }
}
