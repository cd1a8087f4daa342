// Values reserved for documentation and fiction: fine in an example, never in a stage that deploys (an
// alarm mailed to example.org reaches no one; a page "from" a fictional number is refused or spoofed).

// RFC 2606 / RFC 6761: example.com/.org/.net (and below), the .example .test .invalid .localhost TLDs; and
// any example.<suffix> (example.co.uk …), which no clinic sends its alarms to.
const RESERVED_DOMAIN = /(^|\.)example\.[a-z]{2,}(\.[a-z]{2})?$|\.(example|test|invalid|localhost)$/i;

const RESERVED_NUMBERS: readonly { pattern: RegExp; what: string }[] = [
  // North American Numbering Plan: 555-0100 to 555-0199 in every area code are for fiction.
  { pattern: /^\+1[0-9]{3}55501[0-9]{2}$/, what: 'a fictional North American 555-01xx number' },
  // Ofcom's drama ranges: mobile 07700 900000–900999, no area 01632 960xxx, London 020 7946 0xxx.
  { pattern: /^\+447700900[0-9]{3}$/, what: 'an Ofcom drama number (07700 900xxx)' },
  { pattern: /^\+441632960[0-9]{3}$/, what: 'an Ofcom drama number (01632 960xxx)' },
  { pattern: /^\+442079460[0-9]{3}$/, what: 'an Ofcom drama number (020 7946 0xxx)' },
];

/** Whether `domain` is reserved for examples (RFC 2606 / RFC 6761, as above). */
export const reservedDomain = (domain: string): boolean => RESERVED_DOMAIN.test(domain);

/** What reserved example `value` is (an email address or an E.164 number), or undefined for a real one. */
export function reservedExample(value: string): string | undefined {
  if (value.includes('@')) {
    const domain = value.slice(value.lastIndexOf('@') + 1);
    return RESERVED_DOMAIN.test(domain) ? `an example address (${domain} is reserved)` : undefined;
  }
  return RESERVED_NUMBERS.find(({ pattern }) => pattern.test(value))?.what;
}
