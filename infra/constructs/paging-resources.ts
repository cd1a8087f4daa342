import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IDependable } from 'constructs';
import { alarmNamePrefix } from './alarms.js';

export interface PagingResourcesProps {
  readonly stage: string;
  readonly key: IKey;
  /** Gets every alarm and its recovery (after confirming AWS's subscription email). */
  readonly alarmEmail?: string;
}

/**
 * The stateful side of paging: the timer queue (with its dead-letter queue), the email page topic,
 * the topic two-way SMS replies arrive on, and the topic alarms go to. All encrypted with the data key.
 */
export class PagingResources extends Construct {
  readonly timerQueue: Queue;
  readonly timerDeadLetters: Queue;
  readonly emailTopic: Topic;
  readonly inboundSmsTopic: Topic;
  /** The topic policy that lets End User Messaging publish replies: a number's two-way channel needs it first. */
  readonly inboundSmsPublish?: IDependable;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: PagingResourcesProps) {
    super(scope, id);
    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.key, enforceSSL: true };

    this.timerDeadLetters = new Queue(this, 'TimerDeadLetters', {
      ...encryption,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.timerDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the timer queue; an alarm fires on its first message.',
    });
    this.timerQueue = new Queue(this, 'TimerQueue', {
      ...encryption,
      // Six times the escalate function's timeout, as AWS advises for Lambda event sources.
      visibilityTimeout: Duration.seconds(60),
      // Timers are re-sent before they expire (delays stop at 15 minutes); a day covers any backlog.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.timerDeadLetters, maxReceiveCount: 5 },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.emailTopic = new Topic(this, 'EmailPages', {
      displayName: `crisis-router ${props.stage} pages`,
      masterKey: props.key,
      enforceSSL: true,
    });
    this.inboundSmsTopic = new Topic(this, 'InboundSms', {
      displayName: `crisis-router ${props.stage} SMS replies`,
      masterKey: props.key,
      enforceSSL: true,
    });
    // End User Messaging publishes two-way SMS replies to this topic and encrypts them with the key: only
    // for numbers of this account and region (the confused-deputy conditions its guide recommends).
    // One statement each, on topic and key: Topic.grantPublish would add a second, unconditioned key grant.
    const smsVoice = new ServicePrincipal('sms-voice.amazonaws.com');
    const fromSmsVoice = sourceConditions(this, 'sms-voice', '*');
    this.inboundSmsPublish = this.inboundSmsTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [smsVoice],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: fromSmsVoice,
      }),
    ).policyDependable;
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [smsVoice],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromSmsVoice,
      }),
    );
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: `crisis-router ${props.stage} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    // CloudWatch alarms publish to the encrypted alarm topic: they need the key too, for this stage's alarms.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: sourceConditions(this, 'cloudwatch', `alarm:${alarmNamePrefix(props.stage)}*`),
      }),
    );
  }
}

/** A service principal acting for a resource of this account and region only (aws:SourceAccount/SourceArn). */
function sourceConditions(scope: Construct, service: string, resource: string) {
  const { account, partition, region } = Stack.of(scope);
  return {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': `arn:${partition}:${service}:${region}:${account}:${resource}` },
  };
}
