// Item keys of the single table, in one place. The clinic partition sorts overrides by end time before
// the clinic's own records ('~' sorts after every digit and letter), so one Query from `OVR#<t>` returns
// the overrides still running or ahead plus the clinic, its clinicians and services: the whole rota.

// Whole milliseconds: a fractional instant would sort after every padded key.
const pad = (ms: number) => String(Math.floor(ms)).padStart(15, '0');

/**
 * FNV-1a, 32 bits, with murmur3's finalizer: the same in every process, and even over the due shards for ids
 * that differ only in their last characters (plain FNV-1a's low bits are not).
 */
function shardHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

export const keys = {
  clinicPartition: (clinicId: string) => `CLINIC#${clinicId}`,
  clinic: () => '~CLINIC',
  clinician: (clinicianId: string) => `~CLINICIAN#${clinicianId}`,
  clinicianPrefix: '~CLINICIAN#',
  service: (serviceId: string) => `~SERVICE#${serviceId}`,
  servicePrefix: '~SERVICE#',
  override: (end: number, overrideId: string) => `OVR#${pad(end)}#${overrideId}`,
  /** Lower bound for overrides that end after `t`. */
  overridesEndingAfter: (t: number) => `OVR#${pad(t + 1)}`,
  overridePrefix: 'OVR#',
  /** Above every override key ('~' sorts after the digits of the end). */
  overridesEnd: 'OVR#~',
  /**
   * Where an override is stored besides the end its id names, once an update moved it (and its change lock):
   * 'OREF#' sorts before 'OVR#', so the rota's Query never reads it.
   */
  overrideRef: (overrideId: string) => `OREF#${overrideId}`,
  overrideRefPrefix: 'OREF#',
  clinicKey: (keyId: string) => `KEY#${keyId}`,
  clinicKeyPrefix: 'KEY#',
  apiKeyPartition: (secretHash: string) => `APIKEY#${secretHash}`,
  apiKey: () => 'APIKEY',
  /** A scope's current calendar feed, in the clinic partition ('FEED#' sorts before 'OVR#': not in the rota). */
  clinicFeed: (scope: string) => `FEED#${scope}`,
  feedPartition: (tokenHash: string) => `CALFEED#${tokenHash}`,
  feed: () => 'CALFEED',
  /** An alerted coverage gap of a service, by the gap's start ('GAPALERT#' sorts before 'OVR#'). */
  gapAlert: (serviceId: string, start: number) => `GAPALERT#${serviceId}#${pad(start)}`,
  gapAlertPrefix: 'GAPALERT#',
  /** A shift notice of a person ('NOTICE#' sorts before 'OVR#': not in the rota). */
  shiftNotice: (clinicianId: string, serviceId: string, kind: string, at: number) =>
    `NOTICE#${clinicianId}#${serviceId}#${kind}#${pad(at)}`,
  shiftNoticePrefix: 'NOTICE#',
  /** A cover request ('COVER#' sorts before 'OVR#': not in the rota). */
  coverRequest: (coverId: string) => `COVER#${coverId}`,
  coverRequestPrefix: 'COVER#',
  /** A colleague's link to a cover offer, in its own partition by the token's hash. */
  coverLink: (tokenHash: string) => ({ PK: `COVERLINK#${tokenHash}`, SK: 'COVERLINK' }),
  /**
   * Every clinic record also sits in one partition of the queue index (QUEUE_INDEX), sorted by id: the
   * directory the scheduled jobs page through, where a Scan would read every item of every clinic.
   */
  clinicDirectory: 'CLINICS',
} as const;

export const requestKeys = {
  request: (clinicId: string, requestId: string) => ({
    PK: `REQUEST#${clinicId}#${requestId}`,
    SK: 'REQUEST',
  }),
  /** The due index partition of a request: one of `shards`, the same for the request all its life. */
  duePartition: (clinicId: string, requestId: string, shards: number) =>
    `DUE#${shardHash(`${clinicId}#${requestId}`) % shards}`,
  /** Every due partition the sweeper reads: the shards, and the one partition written before there were any. */
  duePartitions: (shards: number) => [...Array.from({ length: shards }, (_, n) => `DUE#${n}`), 'DUE'],
  due: (dueAt: number, clinicId: string, requestId: string) => `${pad(dueAt)}#${clinicId}#${requestId}`,
  dueUntil: (until: number) => `${pad(until)}#~`,
  ackToken: (tokenHash: string) => ({ PK: `ACKTOKEN#${tokenHash}`, SK: 'ACKTOKEN' }),
  caseLink: (tokenHash: string) => ({ PK: `CASELINK#${tokenHash}`, SK: 'CASELINK' }),
  smsCode: (phone: string, code: string) => ({ PK: `SMSCODE#${phone}#${code}`, SK: 'SMSCODE' }),
  /** A short reference held by one open request of a clinic. */
  reference: (clinicId: string, reference: string) => ({ PK: `REF#${clinicId}#${reference}`, SK: 'REF' }),
  /** The queue index partition of a clinic's open or closed requests (QUEUE_INDEX). */
  queuePartition: (clinicId: string, open: boolean) => `${open ? 'OPEN' : 'CLOSED'}#${clinicId}`,
  /** A request's place in its clinic's queue: by creation time, then id (unique). */
  queuePosition: (createdAt: number, requestId: string) => `${pad(createdAt)}#${requestId}`,
  /** Lowest queue position of a request created at or after `t` ('#' sorts before every digit). */
  queueFrom: (t: number) => `${pad(Math.max(0, t))}#`,
  /** Wrong SMS reply codes from one phone in one 15-minute window (`window` = epoch ms / 900,000). */
  smsMisses: (phone: string, window: number) => ({ PK: `SMSMISS#${phone}#${window}`, SK: 'SMSMISS' }),
};
