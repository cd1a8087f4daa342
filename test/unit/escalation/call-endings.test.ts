// How each calling provider's words for a call that missed the person become ours: End User Messaging's
// voice event types, and a Connect contact's attributes (set by the flow) with its disconnect reason. A call
// that played to the end or got a key is no ending (null): nothing to record.
import { describe, expect, it } from '@jest/globals';
import { EventType } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { CALL_ENDINGS } from '../../../shared/domain/escalation/index.js';
import { connectEnding, smsVoiceEnding } from '../../../shared/domain/paging/call-endings.js';

describe('smsVoiceEnding (End User Messaging voice events)', () => {
  it.each([
    ['VOICE_BUSY', 'busy'],
    ['VOICE_NO_ANSWER', 'no_answer'],
    ['VOICE_FAILED', 'failed'],
    ['VOICE_TTL_EXPIRED', 'failed'],
  ])('%s → %s', (eventType, ending) => {
    expect(smsVoiceEnding(eventType)).toBe(ending);
  });

  it.each([
    'VOICE_COMPLETED',
    'VOICE_ANSWERED',
    'VOICE_INITIATED',
    'VOICE_RINGING',
    'TEXT_DELIVERED',
    '',
    'voice_busy',
  ])('%j is no ending', (eventType) => {
    expect(smsVoiceEnding(eventType)).toBeNull();
  });

  it('every ending it gives is one of ours', () => {
    for (const t of ['VOICE_BUSY', 'VOICE_NO_ANSWER', 'VOICE_FAILED', 'VOICE_TTL_EXPIRED'])
      expect(CALL_ENDINGS).toContain(smsVoiceEnding(t));
  });

  // The configuration set subscribes to these same names: each must be an event type the service has.
  it('every event type it maps is one End User Messaging publishes (the SDK’s EventType)', () => {
    const mapped = ['VOICE_BUSY', 'VOICE_NO_ANSWER', 'VOICE_FAILED', 'VOICE_TTL_EXPIRED'];
    const known: string[] = Object.values(EventType);
    expect(mapped.filter((t) => !known.includes(t))).toEqual([]);
  });

  // The event type is text from a message on a topic: a name the lookup object inherits is not an ending.
  it.each(['constructor', 'toString', '__proto__'])(
    'an inherited property name (%s) is no ending either',
    (eventType) => {
      expect(smsVoiceEnding(eventType)).toBeNull();
    },
  );
});

describe('connectEnding (a Connect contact that ended)', () => {
  it('a key was recorded (result set): no ending, whatever else the contact says', () => {
    expect(connectEnding({ result: 'accepted', answered: 'true' }, 'CUSTOMER_DISCONNECT')).toBeNull();
    expect(connectEnding({ result: 'declined' })).toBeNull();
    expect(connectEnding({ result: 'not_understood', answered: 'true' }, 'TELECOM_PROBLEM')).toBeNull();
    expect(connectEnding({ result: 'already_answered' }, 'BUSY')).toBeNull();
  });

  it('answered with no key (a voicemail, a phone put down): no_keypress, whatever the disconnect reason', () => {
    expect(connectEnding({ answered: 'true', pageRef: 'ref' }, 'CUSTOMER_DISCONNECT')).toBe('no_keypress');
    expect(connectEnding({ answered: 'true' }, 'CONTACT_FLOW_DISCONNECT')).toBe('no_keypress');
    expect(connectEnding({ answered: 'true' }, 'TELECOM_BUSY')).toBe('no_keypress');
    expect(connectEnding({ answered: 'true' })).toBe('no_keypress');
  });

  it('a keypress that could not be recorded (result error) is a call that did not reach the person', () => {
    expect(connectEnding({ answered: 'true', result: 'error' })).toBe('no_keypress');
  });

  it('an empty result is no result', () => {
    expect(connectEnding({ answered: 'true', result: '' })).toBe('no_keypress');
  });

  it('answered only when the flow said exactly "true"', () => {
    expect(connectEnding({ answered: 'false' }, 'CUSTOMER_DISCONNECT')).toBe('no_answer');
    expect(connectEnding({ answered: 'TRUE' })).toBe('no_answer');
  });

  describe('never answered: by the disconnect reason', () => {
    it.each([
      ['TELECOM_BUSY', 'busy'],
      ['BUSY', 'busy'],
      ['busy', 'busy'],
      ['TELECOM_PROBLEM', 'failed'],
      ['OUTBOUND_DESTINATION_ENDPOINT_ERROR', 'failed'],
      ['OUTBOUND_RESOURCE_ERROR', 'failed'],
      ['OUTBOUND_ATTEMPT_FAILED', 'failed'],
      ['telecom_problem', 'failed'],
      ['CUSTOMER_DISCONNECT', 'no_answer'],
      ['EXPIRED', 'no_answer'],
      ['OTHER', 'no_answer'],
      ['', 'no_answer'],
    ])('%j → %s', (reason, ending) => {
      expect(connectEnding({ pageRef: 'ref' }, reason)).toBe(ending);
    });

    it('no reason at all is no answer', () => {
      expect(connectEnding({})).toBe('no_answer');
      expect(connectEnding({ pageRef: 'ref', answered: undefined })).toBe('no_answer');
    });

    it('busy wins over a failure word in the same reason', () => {
      expect(connectEnding({}, 'TELECOM_BUSY_ERROR')).toBe('busy');
    });
  });
});
