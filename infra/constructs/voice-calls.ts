import { ArnFormat, Duration, Fn, Stack } from 'aws-cdk-lib';
import { CfnContactFlow, CfnIntegrationAssociation } from 'aws-cdk-lib/aws-connect';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnConfigurationSet } from 'aws-cdk-lib/aws-smsvoice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names.js';
import type { VoiceConfig } from '../voice-config.js';
import type { CrisisFunction } from './crisis-function.js';
import { voicePageFlow } from './voice-flow.js';

/** What a function that places voice pages' calls gets: where calls come from, and leave to place them. */
export interface VoiceTargets {
  readonly environment: Record<string, string>;
  readonly statements: readonly PolicyStatement[];
}

/** The ones events (keypress, call ended) come back to: made by the caller, which owns function creation. */
export type MakeVoiceFunction = (
  name: 'voice-keypress' | 'call-ended',
  options?: { functionName?: string },
) => CrisisFunction;

export interface VoiceCallsProps {
  readonly stage: string;
  readonly voice: VoiceConfig;
  /** The data key: the call-events topic is encrypted with it. */
  readonly key: IKey;
}

/**
 * Voice pages' calls. With Connect: the contact flow (says the page, takes 1 or 2), the keypress function
 * associated with the instance, and a rule that feeds the end of each API-started call to the call-ended
 * function. With End User Messaging: a configuration set whose busy, no-answer and failed events go through
 * an encrypted topic to the call-ended function. Either way `targets` is what every paging function gets.
 */
export class VoiceCalls extends Construct {
  readonly targets: VoiceTargets;
  private readonly props: VoiceCallsProps;

  constructor(scope: Construct, id: string, props: VoiceCallsProps) {
    super(scope, id);
    this.props = props;
    this.targets = props.voice.provider === 'connect' ? this.connectTargets() : this.smsVoiceTargets();
  }

  /** The name the keypress function must have: the flow names it, so flow and function need no cycle. */
  get keypressFunctionName(): string {
    return `crisis-router-${this.props.stage}-voice-keypress`;
  }

  /** Builds the functions events come back to (once the paging targets exist, since both may page). */
  addEventFunctions(make: MakeVoiceFunction, asyncDeadLetters: IQueue): CrisisFunction[] {
    const { voice } = this.props;
    const callEnded = make('call-ended');
    if (voice.provider === 'end-user-messaging') {
      this.callEventsTopic?.addSubscription(
        new LambdaSubscription(callEnded, { deadLetterQueue: undefined }),
      );
      return [callEnded];
    }
    const keypress = make('voice-keypress', { functionName: this.keypressFunctionName });
    const instanceArn = voice.instanceArn;
    new CfnIntegrationAssociation(this, 'KeypressIntegration', {
      instanceId: instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: keypress.functionArn,
    });
    keypress.addPermission('InvokedByConnect', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      sourceArn: instanceArn,
      sourceAccount: Stack.of(this).account,
    });
    callEnded.addEnvironment(ENV.connectInstanceId, instanceIdOf(instanceArn));
    // The same `<instance>/contact/*` resource as its paging grant, acknowledged there (bindVoice).
    callEnded.addToRolePolicy(
      new PolicyStatement({
        actions: ['connect:GetContactAttributes'],
        resources: [`${instanceArn}/contact/*`],
      }),
    );
    new Rule(this, 'CallEnded', {
      description: 'crisis-router: the end of each voice page call (busy, no answer, no key pressed)',
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        detail: { eventType: ['DISCONNECTED'], instanceArn: [instanceArn], initiationMethod: ['API'] },
      },
      targets: [
        new LambdaFunction(callEnded, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: asyncDeadLetters,
        }),
      ],
    });
    return [keypress, callEnded];
  }

  private callEventsTopic?: Topic;

  private connectTargets(): VoiceTargets {
    const voice = this.props.voice as VoiceConfig & { provider: 'connect' };
    const stack = Stack.of(this);
    const keypressArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: this.keypressFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const flow = new CfnContactFlow(this, 'PageFlow', {
      instanceArn: voice.instanceArn,
      name: `crisis-router ${this.props.stage} voice page`,
      description: 'Says a crisis-router page and takes 1 (accept) or 2 (decline); no patient detail.',
      type: 'CONTACT_FLOW',
      content: voicePageFlow(keypressArn),
    });
    return {
      environment: {
        [ENV.voiceProvider]: 'connect',
        [ENV.connectInstanceId]: instanceIdOf(voice.instanceArn),
        // The flow's ARN ends …/contact-flow/<id>: calls name the flow by its id.
        [ENV.connectContactFlowId]: Fn.select(3, Fn.split('/', flow.attrContactFlowArn)),
        [ENV.voiceSourceNumber]: voice.sourcePhoneNumber,
      },
      // An outbound call is a new contact of the instance: Connect authorizes it on the instance's contacts.
      statements: [
        new PolicyStatement({
          actions: ['connect:StartOutboundVoiceContact'],
          resources: [`${voice.instanceArn}/contact/*`],
        }),
      ],
    };
  }

  private smsVoiceTargets(): VoiceTargets {
    const voice = this.props.voice as VoiceConfig & { provider: 'end-user-messaging' };
    const stack = Stack.of(this);
    const name = `crisis-router-${this.props.stage}-voice-pages`;
    const topic = new Topic(this, 'CallEvents', {
      displayName: `crisis-router ${this.props.stage} voice call events`,
      masterKey: this.props.key,
      enforceSSL: true,
    });
    const configurationSetArn = stack.formatArn({
      service: 'sms-voice',
      resource: 'configuration-set',
      resourceName: name,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': configurationSetArn },
        },
      }),
    );
    const set = new CfnConfigurationSet(this, 'CallConfigurationSet', {
      configurationSetName: name,
      eventDestinations: [
        {
          eventDestinationName: 'call-ended',
          enabled: true,
          matchingEventTypes: ['VOICE_BUSY', 'VOICE_NO_ANSWER', 'VOICE_FAILED', 'VOICE_TTL_EXPIRED'],
          snsDestination: { topicArn: topic.topicArn },
        },
      ],
    });
    set.node.addDependency(topic);
    this.callEventsTopic = topic;
    const numberArn = stack.formatArn({
      service: 'sms-voice',
      resource: 'phone-number',
      resourceName: voice.phoneNumberId,
    });
    return {
      environment: {
        [ENV.voiceProvider]: 'sms-voice',
        [ENV.voiceSourceNumber]: voice.phoneNumberId,
        [ENV.voiceConfigurationSet]: name,
        [ENV.voiceId]: voice.voiceId,
      },
      statements: [
        new PolicyStatement({
          actions: ['sms-voice:SendVoiceMessage'],
          resources: [numberArn, configurationSetArn],
        }),
      ],
    };
  }
}

const instanceIdOf = (instanceArn: string) => instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
