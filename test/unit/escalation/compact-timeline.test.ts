import { compactTimeline, TIMELINE_MAX } from '../../../shared/domain/escalation/draft.js';
import type { TimelineEntry } from '../../../shared/domain/escalation/index.js';

const entries = (n: number, from = 0): TimelineEntry[] =>
  Array.from({ length: n }, (_, i) => ({ at: from + i, type: 'page_sent', attempt: from + i }));

describe('compactTimeline (keeps a request that pages for days inside one DynamoDB item)', () => {
  it('leaves a timeline at the limit untouched', () => {
    const timeline = entries(TIMELINE_MAX);
    expect(compactTimeline(timeline, 0)).toBe(timeline);
  });

  it('folds the middle into one entry that counts what it stands for, keeping the start and the latest', () => {
    const timeline = entries(TIMELINE_MAX + 1);
    const compacted = compactTimeline(timeline, 999);
    const marker = compacted.find((e) => e.type === 'compacted');
    expect(compacted.length).toBeLessThan(timeline.length);
    expect(compacted[0]).toEqual(timeline[0]);
    expect(compacted.at(-1)).toEqual(timeline.at(-1));
    expect(compacted.length - 1 + (marker?.omitted ?? 0)).toBe(timeline.length);
  });

  it('adds up the omitted counts across repeated compactions, so nothing is silently lost', () => {
    let timeline = entries(TIMELINE_MAX + 1);
    let appended = TIMELINE_MAX + 1;
    for (let round = 0; round < 5; round++) {
      timeline = compactTimeline(timeline, round);
      const more = entries(60, appended);
      appended += 60;
      timeline = compactTimeline([...timeline, ...more], round);
    }
    const markers = timeline.filter((e) => e.type === 'compacted');
    expect(markers).toHaveLength(1);
    expect(timeline.length - 1 + (markers[0]?.omitted ?? 0)).toBe(appended);
    expect(timeline.length).toBeLessThanOrEqual(TIMELINE_MAX);
  });
});
