import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

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
    // AWS End User Messaging publishes two-way SMS replies to this topic and encrypts with the key.
    const smsVoice = new ServicePrincipal('sms-voice.amazonaws.com');
    this.inboundSmsTopic.grantPublish(smsVoice);
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [smsVoice],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: `crisis-router ${props.stage} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    // CloudWatch alarms publish to the encrypted alarm topic: they need the key too.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
  }
}
