// Voice pages on AWS: with Connect, the stack defines the contact flow (says the page, takes 1 or 2, hands
// the key to the keypress function), associates that function with the instance, and feeds the end of each
// API-started call to call-ended; with End User Messaging, a configuration set sends busy, no-answer and
// failed events through an encrypted topic to call-ended. Paging functions may place calls, and only that.
import { describe, expect, it } from '@jest/globals';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

// CloudFormation JSON, read as data: the assertions say what shape they expect.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; DependsOn?: string[] };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const INSTANCE = 'arn:aws:connect:eu-west-2:111122223333:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const connect = { provider: 'connect' as const, instanceArn: INSTANCE, sourcePhoneNumber: '+442071838750' };
const eum = { provider: 'end-user-messaging' as const, phoneNumberId: 'phone-1234abcd5678', voiceId: 'AMY' };

/** A Fn::Join's text with each token as a placeholder. */
const joined = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(separator);
};

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function synth(voice: typeof connect | typeof eum) {
  const synthesized = synthCrisisRouter('dev', { voice });
  const template = templateWithNested(synthesized.stateless);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const statementsOf = (name: string): Statement[] => {
    const fn = synthesized.stateless.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    const roleId = logicalIdOf(fn.role!);
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')
      .filter((r) => JSON.stringify(r.Properties.Roles).includes(roleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
  };
  const envOf = (name: string) => {
    const fn = synthesized.stateless.functions.get(name)!;
    const id = logicalIdOf(fn);
    return resources[id]!.Properties.Environment.Variables as Record<string, unknown>;
  };
  return { ...synthesized, template, resources, statementsOf, envOf };
}

const voiceStatements = (statements: Statement[]) =>
  statements.filter((s) => asArray(s.Action).some((a) => /^(connect|sms-voice):/.test(a)));

describe('Amazon Connect', () => {
  const app = synth(connect);

  it('defines the page flow: answered mark, the page said, 1 or 2 asked twice, the key to the keypress function', () => {
    const [flow] = Object.values(app.template.findResources('AWS::Connect::ContactFlow')) as Resource[];
    expect(flow?.Properties).toMatchObject({ InstanceArn: INSTANCE, Type: 'CONTACT_FLOW' });
    // The content is a Fn::Join around the keypress function's ARN (region and account are tokens).
    const content = JSON.parse(joined(flow?.Properties.Content));
    const actions = content.Actions as {
      Identifier: string;
      Type: string;
      Parameters: Json;
      Transitions: Json;
    }[];
    const byId = (id: string) => actions.find((a) => a.Identifier === id);
    expect(content.StartAction).toBe('mark-answered');
    expect(byId('mark-answered')?.Parameters.Attributes).toEqual({ answered: 'true' });
    expect(byId('say-page')?.Parameters.Text).toBe('$.Attributes.say');
    for (const ask of ['ask', 'ask-again']) {
      expect(byId(ask)?.Type).toBe('GetParticipantInput');
      expect(byId(ask)?.Transitions.Conditions.map((c: Json) => c.Condition.Operands[0])).toEqual(['1', '2']);
    }
    // No key twice: the call ends with no result stored, which call-ended records as no_keypress.
    expect(byId('ask-again')?.Transitions.NextAction).toBe('hang-up');
    for (const key of ['1', '2']) {
      const invoke = byId(`key-${key}`);
      expect(invoke?.Type).toBe('InvokeLambdaFunction');
      expect(invoke?.Parameters.LambdaInvocationAttributes).toEqual({
        pageRef: '$.Attributes.pageRef',
        digits: key,
      });
      expect(JSON.stringify(invoke?.Parameters.LambdaFunctionARN)).toContain(
        'crisis-router-dev-voice-keypress',
      );
      expect(invoke?.Transitions.Errors).toEqual([{ ErrorType: 'NoMatchingError', NextAction: 'sorry' }]);
    }
    expect(byId('store-result')?.Parameters.Attributes).toEqual({ result: '$.External.result' });
    // Every transition lands on an action of the flow.
    const ids = new Set(actions.map((a) => a.Identifier));
    const targets = actions.flatMap((a) => [
      a.Transitions.NextAction,
      ...(a.Transitions.Errors ?? []).map((e: Json) => e.NextAction),
      ...(a.Transitions.Conditions ?? []).map((c: Json) => c.NextAction),
    ]);
    expect(targets.filter((t) => t !== undefined && !ids.has(t))).toEqual([]);
  });

  it('associates the keypress function with the instance and lets only that instance invoke it', () => {
    const keypress = app.stateless.functions.get('voice-keypress')!;
    const keypressId = logicalIdOf(keypress);
    expect(app.resources[keypressId]?.Properties.FunctionName).toBe('crisis-router-dev-voice-keypress');
    app.template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: INSTANCE,
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: { 'Fn::GetAtt': [keypressId, 'Arn'] },
    });
    app.template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [keypressId, 'Arn'] },
      Principal: 'connect.amazonaws.com',
      SourceArn: INSTANCE,
    });
  });

  it('feeds DISCONNECTED contact events of API-started calls of this instance to call-ended, with a DLQ', () => {
    const rule = Object.values(app.template.findResources('AWS::Events::Rule')).find((r: Json) =>
      JSON.stringify(r.Properties.EventPattern ?? {}).includes('aws.connect'),
    ) as Resource;
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.connect'],
      'detail-type': ['Amazon Connect Contact Event'],
      detail: { eventType: ['DISCONNECTED'], instanceArn: [INSTANCE], initiationMethod: ['API'] },
    });
    const callEnded = app.stateless.getLogicalId(
      app.stateless.functions.get('call-ended')!.node.defaultChild as never,
    );
    expect(JSON.stringify(rule.Properties.Targets)).toContain(callEnded);
    expect(rule.Properties.Targets[0].DeadLetterConfig).toBeDefined();
    expect(voiceStatements(app.statementsOf('call-ended'))).toEqual([
      expect.objectContaining({ Action: 'connect:StartOutboundVoiceContact' }),
      expect.objectContaining({ Action: 'connect:GetContactAttributes', Resource: `${INSTANCE}/contact/*` }),
    ]);
  });

  it('paging functions and contact routes may start calls on this instance only, and know the flow', () => {
    for (const name of [
      'submit-request',
      'escalate',
      'sweeper',
      'add-contact',
      'test-contact',
      'voice-keypress',
    ]) {
      expect(voiceStatements(app.statementsOf(name))).toEqual([
        { Effect: 'Allow', Action: 'connect:StartOutboundVoiceContact', Resource: `${INSTANCE}/contact/*` },
      ]);
      const env = app.envOf(name);
      expect(env[ENV.voiceProvider]).toBe('connect');
      expect(env[ENV.connectInstanceId]).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
      expect(JSON.stringify(env[ENV.connectContactFlowId])).toContain('ContactFlowArn');
      expect(env[ENV.voiceSourceNumber]).toBe('+442071838750');
    }
    // A route that neither pages nor manages contacts places no call.
    expect(voiceStatements(app.statementsOf('get-oncall'))).toEqual([]);
  });

  it('stays cdk-nag clean', () => {
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()])
      expect(pack.validateScope(app.app).violations).toEqual([]);
  });
});

describe('End User Messaging (no Connect)', () => {
  const app = synth(eum);

  it('sends busy, no-answer and failed events through an encrypted topic to call-ended', () => {
    app.template.hasResourceProperties('AWS::SMSVOICE::ConfigurationSet', {
      ConfigurationSetName: 'crisis-router-dev-voice-pages',
      EventDestinations: [
        {
          EventDestinationName: 'call-ended',
          Enabled: true,
          MatchingEventTypes: ['VOICE_BUSY', 'VOICE_NO_ANSWER', 'VOICE_FAILED', 'VOICE_TTL_EXPIRED'],
          SnsDestination: { TopicArn: { Ref: Match.stringLikeRegexp('^VoiceCallsCallEvents') } },
        },
      ],
    });
    const [topic] = Object.entries(app.template.findResources('AWS::SNS::Topic')).filter(([id]) =>
      id.startsWith('VoiceCallsCallEvents'),
    );
    expect(topic?.[1].Properties.KmsMasterKeyId).toBeDefined();
    const policy = Object.values(app.template.findResources('AWS::SNS::TopicPolicy')).find((p: Json) =>
      JSON.stringify(p.Properties.Topics).includes(topic![0]),
    ) as Resource;
    const publish = (policy.Properties.PolicyDocument.Statement as Json[]).find((s) => s.Principal?.Service);
    expect(publish).toMatchObject({
      Principal: { Service: 'sms-voice.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': expect.anything() }, ArnLike: expect.anything() },
    });
    app.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic![0] },
    });
    expect(app.stateless.functions.has('voice-keypress')).toBe(false);
  });

  it('paging functions may send voice messages from that number and set only', () => {
    const [statement] = voiceStatements(app.statementsOf('escalate'));
    expect(statement?.Action).toBe('sms-voice:SendVoiceMessage');
    expect(JSON.stringify(statement?.Resource)).toMatch(
      /phone-number\/phone-1234abcd5678.*configuration-set\/crisis-router-dev-voice-pages/,
    );
    expect(app.envOf('escalate')).toMatchObject({
      [ENV.voiceProvider]: 'sms-voice',
      [ENV.voiceSourceNumber]: 'phone-1234abcd5678',
      [ENV.voiceConfigurationSet]: 'crisis-router-dev-voice-pages',
      [ENV.voiceId]: 'AMY',
    });
  });

  it('stays cdk-nag clean', () => {
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()])
      expect(pack.validateScope(app.app).violations).toEqual([]);
  });
});

it('a stage without voice has neither the flow nor the voice functions, and no voice grants', () => {
  const app = synth(undefined as never);
  expect(Object.keys(app.template.findResources('AWS::Connect::ContactFlow'))).toEqual([]);
  expect(app.stateless.functions.has('call-ended')).toBe(false);
  expect(voiceStatements(app.statementsOf('escalate'))).toEqual([]);
});
