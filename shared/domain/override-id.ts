// An override's id carries its end instant, so the store can address the item (sorted by end) from the
// id alone when it is deleted: no index and no scan for a rare admin action.

export const makeOverrideId = (end: number, random: string): string => `${end.toString(36)}-${random}`;

export function overrideEndFromId(overrideId: string): number | null {
  const match = /^([0-9a-z]{1,12})-[A-Za-z0-9_-]{6,40}$/.exec(overrideId);
  if (!match?.[1]) return null;
  const end = parseInt(match[1], 36);
  return Number.isSafeInteger(end) ? end : null;
}
