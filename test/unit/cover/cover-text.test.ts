// Cover messages: one SMS segment whatever the names (the link is never cut), rota facts only.
import { describe, expect, it } from '@jest/globals';
import { coverMessageText, type CoverMessageKind } from '../../../shared/domain/paging/cover-text.js';

const KINDS: CoverMessageKind[] = [
  'offer',
  'covered',
  'accepted_pending',
  'approval_needed',
  'approved',
  'rejected',
  'expired',
];
const NOW = Date.parse('2026-03-04T14:00:00Z');
const URL = 'https://crisis.example.org/cover/Qm7vR2kX9pLc4TnB8sWe3A';

describe('cover message text', () => {
  it.each(KINDS)('%s: fits one GSM segment with long names, keeps the link whole', (kind) => {
    for (const name of ['Al', 'Dr Maximiliana Wolfeschlegelsteinhausen-Bergerdorff']) {
      const text = coverMessageText({
        kind,
        serviceName: 'Adolescent and Young Adult Crisis Service (Northside and Riverside)',
        serviceId: 'adolescent',
        requesterName: name,
        takerName: `${name} Junior`,
        timeZone: 'Europe/London',
        now: NOW,
        start: Date.parse('2026-03-04T20:00:00Z'),
        end: Date.parse('2026-03-05T08:00:00Z'),
        url: URL,
      });
      expect(text.sms.length).toBeLessThanOrEqual(160);
      if (kind === 'offer' || kind === 'approval_needed') expect(text.sms.endsWith(URL)).toBe(true);
      expect(text.sms).toMatch(/20:00 today to 08:00 tomorrow/);
      expect(text.body).toContain('Times are in Europe/London.');
      expect(text.body).toContain('No request or caller is involved.');
      expect(text.subject.length).toBeGreaterThan(0);
    }
  });
});
