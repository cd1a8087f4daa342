// Provisioned concurrency, a stage option (config `provisionedConcurrency`): each named function gets a
// `live` alias with the environments kept, and everything that invokes it (API Gateway, the authorizer,
// the timer queue, the SMS reply topic) invokes the alias, so the kept environments are the ones used.
import { describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthCrisisRouter, templateWithNested } from './synth-crisis-router.js';

const PROVISIONED = { authorizer: 1, 'submit-request': 2, escalate: 1, 'sms-inbound': 1 };

describe('provisioned concurrency', () => {
  const { stateless } = synthCrisisRouter('dev', { provisionedConcurrency: PROVISIONED });
  const template = Template.fromStack(stateless);
  const logicalId = (name: string) =>
    stateless.getLogicalId(stateless.functions.get(name)!.live.node.defaultChild as never);
  const aliasRef = (name: string) => ({ Ref: logicalId(name) });

  it('keeps the configured environments on a live alias of exactly the named functions', () => {
    const aliases = template.findResources('AWS::Lambda::Alias');
    expect(Object.keys(aliases)).toHaveLength(Object.keys(PROVISIONED).length);
    for (const [name, count] of Object.entries(PROVISIONED))
      expect(aliases[logicalId(name)]?.Properties).toMatchObject({
        Name: 'live',
        ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: count },
      });
  });

  it('has API Gateway call the aliases: the submit method and the key authorizer', () => {
    const submit = stateless.functions.get('submit-request')!;
    expect(submit.live).not.toBe(submit);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      OperationName: 'submit-request',
      Integration: {
        Uri: { 'Fn::Join': ['', Match.arrayWith([Match.objectLike(aliasRef('submit-request'))])] },
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([Match.objectLike(aliasRef('authorizer'))])] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: aliasRef('submit-request'),
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it('has the timer queue and the SMS reply topic deliver to the aliases', () => {
    // An alias is named `<function>:live` wherever a function name is asked for.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { 'Fn::Join': ['', [Match.anyValue(), ':live']] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: aliasRef('sms-inbound'),
    });
  });

  it('leaves every other function invoked directly, and a stage without the option with no alias', () => {
    const getRequest = stateless.functions.get('get-request')!;
    expect(getRequest.live).toBe(getRequest);
    const plain = synthCrisisRouter('dev');
    expect(templateWithNested(plain.stateless).findResources('AWS::Lambda::Alias')).toEqual({});
  });
});
