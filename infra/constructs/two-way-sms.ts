import { Annotations, ArnFormat, CfnOutput, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPhoneNumber } from 'aws-cdk-lib/aws-smsvoice';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { AwsCustomResource, PhysicalResourceId, type AwsSdkCall } from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import type { SmsConfig } from '../sms-config.js';

export interface TwoWaySmsProps {
  readonly stage: string;
  /** Where replies go: the topic sms-inbound is subscribed to. */
  readonly inboundTopic: ITopic;
  /** The topic policy statement that lets sms-voice publish to it. */
  readonly inboundTopicPolicy?: IDependable;
  /** The number: one the operator owns (number + id), one the stack requests, or neither. */
  readonly sms: Pick<SmsConfig, 'originationNumber' | 'phoneNumberId' | 'provisionNumber'>;
  /** A requested number is deletion-protected and retained (it is what clinicians have saved). */
  readonly protectData: boolean;
  /** For the wiring function's log group. */
  readonly logs: {
    readonly key: IKey;
    readonly retention: RetentionDays;
    readonly removalPolicy: RemovalPolicy;
  };
}

/**
 * Points the stage's number's two-way SMS channel at the inbound topic, so reply codes reach sms-inbound.
 *
 * AWS::SMSVOICE::PhoneNumber requests a new number; it cannot adopt one the operator already has (its
 * E.164 value is no key CloudFormation can import by). So a requested number gets TwoWay in its own
 * resource, and an existing one is updated in place (UpdatePhoneNumber) by a custom resource.
 */
export class TwoWaySms extends Construct {
  /** The E.164 number pages are sent from (a token when requested), or undefined without one. */
  readonly originationNumber?: string;

  constructor(scope: Construct, id: string, props: TwoWaySmsProps) {
    super(scope, id);
    const { sms, inboundTopic } = props;
    // The service may check that it can publish before it accepts the channel.
    const topicPolicy = props.inboundTopicPolicy;

    if (sms.provisionNumber) {
      const requested = sms.provisionNumber;
      const number = new CfnPhoneNumber(this, 'Number', {
        isoCountryCode: requested.isoCountryCode,
        numberType: requested.numberType,
        numberCapabilities: ['SMS'],
        mandatoryKeywords: {
          help: {
            message:
              requested.helpMessage ??
              'crisis-router on-call paging for your clinic. Reply with the code in a page to answer it.',
          },
          stop: {
            message:
              requested.stopMessage ??
              'You will get no more crisis-router pages by SMS. Tell your on-call lead to page you by email.',
          },
        },
        twoWay: { enabled: true, channelArn: inboundTopic.topicArn },
        deletionProtectionEnabled: props.protectData,
      });
      number.applyRemovalPolicy(props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
      if (topicPolicy) number.node.addDependency(topicPolicy);
      this.originationNumber = number.attrPhoneNumber;
      this.output(`on: ${number.attrPhoneNumber}, requested by this stack`);
      return;
    }

    if (sms.originationNumber && sms.phoneNumberId) {
      const wiring = this.wireExisting(sms.phoneNumberId, props);
      if (topicPolicy) wiring.node.addDependency(topicPolicy);
      this.originationNumber = sms.originationNumber;
      this.output(`on: ${sms.originationNumber} (${sms.phoneNumberId})`);
      return;
    }

    // Say so at synth: a stage without a number sends no SMS from one and gets no replies.
    Annotations.of(this).addInfoV2(
      'crisis-router:TwoWaySms.off',
      `Two-way SMS is off for ${props.stage}: no sms.originationNumber or sms.provisionNumber, so reply codes never arrive (clinicians answer by link).`,
    );
    this.output('off: no SMS number configured, reply codes never arrive');
  }

  /** UpdatePhoneNumber on create/update; on delete (or a change of number) two-way goes off again. */
  private wireExisting(phoneNumberId: string, props: TwoWaySmsProps): AwsCustomResource {
    const numberArn = Stack.of(this).formatArn({
      service: 'sms-voice',
      resource: 'phone-number',
      resourceName: phoneNumberId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const update = (enabled: boolean): AwsSdkCall => ({
      service: '@aws-sdk/client-pinpoint-sms-voice-v2',
      action: 'UpdatePhoneNumber',
      parameters: enabled
        ? { PhoneNumberId: phoneNumberId, TwoWayEnabled: true, TwoWayChannelArn: props.inboundTopic.topicArn }
        : { PhoneNumberId: phoneNumberId, TwoWayEnabled: false },
      physicalResourceId: PhysicalResourceId.of(phoneNumberId),
    });
    const logGroup = new LogGroup(this, 'WiringLogs', {
      encryptionKey: props.logs.key,
      retention: props.logs.retention,
      removalPolicy: props.logs.removalPolicy,
    });
    // Its own role with one managed policy, like every function here (no inline policy, no
    // AWSLambdaBasicExecutionRole): this one call on this one number, and its own log group.
    const role = new Role(this, 'WiringRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const policy = new ManagedPolicy(this, 'WiringPolicy', {
      roles: [role],
      statements: [
        new PolicyStatement({ actions: ['sms-voice:UpdatePhoneNumber'], resources: [numberArn] }),
        new PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });
    const wiring = new AwsCustomResource(this, 'Wiring', {
      onCreate: update(true),
      onUpdate: update(true),
      onDelete: update(false),
      role,
      // The Lambda runtime's SDK has the client; a runtime npm install would reach the internet at deploy.
      installLatestAwsSdk: false,
      logGroup,
    });
    // The call must not run before its permission is attached.
    wiring.node.addDependency(policy);
    acknowledgeProvider(Stack.of(this));
    return wiring;
  }

  private output(value: string): void {
    new CfnOutput(Stack.of(this), 'TwoWaySms', {
      description: 'Two-way SMS (reply codes): on, with the number replies come to, or off',
      value,
    });
  }
}

/** The stack's one AwsCustomResource function (a singleton CDK names by this uuid): runs only at deploy. */
function acknowledgeProvider(stack: Stack): void {
  const provider = stack.node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
  const acknowledge = (id: string, reason: string) => Validations.of(provider).acknowledge({ id, reason });
  const deployOnly =
    'CloudFormation invokes it once per deploy that changes the two-way wiring (one UpdatePhoneNumber call);';
  acknowledge(
    'HIPAA.Security-LambdaConcurrency',
    `${deployOnly} no request path reaches it, so a reservation would only take capacity from the crisis functions.`,
  );
  acknowledge(
    'HIPAA.Security-LambdaDLQ',
    `${deployOnly} a failure fails and rolls back that deploy in front of the operator; a dead-letter queue would hold an event nobody replays.`,
  );
  acknowledge(
    'HIPAA.Security-LambdaInsideVPC',
    `${deployOnly} it reaches only the End User Messaging API over TLS with IAM auth and holds no network-reachable resource.`,
  );
}
