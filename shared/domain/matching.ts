// Matching a caller to a clinician who can help: the language they speak and their age group. Pure: the
// route resolver (resolve-route.ts) orders or filters the chain's people with it at submit.

export const AGE_GROUPS = ['child', 'adolescent', 'adult', 'older_adult'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** "prefer": matching people are paged first; "require": only matching people are paged. */
export const MATCHING_MODES = ['prefer', 'require'] as const;
export type MatchingMode = (typeof MATCHING_MODES)[number];

/** What the hotline said the caller needs; either may be absent. */
export interface CallerNeeds {
  /** BCP 47, canonical (e.g. "es", "pt-BR"). */
  language?: string;
  ageGroup?: AgeGroup;
}

/** What a clinician offers (absent lists offer nothing to match). */
export interface Skills {
  languages?: readonly string[];
  ageGroups?: readonly AgeGroup[];
}

export interface Match {
  /** Every need is met. */
  full: boolean;
  /** How many needs are met: "prefer" pages higher scores first. */
  score: number;
  /** In words, for the frozen route: "speaks es; works with adolescent" or "does not speak es". */
  why: string;
}

export const hasNeeds = (needs: CallerNeeds): boolean =>
  needs.language !== undefined || needs.ageGroup !== undefined;

/** "pt-BR" → "pt": a Portuguese speaker from Lisbon can help a caller from São Paulo. */
const primaryLanguage = (tag: string): string => tag.split('-')[0]?.toLowerCase() ?? '';

/** The needs in words, for reasons on the timeline: "language es, age group adolescent". */
export function needsInWords(needs: CallerNeeds): string {
  return [
    needs.language !== undefined && `language ${needs.language}`,
    needs.ageGroup !== undefined && `age group ${needs.ageGroup}`,
  ]
    .filter(Boolean)
    .join(', ');
}

export function matchOf(skills: Skills, needs: CallerNeeds): Match {
  const parts: { met: boolean; words: string }[] = [];
  if (needs.language !== undefined) {
    const wanted = primaryLanguage(needs.language);
    const met = (skills.languages ?? []).some((tag) => primaryLanguage(tag) === wanted);
    parts.push({ met, words: met ? `speaks ${needs.language}` : `does not speak ${needs.language}` });
  }
  if (needs.ageGroup !== undefined) {
    const met = (skills.ageGroups ?? []).includes(needs.ageGroup);
    parts.push({
      met,
      words: met ? `works with ${needs.ageGroup}` : `does not work with ${needs.ageGroup}`,
    });
  }
  const score = parts.filter((p) => p.met).length;
  return { full: score === parts.length, score, why: parts.map((p) => p.words).join('; ') };
}

/**
 * The order "prefer" pages people in: higher scores first, ties in their own order (a stable sort), so a
 * chain where nobody (or everybody) matches stays exactly as the service says.
 */
export function preferredOrder<T>(items: readonly T[], scoreOf: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, score: scoreOf(item) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
