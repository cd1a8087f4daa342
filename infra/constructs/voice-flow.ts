// The Amazon Connect contact flow of a voice page, in Connect's flow language. It runs once the call is
// answered: it marks the contact answered, says the page (the facts twice), and where the call takes keys
// asks for 1 or 2 (twice at most) and hands the key to our function, whose answer it speaks and stores.
// A code or test call has no keys prompt: it is said and the call ends.

type FlowAction = {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: Record<string, unknown>;
};

const say = (id: string, text: string, then: string): FlowAction => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: then, Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'hang-up' }] },
});

// Marks on the contact for call-ended to read; a failure to mark still goes on with the call.
const setAttributes = (id: string, attributes: Record<string, string>, then: string): FlowAction => ({
  Identifier: id,
  Type: 'UpdateContactAttributes',
  Parameters: { Attributes: attributes, TargetContact: 'Current' },
  Transitions: { NextAction: then, Errors: [{ ErrorType: 'NoMatchingError', NextAction: then }] },
});

const askForKey = (id: string, onNoKey: string): FlowAction => ({
  Identifier: id,
  Type: 'GetParticipantInput',
  Parameters: { Text: '$.Attributes.keys', InputTimeLimitSeconds: '8', StoreInput: 'False' },
  Transitions: {
    NextAction: onNoKey,
    Conditions: ['1', '2'].map((key) => ({
      NextAction: `key-${key}`,
      Condition: { Operator: 'Equals', Operands: [key] },
    })),
    Errors: [
      { ErrorType: 'InputTimeLimitExceeded', NextAction: onNoKey },
      { ErrorType: 'NoMatchingCondition', NextAction: onNoKey },
      { ErrorType: 'NoMatchingError', NextAction: onNoKey },
    ],
  },
});

const answerWith = (key: string, functionArn: string): FlowAction => ({
  Identifier: `key-${key}`,
  Type: 'InvokeLambdaFunction',
  Parameters: {
    LambdaFunctionARN: functionArn,
    InvocationTimeLimitSeconds: '8',
    LambdaInvocationAttributes: { pageRef: '$.Attributes.pageRef', digits: key },
    ResponseValidation: { ResponseType: 'STRING_MAP' },
  },
  // The function failing or timing out is said as such: never silence on a crisis call.
  Transitions: {
    NextAction: 'store-result',
    Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'sorry' }],
  },
});

/** The flow's content (JSON) for a keypress function's ARN. */
export function voicePageFlow(keypressFunctionArn: string): string {
  const actions: FlowAction[] = [
    setAttributes('mark-answered', { answered: 'true' }, 'say-page'),
    say('say-page', '$.Attributes.say', 'takes-keys'),
    {
      Identifier: 'takes-keys',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Attributes.keys' },
      Transitions: {
        NextAction: 'ask',
        Conditions: [{ NextAction: 'hang-up', Condition: { Operator: 'Equals', Operands: [''] } }],
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'ask' }],
      },
    },
    askForKey('ask', 'ask-again'),
    // No key (or another key) the first time: the prompt once more, then the call ends with no answer.
    askForKey('ask-again', 'hang-up'),
    answerWith('1', keypressFunctionArn),
    answerWith('2', keypressFunctionArn),
    setAttributes('store-result', { result: '$.External.result' }, 'say-result'),
    say('say-result', '$.External.say', 'hang-up'),
    say(
      'sorry',
      'Sorry, your answer could not be recorded. Please answer with the text message or its link. Goodbye.',
      'hang-up',
    ),
    { Identifier: 'hang-up', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ];
  return JSON.stringify({ Version: '2019-10-30', StartAction: 'mark-answered', Actions: actions });
}
