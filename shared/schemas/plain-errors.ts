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
  return undefined;
};
