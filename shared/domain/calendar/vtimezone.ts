// The VTIMEZONE of a calendar feed (RFC 5545, 3.6.5), made from the same zone data the rota engine uses
// (Temporal over the runtime's ICU), so a calendar app reads every shift at the instant /shifts gives.
// It lists the zone's actual transitions over the feed's window (no RRULEs to get wrong), plus the offset
// in force when the window opens.
import { Temporal } from 'temporal-polyfill';

const CRLF = '\r\n';

/** "+0100", "-0330": an offset in the form VTIMEZONE wants. */
function icalOffset(offsetNs: number): string {
  const minutes = Math.round(offsetNs / 60e9);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock time at `instant` under `offsetNs`, as a floating DATE-TIME ("20260329T010000"). */
function localStamp(epochMs: number, offsetNs: number): string {
  const local = Temporal.Instant.fromEpochNanoseconds(BigInt(epochMs) * 1_000_000n + BigInt(offsetNs))
    .toZonedDateTimeISO('UTC')
    .toPlainDateTime();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`;
}

function observance(
  kind: 'STANDARD' | 'DAYLIGHT',
  startMs: number,
  fromNs: number,
  toNs: number,
  name: string,
) {
  return [
    `BEGIN:${kind}`,
    // An observance's DTSTART is local time before the change (TZOFFSETFROM).
    `DTSTART:${localStamp(startMs, fromNs)}`,
    `TZOFFSETFROM:${icalOffset(fromNs)}`,
    `TZOFFSETTO:${icalOffset(toNs)}`,
    `TZNAME:${name}`,
    `END:${kind}`,
  ];
}

/** The offset's own name, "+01:00": ICU's abbreviations (BST, CEST) depend on the locale. */
const offsetName = (offsetNs: number) => {
  const text = icalOffset(offsetNs);
  return `${text.slice(0, 3)}:${text.slice(3)}`;
};

/** A VTIMEZONE block (CRLF lines, no trailing CRLF) for `timeZone` covering [from, to). */
export function vtimezone(timeZone: string, from: number, to: number): string {
  const opening = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  const lines = [`BEGIN:VTIMEZONE`, `TZID:${timeZone}`];
  // The offset in force at the start is daylight time when the next change turns the clocks back.
  const first = opening.getTimeZoneTransition('next');
  const openingKind = first && first.offsetNanoseconds < opening.offsetNanoseconds ? 'DAYLIGHT' : 'STANDARD';
  lines.push(
    ...observance(
      openingKind,
      from,
      opening.offsetNanoseconds,
      opening.offsetNanoseconds,
      offsetName(opening.offsetNanoseconds),
    ),
  );
  let previous = opening;
  for (;;) {
    const next = previous.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= to) break;
    const fromNs = previous.offsetNanoseconds;
    const toNs = next.offsetNanoseconds;
    lines.push(
      ...observance(
        toNs > fromNs ? 'DAYLIGHT' : 'STANDARD',
        next.epochMilliseconds,
        fromNs,
        toNs,
        offsetName(toNs),
      ),
    );
    previous = next;
  }
  lines.push('END:VTIMEZONE');
  return lines.join(CRLF);
}
