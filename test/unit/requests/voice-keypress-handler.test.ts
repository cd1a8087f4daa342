// The function the Connect contact flow invokes with the key pressed, over the request fakes: the call's
// pageRef answers exactly its page (1 accepts, 2 declines, other keys ask again, once only), anything the
// flow cannot have sent is "not understood", and a store failure is spoken, never thrown into the call.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from '../../../functions/voice-keypress/handler.js';
import { hashSecret } from '../../../shared/app/secrets.js';
import { voiceConfirmation } from '../../../shared/domain/paging/page-text.js';
import { PHONES } from './fakes.js';
import { callTo, submitWithCall, VOICE, voiceWorld, type VoiceWorld } from './voice-fakes.js';

const ERROR_SAY =
  'Sorry, your answer could not be recorded. Please answer with the text message or its link. Goodbye.';

/** What Connect's InvokeLambdaFunction block sends: the contact's data and the block's parameters. */
const invocation = (parameters: Record<string, string>) => ({
  Details: {
    ContactData: {
      Attributes: { answered: 'true' },
      Channel: 'VOICE',
      ContactId: 'f3e2d1c0-b9a8-4776-8554-433221100fed',
      InitialContactId: 'f3e2d1c0-b9a8-4776-8554-433221100fed',
      InitiationMethod: 'API',
      InstanceARN: 'arn:aws:connect:eu-west-2:123456789012:instance/8f0c3a52-1b2d-4e5f-9a0b-1c2d3e4f5a6b',
      SystemEndpoint: { Address: '+442071234567', Type: 'TELEPHONE_NUMBER' },
      CustomerEndpoint: { Address: VOICE.ana, Type: 'TELEPHONE_NUMBER' },
    },
    Parameters: parameters,
  },
  Name: 'ContactFlowEvent',
});

let world: VoiceWorld;
let logger: Logger;
let handler: ReturnType<typeof createHandler>;

beforeEach(async () => {
  world = await voiceWorld();
  logger = new Logger({ serviceName: 'voice-keypress-test', logLevel: 'SILENT' });
  handler = createHandler(world.h.deps, logger);
});

const request = () => world.requests.only().request;

describe('a key on a real page', () => {
  it('the call carries the hash of its page’s link token as its pageRef', async () => {
    const { call, pageRef } = await submitWithCall(world);
    const token = call.ackUrl.slice(call.ackUrl.lastIndexOf('/') + 1);
    expect(pageRef).toBe(hashSecret(token));
    expect(world.requests.tokens.get(pageRef)).toMatchObject({ attempt: 1, who: { clinicianId: 'ana' } });
  });

  it('1 accepts the page for the person called, by voice, and says so', async () => {
    const { pageRef } = await submitWithCall(world);
    const answer = await handler(invocation({ pageRef, digits: '1' }));
    expect(answer).toEqual({ result: 'accepted', say: voiceConfirmation('accepted') });
    expect(request().status).toBe('acknowledged');
    expect(request().assignee).toMatchObject({ clinicianId: 'ana' });
    expect(request().timeline.find((e) => e.type === 'acknowledged')).toMatchObject({
      who: { clinicianId: 'ana' },
      via: 'voice',
      attempt: 1,
    });
    // A call cannot show the caller: ana (voice only) gets her case link by text to the number called.
    const followUp = world.h.pager.delivered({ to: VOICE.ana, channel: 'sms' }).at(-1);
    expect(followUp?.text).toMatch(/^You accepted R\w+ by phone\. Caller details and actions: https:/);
    expect(followUp?.caseUrl).toMatch(/\/case\//);
  });

  it('the key is single use: the same page again is already answered and changes nothing', async () => {
    const { pageRef } = await submitWithCall(world);
    await handler(invocation({ pageRef, digits: '1' }));
    const version = request().version;
    const again = await handler(invocation({ pageRef, digits: '1' }));
    expect(again).toEqual({ result: 'already_answered', say: voiceConfirmation('already_answered') });
    expect(request().version).toBe(version);
  });

  it('2 declines, and the next person is called at once', async () => {
    const { pageRef } = await submitWithCall(world);
    const answer = await handler(invocation({ pageRef, digits: '2' }));
    expect(answer).toEqual({ result: 'declined', say: voiceConfirmation('declined') });
    expect(request().status).toBe('paging');
    expect(request().timeline.find((e) => e.type === 'declined')).toMatchObject({
      who: { clinicianId: 'ana' },
      via: 'voice',
    });
    expect(callTo(world.h, VOICE.ben).pageRef).toBeDefined();
    expect(callTo(world.h, VOICE.ben).pageRef).not.toBe(pageRef);
  });

  it('only the first digit counts, spaces around it ignored', async () => {
    const { pageRef } = await submitWithCall(world);
    expect((await handler(invocation({ pageRef, digits: ' 12' }))).result).toBe('accepted');
  });

  it.each(['9', '0', '*', '#', ''])(
    '%j does nothing and asks again; the page can still be answered',
    async (digits) => {
      const { pageRef } = await submitWithCall(world);
      const version = request().version;
      const answer = await handler(invocation({ pageRef, digits }));
      expect(answer).toEqual({ result: 'not_understood', say: voiceConfirmation('not_understood') });
      expect(request().version).toBe(version);
      expect((await handler(invocation({ pageRef, digits: '1' }))).result).toBe('accepted');
    },
  );

  it('a page answered meanwhile by its SMS link is already answered', async () => {
    const { pageRef } = await submitWithCall(world);
    await world.requests.useAckToken(pageRef, world.h.now());
    expect((await handler(invocation({ pageRef, digits: '1' }))).result).toBe('already_answered');
    expect(request().status).toBe('paging');
  });
});

describe('what the flow cannot have sent', () => {
  it.each([
    ['no pageRef', invocation({ digits: '1' })],
    ['an empty pageRef', invocation({ pageRef: '', digits: '1' })],
    ['no Parameters', { Details: { ContactData: {} }, Name: 'ContactFlowEvent' }],
    ['no Details', { Name: 'ContactFlowEvent' }],
    ['a pageRef too long to be ours', invocation({ pageRef: 'x'.repeat(129), digits: '1' })],
    ['digits that are not a string', { Details: { Parameters: { pageRef: 'abc', digits: 1 } } }],
    ['nothing', undefined],
    ['a string', 'pageRef=abc'],
  ])('%s: not understood, and nothing is read', async (_label, event) => {
    const findAckToken = jest.spyOn(world.requests, 'findAckToken');
    const answer = await handler(event);
    expect(answer).toEqual({ result: 'not_understood', say: voiceConfirmation('not_understood') });
    expect(findAckToken).not.toHaveBeenCalled();
  });

  it('a pageRef that is no page changes nothing', async () => {
    await submitWithCall(world);
    const version = request().version;
    const answer = await handler(invocation({ pageRef: hashSecret('not-a-token-we-issued'), digits: '1' }));
    expect(answer.result).not.toBe('accepted');
    expect(answer.result).not.toBe('error');
    expect(request().version).toBe(version);
    expect(request().status).toBe('paging');
  });
});

describe('a store that fails', () => {
  it('finding the page throws: result error, a spoken sentence, never a throw', async () => {
    const { pageRef } = await submitWithCall(world);
    world.requests.findAckToken = async () => {
      throw Object.assign(new Error('store unavailable'), { name: 'ServiceUnavailable' });
    };
    const error = jest.spyOn(logger, 'error');
    const answer = await handler(invocation({ pageRef, digits: '1' }));
    expect(answer).toEqual({ result: 'error', say: ERROR_SAY });
    expect(error).toHaveBeenCalledWith('voice keypress failed', { error: 'ServiceUnavailable' });
  });

  it('the write throws: error spoken, the key given back, and the retry accepts', async () => {
    const { pageRef } = await submitWithCall(world);
    const replace = world.requests.replace.bind(world.requests);
    let fail = true;
    world.requests.replace = async (stored, expected) => {
      if (fail) {
        fail = false;
        throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
      }
      return replace(stored, expected);
    };
    expect(await handler(invocation({ pageRef, digits: '1' }))).toEqual({ result: 'error', say: ERROR_SAY });
    expect(request().status).toBe('paging');
    expect(world.requests.tokens.get(pageRef)?.usedAt).toBeUndefined();
    expect((await handler(invocation({ pageRef, digits: '1' }))).result).toBe('accepted');
    expect(request().status).toBe('acknowledged');
  });

  it('the error sentence carries no detail of the failure', async () => {
    const { pageRef } = await submitWithCall(world);
    world.requests.get = async () => {
      throw new Error(`boom for ${PHONES.ana}`);
    };
    const answer = await handler(invocation({ pageRef, digits: '2' }));
    expect(answer.result).toBe('error');
    expect(answer.say).not.toContain('boom');
    expect(answer.say).not.toContain(PHONES.ana);
  });
});
