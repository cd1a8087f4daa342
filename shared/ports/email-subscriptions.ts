/**
 * Email pages go to one topic, and each address is a subscription filtered on its person: the provider
 * mails the person a confirmation link, and only a confirmed subscription receives anything. So an email
 * method is verified by its subscription's state, read back from the provider, not by a code.
 */
export type SubscriptionState = 'pending' | 'confirmed' | 'gone';

export interface EmailSubscriptions {
  /** `audience`: the person's audienceOf, the attribute their email pages carry. */
  subscribe(audience: string, address: string): Promise<{ subscriptionId: string }>;
  state(subscriptionId: string): Promise<SubscriptionState>;
  /** Never an error for a subscription that is already gone or still pending (it then expires by itself). */
  unsubscribe(subscriptionId: string): Promise<void>;
}
