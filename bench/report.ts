// Renders bench/results/latest.json as docs/benchmarks.md: the summary table (figure, target, result,
// how measured), then the detail behind each figure and the notes drawn from it.
import type { CalendarFeedResult } from './calendar-feed.js';
import { afterImports, type ColdFirstPageResult } from './cold-first-page.js';
import type { ChannelLatencyResult } from './channel-latency.js';
import { HOT_OVER_BARE_TARGET_MS, HOT_PATH, HOT_SIZE_TARGET_KB, type ColdStartResult } from './cold-start.js';
import type { CostResult } from './cost-per-request.js';
import type { LatenessResult } from './escalation-lateness.js';
import type { HttpLoadResult } from './http-load.js';
import type { Machine } from './lib/machine.js';
import type { RotaResult } from './rota-lookup.js';
import type { RotaReportsResult } from './rota-reports.js';
import type { ScaleResult } from './scale-sim.js';
import type { SubmitLatencyResult } from './submit-latency.js';

export interface BenchResults {
  timestamp: string;
  totalRuntimeSeconds: number;
  machine: Machine;
  loadAverageAtEnd: number[];
  submitToPage?: SubmitLatencyResult;
  /** The submit/floor median ratio of each run of measure 1 in this bench run (the first is submitToPage's). */
  submitRatioRuns?: number[];
  httpLoad?: HttpLoadResult;
  escalationLateness?: LatenessResult;
  rota?: RotaResult;
  coldStart?: ColdStartResult;
  coldFirstPage?: ColdFirstPageResult;
  costPerRequest?: CostResult;
  channels?: ChannelLatencyResult;
  calendarFeed?: CalendarFeedResult;
  rotaReports?: RotaReportsResult;
  scale?: ScaleResult;
  errors: Record<string, string>;
}

const ms = (v: number, digits = 1) => `${v.toFixed(digits)} ms`;
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const usd = (v: number) => `$${v < 0.01 ? v.toPrecision(3) : v.toFixed(4)}`;
const table = (head: string[], rows: Array<Array<string | number>>) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** `1 × Query, 4 × PutItem (acktoken, reference, request, smscode)`: commands per submit, with the item kinds written. */
export function describeCalls(calls: Record<string, number>, writes: Record<string, number> = {}): string {
  const kinds = Object.entries(writes)
    .map(([kind, n]) => (n === 1 ? kind : `${n} × ${kind}`))
    .join(', ');
  return Object.entries(calls)
    .map(([k, v]) => `${v} × ${k}${k === 'PutItem' && kinds ? ` (${kinds})` : ''}`)
    .join(', ');
}

/** The handler's calls beyond the floor's (both measured), e.g. `1 × PutItem`. */
function extraCalls(submit: SubmitLatencyResult): string[] {
  const floor = submit.floorDynamoCalls;
  if (!floor) return []; // results from before the floor's calls were measured
  return Object.entries(submit.handlerDynamoCalls)
    .filter(([name, n]) => n > (floor[name] ?? 0))
    .map(([name, n]) => `${n - (floor[name] ?? 0)} × ${name}`);
}

/** Item kinds the handler writes that the floor does not (e.g. `reference`). */
function extraWrites(submit: SubmitLatencyResult): string[] {
  const floor = submit.floorWritesByKind;
  if (!floor) return [];
  return Object.entries(submit.handlerWritesByKind ?? {})
    .filter(([kind, n]) => n > (floor[kind] ?? 0))
    .map(([kind]) => kind);
}

function summaryRows(r: BenchResults): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  const s = r.submitToPage;
  if (s)
    rows.push([
      '1. Submit → first page (in process)',
      'handler/floor ≤ 1.3×',
      `handler ${ms(s.handlerToPublishMs.median, 2)} median / ${ms(s.handlerToPublishMs.p99, 2)} p99; floor ${ms(s.floorMs.median, 2)} / ${ms(s.floorMs.p99, 2)}; **ratio ${s.ratioMedian}× median, ${s.ratioP99}× p99**`,
      yes(s.ratioMedian <= 1.3) +
        (r.submitRatioRuns && r.submitRatioRuns.length > 1
          ? ` (${r.submitRatioRuns.length} runs: ${r.submitRatioRuns.map((x) => `${x}×`).join(', ')}; met in ${r.submitRatioRuns.filter((x) => x <= 1.3).length})`
          : ''),
      `${s.samplesPerVariant} interleaved samples per variant after ${s.warmupPerVariant} warm-up; real submit handler on in-memory dynalite, SnsPager on a mocked SNSClient; ` +
        `floor = the calls a page cannot avoid, made directly on the low-level client: ${describeCalls(s.floorDynamoCalls ?? {}, s.floorWritesByKind)} in ${s.floorDynamoRounds} round trips, then Publish` +
        (extraWrites(s).length
          ? ` (the handler's ${extraWrites(s).join(', ')} write keeps references unique, not part of the floor)`
          : ''),
    ]);
  const h = r.httpLoad;
  if (h)
    rows.push([
      `2. Local HTTP stack, ${h.requests} submits at concurrency ${h.concurrency}`,
      `exactly one first page for all ${h.requests}; no errors`,
      `${h.requestsPerSecond} req/s; p50 ${ms(h.latencyMs.median, 0)}, p99 ${ms(h.latencyMs.p99, 0)}; ${h.errors} errors; **${h.exactlyOneFirstPage}/${h.requests} with exactly one first page**`,
      yes(h.exactlyOneFirstPage === h.requests && h.errors === 0),
      'startLocalStack (dynalite on disk, outbox pager) with the demo clinic, 3 services; keep-alive load client in its own process; pages checked in the stored timeline and in the outbox (ack token → request)',
    ]);
  const e = r.escalationLateness;
  if (e)
    rows.push([
      `3. Escalation lateness (${e.paced.requests} requests, ${e.ackTimeoutSeconds} s timeout)`,
      'p99 ≤ 250 ms',
      `paced: median ${ms(e.paced.pageLatenessMs.median, 0)}, **p99 ${ms(e.paced.pageLatenessMs.p99, 0)}**; burst: median ${ms(e.burst.pageLatenessMs.median, 0)}, p99 ${ms(e.burst.pageLatenessMs.p99, 0)} (GoAlert's 5 s cycle: ~2.5 s median, ~4.95 s p99)`,
      yes(e.paced.pageLatenessMs.p99 <= 250 && e.burst.pageLatenessMs.p99 <= 250),
      'level-2 page sentAt (outbox, traced by ack token) − nextEscalationAt from the submit response; local stack, in-process timer, sweeper parked',
    ]);
  const ro = r.rota;
  if (ro)
    rows.push([
      `4. Rota lookup (${ro.participants}-person weekly rotation, ${ro.overrides} overrides)`,
      '1 DynamoDB call per lookup',
      `whoIsOnCall **${(ro.nsPerLookupMedian / 1000).toFixed(1)} µs** per lookup (${ro.nsPerLookupNoOverrides.toFixed(0)} ns without overrides); adapter: **${ro.adapter.callsPerLookup.max} call**, items read median ${ro.adapter.itemsReadPerLookup.median} / p99 ${ro.adapter.itemsReadPerLookup.p99}, ${ro.adapter.readUnitsPerLookup.median} RRU median`,
      yes(ro.adapter.callsPerLookup.max === 1),
      `overrides of 1–72 h at seeded random starts over 2026 (an override holds ${(ro.overrideCoverage * 100).toFixed(0)}% of the instants); ${ro.instants} seeded random instants × ${ro.nsPerLookupBatches.length} batches (median batch); ${ro.adapter.lookups} loadRota + whoIsOnCall on dynalite, ScannedCount and ConsumedCapacity per call`,
    ]);
  const c = r.coldStart;
  if (c) {
    const sizes = c.functions.map((f) => f.bundleKB).sort((a, b) => a - b);
    const inits = c.functions.map((f) => f.initMedianMs).sort((a, b) => a - b);
    rows.push([
      `5. Cold start (${c.functions.length} functions)`,
      '≤ 250 KB and ≤ 150 ms each',
      `bundles ${sizes[0]}–${sizes[sizes.length - 1]} KB, init ${inits[0]}–${inits[inits.length - 1]} ms (Node alone ${c.nodeBaselineMs} ms); **${c.missSize.length} miss size, ${c.missInit.length} miss time**`,
      yes(c.missSize.length === 0 && c.missInit.length === 0),
      `${c.stage ? `the bundles CDK builds for the ${c.stage} stage (its asset directories)` : c.crisisFunction ? `esbuild with CrisisFunction's bundling options, read from ${c.crisisFunction.source}` : 'esbuild as CrisisFunction'} (sourcemap ${c.crisisFunction?.sourceMap ? 'on' : 'off'}, ${c.crisisFunction?.nodeOptions ? `NODE_OPTIONS=${c.crisisFunction.nodeOptions}` : 'no NODE_OPTIONS'}); ${c.runs} fresh Node processes per bundle, round robin; process start → \`await import(bundle)\` done`,
    ]);
    const hot = c.functions.filter((f) => HOT_PATH.includes(f.name));
    if (c.hotMissSize && c.hotMissOverBare)
      rows.push([
        `5b. Cold start of the hot path (${hot.length} functions)`,
        `≤ ${HOT_SIZE_TARGET_KB} KB and ≤ ${HOT_OVER_BARE_TARGET_MS} ms over bare Node each`,
        `${hot.map((f) => `${f.name} ${f.bundleKB} KB / +${f.overBareMedianMs} ms`).join('; ')}; **${c.hotMissSize.length} miss size, ${c.hotMissOverBare.length} miss time**`,
        yes(c.hotMissSize.length === 0 && c.hotMissOverBare.length === 0),
        'as measure 5; over bare = init less the empty module of the same round (median over rounds)',
      ]);
  }
  const f = r.coldFirstPage;
  if (f)
    rows.push([
      '5c. Cold first page (authorizer + submit bundles, one fresh process)',
      'cold ≤ 2 × (warm + bare Node)',
      `cold **${ms(f.coldMs.medianMs)}** median (p99 ${ms(f.coldMs.p99Ms)}); warm ${ms(f.warmMs.medianMs)}, bare Node ${ms(f.bareNodeMs.medianMs)}: target ${ms(f.targetMs)}`,
      yes(f.met),
      `${f.runs} fresh processes import both bundles CDK built and handle one REQUEST-authorizer event and one submit event each, against DynamoDB Local and a fake SNS/SQS endpoint on loopback; time to the SMS Publish reaching it. Warm: ${f.warmSamples} more pairs in those processes. Interleaved with ${f.runs} bare-Node processes`,
    ]);
  const k = r.costPerRequest;
  if (k)
    rows.push([
      '6. Cost of one request (2 escalations, SMS ack)',
      '—',
      `${k.dynamo.writeUnits} WRU + ${k.dynamo.readUnits} RRU, ${k.snsSmsPublishes} SMS, ${k.sqsMessagesSent} SQS messages, ${Object.values(k.lambdaInvocations).reduce((a, b) => a + b, 0)} Lambda invocations: **${usd(k.dollars.totalExcludingSms)} infrastructure; ${usd(k.dollars.totalUk)} with UK SMS, ${usd(k.dollars.totalUs)} with US SMS**`,
      '—',
      'real handlers in process with a fake clock on dynalite (ConsumedCapacity + due-index writes), SNS/SQS mocked and counted; public on-demand prices below',
    ]);
  const ch = r.channels;
  if (ch)
    rows.push([
      `7. Submit → first page by channel (local HTTP stack, ${ch.requestsPerChannel} each)`,
      '—',
      `SMS ${ms(ch.sms.median, 0)} median; voice call start ${ms(ch.voice.median, 0)} (**${ch.voiceOverSms}×**); push accepted by the push service ${ms(ch.push.median, 0)} (**${ch.pushOverSms}×**); p99 ${ms(ch.sms.p99, 0)} / ${ms(ch.voice.p99, 0)} / ${ms(ch.push.p99, 0)}`,
      '—',
      'one person per channel with rules using only that channel at 0 s; submit sent → outbox record (SMS, call) or request received by an HTTPS push service on loopback (push: encryption, VAPID signature and TLS included); interleaved',
    ]);
  const rr = r.rotaReports;
  if (rr)
    rows.push([
      `9. Gap check of one clinic (${rr.gaps.participants}-person service, ${rr.gaps.overrides} overrides, ${rr.gaps.inactive} inactive)`,
      '—',
      `**${ms(rr.gapCheck.steady.ms.median, 2)}** median with nothing new (${rr.gapCheck.steady.storeCalls} Queries); ${ms(rr.gapCheck.first.ms.median, 2)} when all ${rr.gapCheck.gaps} gaps are new (${rr.gapCheck.first.storeCalls} store calls, ${rr.gapCheck.first.messages} messages)`,
      '—',
      'the rota check’s gap use case in process, in-memory stores (their calls counted, not timed), fixed clock',
    ]);
  const sc = r.scale;
  if (sc)
    rows.push([
      `10. Scale: ${sc.openRequests.toLocaleString('en')} open requests over ${sc.clinics.toLocaleString('en')} clinics`,
      '—',
      `sweeper index pass **${ms(sc.sweepIndex.ms.median, 0)}**, ${sc.sweepIndex.readUnits} RRU (${sc.sweepIndex.queries} Queries); with its ${sc.sweepIndex.found} reads ${ms(sc.sweepReads.ms.median, 0)}, ${sc.sweepReads.readUnits} RRU; local re-arm of ${sc.rearm.requests.toLocaleString('en')} on ${sc.rearm.engine} ${(sc.rearm.ms / 1000).toFixed(1)} s (${sc.rearm.pages} Scan pages); rota with ${sc.rota.overrides} overrides ${ms(sc.rota.ms.median, 1)}, ${sc.rota.readUnits} RRU`,
      '—',
      `${sc.engine}; requests in the store's item layout (a real submit's item, copied); due shards ${sc.shards.minItems}–${sc.shards.maxItems} items each over ${sc.shards.count}; see docs/scaling.md`,
    ]);
  // A measure that failed is a row of its own that says so: never a figure left from an earlier run.
  for (const [measure, message] of Object.entries(r.errors))
    rows.push([`${measure}: **FAILED**`, '—', message.replace(/\s+/g, ' ').slice(0, 300), yes(false), '—']);
  return rows;
}

function submitDetail(s: SubmitLatencyResult): string {
  const phases = Object.entries(s.handlerPhasesMs);
  const floorPhases = Object.entries(s.floorPhasesMs);
  const extra = extraWrites(s);
  return [
    '### 1. Submit → first page',
    '',
    table(
      ['', 'median', 'p99', 'mean'],
      [
        [
          'handler entry → Publish',
          ms(s.handlerToPublishMs.median, 2),
          ms(s.handlerToPublishMs.p99, 2),
          ms(s.handlerToPublishMs.mean, 2),
        ],
        [
          'handler entry → 202 returned',
          ms(s.handlerTotalMs.median, 2),
          ms(s.handlerTotalMs.p99, 2),
          ms(s.handlerTotalMs.mean, 2),
        ],
        ['floor (low-level client)', ms(s.floorMs.median, 2), ms(s.floorMs.p99, 2), ms(s.floorMs.mean, 2)],
        [
          'floor (DocumentClient)',
          ms(s.floorDocumentClientMs.median, 2),
          ms(s.floorDocumentClientMs.p99, 2),
          ms(s.floorDocumentClientMs.mean, 2),
        ],
      ],
    ),
    '',
    `DynamoDB calls per submit, up to the page (counted as they ran, median): ${describeCalls(s.handlerDynamoCalls, s.handlerWritesByKind)} ` +
      `in ${s.handlerDynamoRounds} sequential round trips; floor: ${describeCalls(s.floorDynamoCalls ?? {}, s.floorWritesByKind)} in ${s.floorDynamoRounds}` +
      (extra.length ? ` (the ${extra.join(', ')} write is the handler's unique-reference extra)` : '') +
      `. Request item ${s.requestItemBytes} bytes on the wire; ` +
      `the rota Query returns ${s.rotaItemsRead} items; ${s.logBytesPerInvocation} bytes of logs and EMF per invocation.`,
    '',
    "Where the handler's time goes (median per phase) next to the floor's calls:",
    '',
    table(
      ['handler phase', 'median', 'DynamoDB calls'],
      phases.map(([k, v]) => [k, ms(v, 3), s.handlerPhaseCalls?.[k] ?? '']),
    ),
    '',
    table(
      ['floor step', 'median', 'DynamoDB calls'],
      floorPhases.map(([k, v]) => [k, ms(v, 3), s.floorPhaseCalls?.[k] ?? '']),
    ),
  ].join('\n');
}

function firstPageDetail(f: ColdFirstPageResult): string {
  const split = f.coldSplitMs;
  const afterImport = afterImports(f);
  return [
    '### 5c. Cold first page',
    '',
    table(
      ['from process start (cold) or pair start (warm)', 'median', 'p99'],
      [
        ['cold: both bundles imported', ms(split.importsDone.medianMs), ms(split.importsDone.p99Ms)],
        [
          'cold: authorizer answered',
          ms(split.authorizerAnswered.medianMs),
          ms(split.authorizerAnswered.p99Ms),
        ],
        ['cold: **SMS Publish received**', ms(split.smsPublish.medianMs), ms(split.smsPublish.p99Ms)],
        ['cold: submit answered 202', ms(split.submitAnswered.medianMs), ms(split.submitAnswered.p99Ms)],
        [
          'cold process, its imports done: first events → SMS Publish',
          ms(afterImport.medianMs),
          ms(afterImport.p99Ms),
        ],
        ...(f.provisioned
          ? [
              [
                'provisioned environment: imports and priming done (at deploy in AWS)',
                ms(f.provisioned.importsDone.medianMs),
                ms(f.provisioned.importsDone.p99Ms),
              ],
              [
                '**provisioned environment: first events → SMS Publish**',
                ms(f.provisioned.firstEventsToSms.medianMs),
                ms(f.provisioned.firstEventsToSms.p99Ms),
              ],
            ]
          : []),
        ['warm: authorizer + submit → SMS Publish', ms(f.warmMs.medianMs), ms(f.warmMs.p99Ms)],
        ['bare Node: empty module imported', ms(f.bareNodeMs.medianMs), ms(f.bareNodeMs.p99Ms)],
      ],
    ),
    '',
    `Target 2 × (${ms(f.warmMs.medianMs)} + ${ms(f.bareNodeMs.medianMs)}) = ${ms(f.targetMs)}: ${f.met ? 'met' : '**not met**'}. ` +
      `After the imports, the first pair takes ${ms(afterImport.medianMs)} to its page against ${ms(f.warmMs.medianMs)} warm: the SDK clients' and handlers' first use. ` +
      `Each submit sent ${Object.entries(f.callsPerSubmit)
        .map(([k, v]) => `${v} × ${k}`)
        .join(
          ', ',
        )} to the fake endpoint; a request it could not answer, a warning in the logs or a missing page fails the measure.`,
    '',
    ...f.notes.map((n) => `- ${n}`),
  ].join('\n');
}

function coldDetail(c: ColdStartResult): string {
  const mapSizes = Object.entries(c.sourceMapKB)
    .map(([k, v]) => `${k} ${v} KB`)
    .join(', ');
  const rewritten = Object.entries(c.zodImportsRewritten ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    '### 5. Cold start',
    '',
    `Bundling: ${c.bundling}. Init = process start (performance.timeOrigin) → \`await import(bundle)\` resolved, median of ${c.runs}; ` +
      `an empty module takes ${c.nodeBaselineMs} ms (${c.nodeBaselineCpuMs} ms CPU), included in every figure. CPU = user + system time of the process by then, less affected by a busy machine.`,
    '',
    table(
      ['function', 'bundle KB', 'init median', 'over bare', 'init p99', 'CPU median', 'largest inputs (KB)'],
      c.functions.map((f) => [
        HOT_PATH.includes(f.name) ? `${f.name} (hot path)` : f.name,
        f.meetsSize ? f.bundleKB : `**${f.bundleKB}**`,
        f.meetsInit ? ms(f.initMedianMs) : `**${ms(f.initMedianMs)}**`,
        f.overBareMedianMs === undefined ? '—' : ms(f.overBareMedianMs),
        ms(f.initP99Ms),
        ms(f.initCpuMedianMs),
        f.topInputs
          .slice(0, 4)
          .map((t) => `${t.input} ${t.kb}`)
          .join(', '),
      ]),
    ),
    '',
    ...(c.notMeasured?.length
      ? [
          `Not measured: ${c.notMeasured.join(', ')} (${c.stage ? `entries under functions/ the ${c.stage} stage builds no function for: voice functions, the push key generator of the stateful stack` : 'an entry under functions/ that is not a route or trigger in functions/routes.ts nor the authorizer'}).`,
          '',
        ]
      : []),
    ...(c.mirrorDrift
      ? [
          `CDK built the ${c.functions.length} bundles in ${c.cdkBuildSeconds} s. The largest inputs come from a re-bundle with the construct's options, whose size ${c.mirrorDrift.length ? `differs from CDK's by more than 1 KB for ${c.mirrorDrift.join(', ')}` : "matches CDK's within 1 KB for every function"}.`,
          '',
        ]
      : []),
    `Largest inputs across all bundles (KB per function, averaged): ${c.topInputsOverall
      .map((t) => `${t.input} ${t.kbPerFunction}`)
      .join(', ')}.`,
    '',
    ...(c.merged
      ? [
          `One function for ${c.merged.routes.join(', ')} (a lever measured, not built: an entry importing each route's index.ts and choosing by method and resource): ${c.merged.bundleKB} KB, init ${ms(c.merged.initMedianMs)}, ${ms(c.merged.overBareMedianMs)} over bare Node.`,
          '',
        ]
      : []),
    'The same functions as built now, with each of the previous build settings put back, and with the AWS SDK left to the runtime (measured in the same round robin):',
    '',
    table(
      ['function', 'variant', 'what is built', 'bundle KB', 'init median', 'CPU median'],
      c.variants.map((v) => [
        v.name,
        v.variant,
        v.label ?? '',
        v.bundleKB,
        ms(v.initMedianMs),
        ms(v.initCpuMedianMs),
      ]),
    ),
    '',
    (mapSizes && c.crisisFunction
      ? `The with-source-maps variant emits ${mapSizes} of map next to the bundle, which Node reads at start-up under --enable-source-maps; ` +
        `as built now CrisisFunction ${c.crisisFunction.sourceMap ? 'emits a map' : 'emits no map'} and sets ${c.crisisFunction.nodeOptions ? `NODE_OPTIONS=${c.crisisFunction.nodeOptions}` : 'no NODE_OPTIONS'}. `
      : '') +
      (rewritten
        ? `Source files the zod-named-import variant rewrote back to \`import { z } from 'zod'\`: ${rewritten}.`
        : ''),
  ].join('\n');
}

function costDetail(k: CostResult): string {
  return [
    '### 6. Cost per request',
    '',
    k.scenario,
    '',
    table(
      ['invocation', 'in-process ms', 'DynamoDB calls (capacity units)'],
      k.invocations.map((i) => [`${i.fn}: ${i.note}`, i.ms, i.dynamoCalls.join(', ')]),
    ),
    '',
    `DynamoDB: ${k.dynamo.readUnits} RRU; ${k.dynamo.writeUnits} WRU = ${k.dynamo.writeUnitsTable} table + ${k.dynamo.writeUnitsDueIndex} due-index entries + ${k.dynamo.writeUnitsQueueIndex} queue-index entries + ${k.dynamo.writeUnitsFailedConditions} failed conditions. ` +
      `Each full-item Put of the request (submit's one write of the started request, then every transition) cost ${k.dynamo.requestPutUnits.join(', ')} WRU. ` +
      (k.dynamo.writeUnitsByKind
        ? `Table WRU by item written: ${Object.entries(k.dynamo.writeUnitsByKind)
            .map(([kind, v]) => `${kind} ${v}`)
            .join(
              ', ',
            )} (besides the request transitions, the decision and then the recorded outcome, each page writes a link token and a reply code). `
        : '') +
      `SNS: ${k.snsSmsPublishes} SMS (${k.smsSegments} segments, ${k.replySmsSegments ?? '?'} of them the "You accepted" reply to the SMS answer), ${k.inboundSms} inbound. SQS: ${k.sqsMessagesSent} timer messages. Logs: ${k.logBytes} bytes.`,
    '',
    table(
      ['item', 'quantity', 'unit price (USD)', 'USD'],
      k.dollars.lines.map((l) => [l.item, l.quantity, l.unitPrice.toPrecision(3), l.usd.toPrecision(3)]),
    ),
    '',
    `Infrastructure ${usd(k.dollars.totalExcludingSms)} per request; SMS ${k.smsSegments} × $${k.prices.smsUkPerSegment} (UK, assumed) = ` +
      `${usd(k.smsSegments * k.prices.smsUkPerSegment)}, or ${k.smsSegments} × $${k.prices.smsUsPerSegment.toFixed(5)} (US, assumed). ` +
      `Each status poll by the hotline adds ${k.perStatusPoll.readUnits} RRU and one API + Lambda request: ${usd(k.perStatusPoll.usd)}.`,
    '',
    `Prices (checked ${k.prices.checked}): DynamoDB on-demand $0.625 per million WRU and $0.125 per million RRU (us-east-1, standard table class); ` +
      'Lambda $0.20 per million requests and $0.0000133334 per GB-s (arm64); SQS $0.40 per million requests; SNS $0.50 per million non-SMS publishes; ' +
      'API Gateway REST $3.50 per million; CloudWatch Logs $0.50 per GB ingested; X-Ray $5 per million traces recorded. ' +
      'SMS: **assumed** $0.040 per segment to the UK and $0.00883 to the US ($0.00581 + carrier fee); SMS prices vary by country and change often, check the AWS End User Messaging pricing page.',
    '',
    ...k.assumptions.map((a) => `- ${a}`),
  ].join('\n');
}

export function renderMarkdown(r: BenchResults, notes: string): string {
  const m = r.machine;
  const parts = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` (\`bench/run.ts\`) on ${r.timestamp} in ${Math.round(r.totalRuntimeSeconds)} s; ` +
      'raw figures in `bench/results/latest.json`. Medians and p99 are nearest-rank over the samples of this one run.',
    '',
    `**Machine:** ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, kernel ${m.kernel}, Node ${m.node}. ` +
      `Shared and noisy: load average ${m.loadAverageAtStart.join(' / ')} at the start and ${r.loadAverageAtEnd.join(' / ')} at the end ` +
      '(other sessions run their tests on the same 2 cores), so absolute times carry noise; ratios and counts are the robust figures.',
    '',
    table(['figure', 'target', 'result', 'met', 'how measured'], summaryRows(r)),
    '',
  ];
  if (Object.keys(r.errors).length)
    parts.push(
      '**Measures that failed in this run:** ' +
        Object.entries(r.errors)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
      '',
    );
  parts.push('## Details', '');
  if (r.submitToPage) parts.push(submitDetail(r.submitToPage), '');
  if (r.httpLoad) {
    const h = r.httpLoad;
    parts.push(
      '### 2. Through the local HTTP stack',
      '',
      `${h.requests} submissions in ${(h.durationMs / 1000).toFixed(1)} s = ${h.requestsPerSecond} req/s; latency median ${ms(h.latencyMs.median)}, p99 ${ms(h.latencyMs.p99)}, max ${ms(h.latencyMs.max)}; statuses ${JSON.stringify(h.statusCounts)}. ` +
        `First pages: ${h.exactlyOneFirstPage} exactly one, ${h.noFirstPage} none, ${h.duplicateFirstPage} more than one (${h.outboxMessagesChecked} outbox pages traced). ` +
        'The server, its authorizer and the embedded engine share one Node process (one core); the client runs in another.',
      '',
    );
  }
  if (r.escalationLateness) {
    const e = r.escalationLateness;
    parts.push(
      '### 3. Escalation lateness',
      '',
      table(
        [
          'run',
          'due times spread over',
          'escalated',
          'page lateness median / p99 / max',
          'decision lateness median / p99',
        ],
        [e.paced, e.burst].map((x) => [
          x.mode,
          ms(x.dueSpreadMs, 0),
          `${x.escalated}/${x.requests}`,
          `${ms(x.pageLatenessMs.median, 0)} / ${ms(x.pageLatenessMs.p99, 0)} / ${ms(x.pageLatenessMs.max, 0)}`,
          `${ms(x.decisionLatenessMs.median, 0)} / ${ms(x.decisionLatenessMs.p99, 0)}`,
        ]),
      ),
      '',
      'Paced: submissions arrive at a steady rate over the timeout; burst: all at concurrency 50, so the timers fall due within a couple of seconds of each other. ' +
        'Decision lateness is the `escalated` timeline entry; the page follows its link-token and reply-code writes and the last look at the request.',
      '',
    );
  }
  if (r.rota) {
    const ro = r.rota;
    parts.push(
      '### 4. Rota lookups',
      '',
      `whoIsOnCall per batch of ${ro.instants}: ${ro.nsPerLookupBatches.map((v) => `${(v / 1000).toFixed(1)} µs`).join(', ')}; ` +
        `individually timed: median ${(ro.nsPerLookupSingle.median / 1000).toFixed(1)} µs, p99 ${(ro.nsPerLookupSingle.p99 / 1000).toFixed(1)} µs; ` +
        `with no overrides ${ro.nsPerLookupNoOverrides.toFixed(0)} ns. Through the adapter (${ro.adapter.itemsInPartition} items in the clinic partition): ` +
        `${ro.adapter.callsPerLookup.median} call per lookup (max ${ro.adapter.callsPerLookup.max}); items read median ${ro.adapter.itemsReadPerLookup.median}, p99 ${ro.adapter.itemsReadPerLookup.p99}, ` +
        `max ${ro.adapter.itemsReadPerLookup.max}; ${ro.adapter.readUnitsPerLookup.median} RRU median, ${ro.adapter.readUnitsPerLookup.p99} p99; ` +
        `${ms(ro.adapter.msPerLookup.median, 2)} median, ${ms(ro.adapter.msPerLookup.p99, 2)} p99 on dynalite.`,
      '',
    );
  }
  if (r.calendarFeed) {
    const f = r.calendarFeed;
    parts.push(
      '### 8. Calendar feeds',
      '',
      `A ${f.participants}-person service with daily handoffs and ${f.overrides} overrides over the feed's ${f.days} days: ` +
        `${f.serviceFeed.events} events, ${(f.serviceFeed.bytes / 1024).toFixed(0)} KB, made in **${ms(f.serviceFeed.ms.median, 2)}** median ` +
        `(p99 ${ms(f.serviceFeed.ms.p99, 2)}, ${f.serviceFeed.ms.n} runs). One clinician's feed across ${f.clinicianFeed.services} such services: ` +
        `${f.clinicianFeed.events} events, ${(f.clinicianFeed.bytes / 1024).toFixed(0)} KB, **${ms(f.clinicianFeed.ms.median, 2)}** median. ` +
        'Events from the rota, then the iCalendar text (ical-generator) with its VTIMEZONE; no store (loadRota is measure 4).',
      '',
    );
  }
  if (r.rotaReports) {
    const g = r.rotaReports;
    parts.push(
      '### 9. Coverage gaps and the fairness report',
      '',
      `\`GET …/gaps?days=${g.gaps.days}\` of a ${g.gaps.participants}-person service (daily handoffs, ${g.gaps.overrides} overrides, ${g.gaps.inactive} people inactive): ` +
        `${g.gaps.gaps} gaps in **${ms(g.gaps.ms.median, 2)}** median (p99 ${ms(g.gaps.ms.p99, 2)}, ${g.gaps.ms.n} runs). ` +
        `The gap check of that clinic (every 5 minutes; 31 days back, 30 ahead): ${g.gapCheck.gaps} gaps ahead; the first check, which claims and alerts them all, ` +
        `takes ${ms(g.gapCheck.first.ms.median, 2)} median and ${g.gapCheck.first.storeCalls} store calls (two Queries, then a conditional Put and an Update per gap) ` +
        `and sends ${g.gapCheck.first.messages} messages (one per fallback contact); every later check with nothing new takes **${ms(g.gapCheck.steady.ms.median, 2)}** ` +
        `and ${g.gapCheck.steady.storeCalls} Queries. The fairness report over ${g.fairness.days} days of ${g.fairness.requests} requests (${g.fairness.clinicians} clinicians): ` +
        `**${ms(g.fairness.ms.median, 2)}** median, ${g.fairness.storeReads} request reads. In-memory stores: the CPU of the use cases; store calls are counted, not timed.`,
      '',
    );
  }
  if (r.scale) {
    const sc = r.scale;
    parts.push(
      '### 10. The table at scale',
      '',
      `${sc.openRequests.toLocaleString('en')} open requests over ${sc.clinics.toLocaleString('en')} clinics on ${sc.engine}, written in ${sc.loadSeconds} s. ` +
        `The due index's ${sc.shards.count} shards hold ${sc.shards.minItems}–${sc.shards.maxItems} requests each. ` +
        `A sweeper pass Queries every shard in parallel (${sc.sweepIndex.queries} Queries, the pre-shard partition included) for the earliest 100 overdue: ` +
        `median **${ms(sc.sweepIndex.ms.median, 1)}** (p99 ${ms(sc.sweepIndex.ms.p99, 1)}) and ${sc.sweepIndex.readUnits} read units; reading the ${sc.sweepIndex.found} it found, one after another as sweep-due.ts does, ` +
        `${ms(sc.sweepReads.ms.median, 0)} and ${sc.sweepReads.readUnits} read units in all. ` +
        `The local stack's re-arm after a restart Scans every item, on its own engine (${sc.rearm.engine}, ${sc.rearm.requests.toLocaleString('en')} open requests written there too): ${(sc.rearm.ms / 1000).toFixed(1)} s, ${sc.rearm.pages} pages, ${sc.rearm.readUnits} read units, ${sc.rearm.rearmed} timers. ` +
        `One clinic's rota with ${sc.rota.overrides} future overrides (${sc.rota.items} items) is one Query: median ${ms(sc.rota.ms.median, 1)}, ${sc.rota.readUnits} read units. ` +
        'Times are DynamoDB Local on this machine; read units are what DynamoDB bills for the same calls.',
      '',
    );
  }
  if (r.coldStart) parts.push(coldDetail(r.coldStart), '');
  if (r.coldFirstPage) parts.push(firstPageDetail(r.coldFirstPage), '');
  if (r.costPerRequest) parts.push(costDetail(r.costPerRequest), '');
  parts.push(notes);
  return `${parts.join('\n')}\n`;
}

export { extraCalls, extraWrites };
