// The admin console's pure helpers: an escalation policy and a rotation in words, where an API error's
// detail belongs, ids.
import { fieldFor, idFromName, idProblem, plainMessage } from '../../../web/src/admin/errors.js';
import {
  chainInWords,
  followUpWords,
  handoffWords,
  repeatWords,
  rotationWords,
  seconds,
  secondsToFallback,
} from '../../../web/src/admin/words.js';

const names: Record<string, string> = { ana: 'Dr Ana Okafor', ben: 'Ben Haddad' };
const nameOf = (id: string) => names[id] ?? id;

describe('seconds in words', () => {
  it.each([
    [0, '0 s'],
    [30, '30 s'],
    [60, '1 min'],
    [90, '1 min 30 s'],
    [120, '2 min'],
    [3600, '1 h'],
    [14_400, '4 h'],
    [3900, '1 h 5 min'],
    [Number.NaN, '? s'],
  ])('%s s → %s', (value, words) => expect(seconds(value)).toBe(words));

  it('repeats', () => {
    expect([0, 1, 2, 3].map(repeatWords)).toEqual([
      'no repeat',
      'repeat once',
      'repeat twice',
      'repeat 3 times',
    ]);
  });
});

describe('the chain in words', () => {
  it('two levels, one repeat, then the fallback contacts every 5 min (the example in the brief)', () => {
    const chain = chainInWords(
      {
        levels: [
          { notify: 'primary', ackTimeoutSeconds: 120 },
          { notify: 'secondary', ackTimeoutSeconds: 300 },
        ],
        repeat: 1,
      },
      { fallbackRepeatSeconds: 300 },
    );
    expect(chain).toBe('Primary, 2 min → Secondary, 5 min → repeat once → fallback contacts every 5 min');
  });

  it('names a clinician level, says the fallback level, and leaves out "no repeat"', () => {
    const chain = chainInWords(
      {
        levels: [
          { notify: 'primary', ackTimeoutSeconds: 30 },
          { notify: { clinicianId: 'ana' }, ackTimeoutSeconds: 600 },
          { notify: 'fallback', ackTimeoutSeconds: 60 },
        ],
        repeat: 0,
      },
      { nameOf, fallbackRepeatSeconds: 60 },
    );
    expect(chain).toBe(
      'Primary, 30 s → Dr Ana Okafor, 10 min → Fallback contacts, 1 min → fallback contacts every 1 min',
    );
  });

  it('an unknown clinician shows by id; without the clinic it ends at "fallback contacts"', () => {
    expect(
      chainInWords(
        { levels: [{ notify: { clinicianId: 'zoe' }, ackTimeoutSeconds: 45 }], repeat: 3 },
        { nameOf },
      ),
    ).toBe('zoe, 45 s → repeat 3 times → fallback contacts');
  });

  it('no levels at all', () => {
    expect(chainInWords({ levels: [], repeat: 0 })).toMatch(/straight to the fallback contacts/);
  });

  it('follow-up deadlines, with the defaults when absent', () => {
    expect(followUpWords(undefined)).toBe(
      'After someone accepts: call the caller back within 10 min, resolve within 4 h of the call.',
    );
    expect(followUpWords({ contactWithinSeconds: 300, resolveWithinSeconds: 3600 })).toMatch(
      /within 5 min, resolve within 1 h/,
    );
  });

  it('how long until the fallback contacts: every level, every round', () => {
    expect(
      secondsToFallback({
        levels: [
          { notify: 'primary', ackTimeoutSeconds: 120 },
          { notify: 'secondary', ackTimeoutSeconds: 300 },
        ],
        repeat: 1,
      }),
    ).toBe(840);
  });
});

describe('a rotation in words', () => {
  it('weekly on a weekday, with the people in order', () => {
    const rotation = {
      participants: ['ana', 'ben'],
      start: '2026-01-05',
      handoff: { every: 'week' as const, count: 1, at: '09:00', weekday: 'mon' },
    };
    expect(rotationWords(rotation, nameOf)).toBe(
      'Hands over every week on Monday at 09:00, from 2026-01-05: Dr Ana Okafor → Ben Haddad',
    );
  });

  it('every 2 days, nobody yet', () => {
    const rotation = {
      participants: [],
      start: '2026-01-05',
      handoff: { every: 'day' as const, count: 2, at: '18:30' },
    };
    expect(handoffWords(rotation)).toBe('every 2 days at 18:30, from 2026-01-05');
    expect(rotationWords(rotation)).toMatch(/: nobody yet/);
  });
});

describe('where an API error detail goes', () => {
  const paths = [
    'name',
    'rotation.start',
    'rotation.handoff.at',
    'rotation.participants',
    'escalation.levels.1.notify',
  ];
  it.each([
    ['name', 'name'],
    ['rotation.handoff.at', 'rotation.handoff.at'],
    ['rotation.participants.2', 'rotation.participants'],
    ['escalation.levels.1.notify.clinicianId', 'escalation.levels.1.notify'],
    ['rotation.handoff', 'rotation.handoff.at'],
    ['fallbackServiceId', null],
    ['', null],
  ])('%s → %s', (path, field) => expect(fieldFor(path, paths)).toBe(field));
});

describe('ids', () => {
  it('the API rule', () => {
    expect(idProblem('general')).toBeNull();
    expect(idProblem('night-shift_2')).toBeNull();
    expect(idProblem('')).toMatch(/Choose an ID/);
    expect(idProblem('-x')).toMatch(/starting with a letter or digit/);
    expect(idProblem('a'.repeat(65))).toMatch(/1-64/);
  });
  it('suggested from a name', () => {
    expect(idFromName('Dr Ana Okafor')).toBe('dr-ana-okafor');
    expect(idFromName('  Łódź & Zoë: nights ')).toBe('odz-zoe-nights');
  });
});

describe('the API’s library-default messages in plain words', () => {
  it.each([
    ['Too small: expected number to be >=10', 'must be at least 10'],
    ['Too big: expected number to be <=5', 'must be at most 5'],
    ['Invalid input: expected number, received NaN', 'must be a number'],
    ['is not a real date', 'is not a real date'],
  ])('%s → %s', (message, plain) => expect(plainMessage(message)).toBe(plain));
});
