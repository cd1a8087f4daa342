import type * as z from 'zod';

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object ({ … })',
};

/**
 * zod's generic messages in words a clinic admin understands, for what a schema does not word itself: a
 * missing field "is required", a wrong type says what it must be, a wrong choice lists the choices.
 */
export const plainError: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const kind = KINDS[issue.expected];
    return kind ? `must be ${kind}` : undefined;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 0)
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') return sizeLimit(issue);
  return undefined;
};

const UNITS: Record<string, [string, string]> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
};

/** "must be at least 10", "must be at most 100 characters", "must have at least 1 item". */
function sizeLimit(issue: z.core.$ZodRawIssue): string | undefined {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  if (!Number.isFinite(bound)) return undefined;
  const inclusive = issue.inclusive !== false;
  const words = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  const origin = String(issue.origin ?? '');
  const unit = UNITS[origin];
  if (unit)
    return `must ${origin === 'string' ? 'be' : 'have'} ${words} ${bound} ${bound === 1 ? unit[0] : unit[1]}`;
  return origin === 'number' || origin === 'int' || origin === 'bigint'
    ? `must be ${words} ${bound}`
    : undefined;
}
