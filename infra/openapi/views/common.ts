// Building blocks of the response schemas: what the API sends back, as zod, for the OpenAPI document only
// (requests are validated by shared/schemas; these describe shared/app/views.ts and what handlers return).
import * as z from 'zod';

/** An instant the API sends: UTC with milliseconds, `2026-03-29T01:30:00.000Z`. */
export const instant = () => z.iso.datetime();

/** An id the caller chose (clinic, clinician, service): the shape shared/schemas/common.ts accepts. */
export const id = () => z.string().min(1).max(64);

/** The cursor of the next page of a list; null: nothing follows. */
export const nextCursor = () =>
  z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null: there is no more.' });

/** Who did or got something on a timeline: never a phone number or an address. */
export const whoSchema = z.strictObject({ clinicianId: id().optional(), name: z.string() }).meta({
  id: 'Who',
  description: 'A person: a clinician (with `clinicianId`) or a fallback contact (name only).',
});

type Mismatch<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;

/**
 * Compile-time check that a schema names the same fields as the view a handler returns (its top level):
 * `sameFields<z.output<typeof schema>, ReturnType<typeof view>>()` fails to compile, naming the fields,
 * when one has a field the other lacks. The contract test checks every value of every real answer.
 */
export const sameFields = <Schema, View>(
  ..._fields: [Mismatch<Schema, View>] extends [never] ? [] : [fieldsThatDiffer: Mismatch<Schema, View>]
): void => undefined;
