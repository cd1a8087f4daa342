// Two-way SMS: the stage's number sends replies to the inbound topic (which sms-inbound is subscribed to).
// An own number is wired by a custom resource (UpdatePhoneNumber on that number only); a requested number
// carries TwoWay itself; a stage without a number says at synth that reply codes are off.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { StatefulStack } from '../../infra/stateful-stack.js';
import { ENV } from '../../shared/config/env-names.js';
import { logicalIdOf, synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

const inboundTopic = (stack: StatefulStack) => logicalIdOf(stack.paging.inboundSmsTopic);
const topicPolicy = (template: Template) =>
  Object.entries(template.findResources('AWS::SNS::TopicPolicy')).find(([id]) =>
    id.startsWith('PagingInboundSms'),
  )!;

describe('an own number (prod: originationNumber + phoneNumberId)', () => {
  let app: ReturnType<typeof synthCrisisRouter>;
  let template: Template;

  beforeAll(() => {
    app = synthCrisisRouter('prod');
    template = Template.fromStack(app.stateful);
  });

  it('is wired by UpdatePhoneNumber to the inbound topic on create and update, and unwired on delete', () => {
    const [wiring] = Object.values(template.findResources('Custom::AWS')) as Resource[];
    const id = app.config.sms.phoneNumberId;
    for (const phase of ['Create', 'Update']) {
      const call = JSON.stringify(wiring?.Properties[phase]); // a Fn::Join around the topic's Ref
      expect(call).toContain('\\"action\\":\\"UpdatePhoneNumber\\"');
      expect(call).toContain(
        `\\"PhoneNumberId\\":\\"${id}\\",\\"TwoWayEnabled\\":true,\\"TwoWayChannelArn\\":\\"`,
      );
      expect(call).toContain(`{"Ref":"${inboundTopic(app.stateful)}"}`);
    }
    expect(JSON.parse(wiring?.Properties.Delete as string)).toMatchObject({
      action: 'UpdatePhoneNumber',
      parameters: { PhoneNumberId: id, TwoWayEnabled: false },
    });
    template.resourceCountIs('AWS::SMSVOICE::PhoneNumber', 0);
  });

  it('runs after the topic policy that lets End User Messaging publish, and after its own permission', () => {
    const [wiring] = Object.values(template.findResources('Custom::AWS')) as Resource[];
    const [policyId] = topicPolicy(template);
    expect(wiring?.DependsOn).toEqual(expect.arrayContaining([policyId]));
    const managed = Object.keys(template.findResources('AWS::IAM::ManagedPolicy')).find((k) =>
      k.startsWith('TwoWayWiringPolicy'),
    );
    expect(wiring?.DependsOn).toEqual(expect.arrayContaining([managed]));
  });

  it('may call UpdatePhoneNumber on that one number and write its own log group, nothing else', () => {
    // The wiring's own policy (the stack's other one is the VAPID key generator's: push-keys.test.ts).
    const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter(([id]) => id.startsWith('TwoWayWiringPolicy'))
      .map(([, policy]) => policy) as Resource[];
    expect(policies).toHaveLength(1);
    const statements = (
      policies[0]?.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
    ).Statement;
    expect(statements.map((s) => s.Action)).toEqual([
      'sms-voice:UpdatePhoneNumber',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ]);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(
      `:phone-number/${app.config.sms.phoneNumberId}`,
    );
    template.resourceCountIs('AWS::IAM::Policy', 0); // no inline policy
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('outputs that two-way SMS is on, and the functions send from the configured number', () => {
    const output = template.findOutputs('TwoWaySms').TwoWaySms?.Value as string;
    expect(output).toBe(`on: ${app.config.sms.originationNumber} (${app.config.sms.phoneNumberId})`);
    const fn = app.stateless.functions.get('escalate')!;
    const env = templateWithNested(app.stateless).toJSON().Resources[logicalIdOf(fn)].Properties.Environment
      .Variables as Record<string, unknown>;
    expect(env[ENV.smsOriginationNumber]).toBe(app.config.sms.originationNumber);
  });
});

describe('a number the stack requests (sms.provisionNumber)', () => {
  const provisioned = (protectData: boolean) =>
    synthCrisisRouter('dev', {
      protectData,
      sms: {
        monthlySpendLimitUsd: 1,
        spendAlarmPercent: 80,
        provisionNumber: { isoCountryCode: 'US', numberType: 'SIMULATOR' },
      },
    });

  it('is an AWS::SMSVOICE::PhoneNumber whose TwoWay channel is the inbound topic, made after its policy', () => {
    const app = provisioned(false);
    const template = Template.fromStack(app.stateful);
    const [policyId] = topicPolicy(template);
    template.hasResource('AWS::SMSVOICE::PhoneNumber', {
      Properties: Match.objectLike({
        IsoCountryCode: 'US',
        NumberType: 'SIMULATOR',
        NumberCapabilities: ['SMS'],
        MandatoryKeywords: { HELP: { Message: Match.anyValue() }, STOP: { Message: Match.anyValue() } },
        TwoWay: { Enabled: true, ChannelArn: { Ref: inboundTopic(app.stateful) } },
        DeletionProtectionEnabled: false,
      }),
      DependsOn: Match.arrayWith([policyId]),
      DeletionPolicy: 'Delete',
    });
    template.resourceCountIs('Custom::AWS', 0);
  });

  it('with protectData: deletion-protected and retained (clinicians have the number saved)', () => {
    Template.fromStack(provisioned(true).stateful).hasResource('AWS::SMSVOICE::PhoneNumber', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('is the number the functions send from (a cross-stack reference)', () => {
    const app = provisioned(false);
    const fn = app.stateless.functions.get('submit-request')!;
    const env = templateWithNested(app.stateless).toJSON().Resources[logicalIdOf(fn)].Properties.Environment
      .Variables as Record<string, unknown>;
    expect(JSON.stringify(env[ENV.smsOriginationNumber])).toMatch(
      /Fn::ImportValue.*TwoWayNumber.*PhoneNumber/,
    );
  });
});

describe('a stage without a number (dev)', () => {
  it('says at synth that reply codes are off, as an info (not a warning) and an output', () => {
    const { stateful } = synthCrisisRouter('dev');
    Annotations.fromStack(stateful).hasInfo(
      '*',
      Match.stringLikeRegexp('^Two-way SMS is off for dev: .*reply codes never arrive'),
    );
    const template = Template.fromStack(stateful);
    expect(template.findOutputs('TwoWaySms').TwoWaySms?.Value).toMatch(/^off: /);
    template.resourceCountIs('Custom::AWS', 0);
    template.resourceCountIs('AWS::SMSVOICE::PhoneNumber', 0);
  });
});

describe('who may publish replies', () => {
  it.each(['dev', 'prod'])(
    '%s: sms-voice may publish to the inbound topic only for this account and region',
    (stage) => {
      const { stateful } = synthCrisisRouter(stage);
      const [, policy] = topicPolicy(Template.fromStack(stateful));
      const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
        .Statement;
      const smsVoice = statements.filter((s) => JSON.stringify(s.Principal).includes('sms-voice'));
      expect(smsVoice).toHaveLength(1);
      expect(smsVoice[0]).toMatchObject({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.anything() },
        },
      });
      expect(JSON.stringify(smsVoice[0]?.Condition)).toMatch(
        /:sms-voice:.*AWS::Region.*AWS::AccountId.*:\*"/,
      );
    },
  );
});
