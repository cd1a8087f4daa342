import { describe, expect, it } from '@jest/globals';
import { gapAlertText, type AlertedGap } from '../../../shared/domain/paging/gap-alert-text.js';
import { isGsm7 } from '../../../shared/domain/paging/gsm7.js';

const NOW = Date.parse('2026-03-27T12:00:00Z'); // the Friday before the clocks go forward in London
const gap = (over: Partial<AlertedGap> = {}): AlertedGap => ({
  serviceId: 'adolescent',
  serviceName: 'Adolescent',
  start: Date.parse('2026-03-28T18:00:00Z'),
  end: Date.parse('2026-03-29T07:00:00Z'), // 08:00 BST: after the change
  ...over,
});
const text = (gaps: AlertedGap[], over: Partial<Parameters<typeof gapAlertText>[0]> = {}) =>
  gapAlertText({
    clinicName: 'Northside',
    timeZone: 'Europe/London',
    now: NOW,
    gaps,
    consoleUrl: 'https://crisis.example.org/admin',
    ...over,
  });

describe('gap alert text', () => {
  it("says when in the clinic's clock, across a DST change", () => {
    expect(text([gap()]).sms).toBe(
      'crisis-router: nobody on call for Adolescent, Sat 28 Mar 18:00 to Sun 29 Mar 08:00 (nobody is on the rota). Fix: https://crisis.example.org/admin',
    );
    expect(text([gap()], { timeZone: 'America/New_York' }).sms).toContain(
      'Sat 28 Mar 14:00 to Sun 29 Mar 03:00',
    );
  });

  it('a gap under way reads "now"; the holder and why are named', () => {
    const sms = text([gap({ start: 0, reason: 'no_verified_contact', holder: 'Ana Smith' })]).sms;
    expect(sms).toContain('Adolescent, now to Sun 29 Mar 08:00 (Ana Smith has no verified contact method)');
  });

  it('one GSM-7 segment whatever the names, the link kept while it fits', () => {
    const long = gap({
      serviceName: 'Łódź adolescent and young adult crisis line'.repeat(3),
      reason: 'clinician_inactive',
      holder: 'Zoë Ødegård-Łukasiewicz',
    });
    const { sms } = text([long, gap(), gap()]);
    expect(sms.length).toBeLessThanOrEqual(160);
    expect(isGsm7(sms)).toBe(true);
    expect(sms).toMatch(/^crisis-router: nobody on call for Lodz adolescent a/);
    expect(sms).toContain('+2 more gaps.');
    expect(sms).toContain('Fix: https://crisis.example.org/admin');
  });

  it('the email lists every gap with its hours and where requests go meanwhile', () => {
    const { subject, body } = text([
      gap({ coveredBy: 'General' }),
      gap({
        serviceId: 'night',
        serviceName: 'Night line',
        start: 0,
        coveredBy: "the clinic's fallback contacts",
      }),
    ]);
    expect(subject).toBe('crisis-router: 2 coverage gaps at Northside');
    expect(body).toContain(
      '- Adolescent: Sat 28 Mar 18:00 to Sun 29 Mar 08:00 (13 h): nobody is on the rota. Requests then go to General.',
    );
    expect(body).toContain(
      "- Night line: now to Sun 29 Mar 08:00 (43 h): nobody is on the rota. Requests then go to the clinic's fallback contacts.",
    );
    expect(body).toContain('(times in Europe/London)');
  });

  it('a subject under the SNS limit at any clinic name', () => {
    expect([...text([gap()], { clinicName: 'N'.repeat(200) }).subject].length).toBeLessThan(100);
  });
});
