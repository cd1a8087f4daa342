// The closing notes of docs/benchmarks.md, drawn from the figures of the run: the GoAlert comparison, the
// largest remaining cost on the hot path, what the previous run's fixes measure at now, and what the figures
// say should still change. Every number cited here comes from the results; where a figure is missing (a
// measure failed, or an older latest.json), the sentence that needs it is left out rather than guessed.
import { afterImports } from './cold-first-page.js';
import {
  channelsLeftOut,
  HOT_OVER_BARE_TARGET_MS,
  HOT_PATH,
  HOT_SIZE_TARGET_KB,
  type VariantColdStart,
} from './cold-start.js';
import { describeCalls, extraCalls, extraWrites, type BenchResults } from './report.js';

const ms = (v: number) => `${v.toFixed(1)} ms`;
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const signed = (v: number, digits = 0) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
const list = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
const SUBMIT_RATIO_TARGET = 1.3;

function goalert(r: BenchResults): string[] {
  const e = r.escalationLateness;
  if (!e) return [];
  const p99 = Math.max(e.paced.pageLatenessMs.p99, e.burst.pageLatenessMs.p99);
  return [
    `**Against GoAlert.** ${e.goalertReasoning} Here the level-2 page went out ${ms(e.paced.pageLatenessMs.median)} ` +
      `(median) and at worst ${ms(p99)} (p99 of either run) after its due time, because each request carries its own ` +
      'timer (setTimeout locally, an SQS message with DelaySeconds in AWS) instead of waiting for a polling cycle. ' +
      'In AWS, SQS delays are whole seconds and rounded up (`delaySecondsFor`), so up to ~1 s of lateness plus the ' +
      "poller's pick-up is expected there; still below a 5 s cycle.",
    '',
  ];
}

/** The handler's store steps next to the floor's DynamoDB steps, in order, with the time each adds. */
function hotPathGaps(s: NonNullable<BenchResults['submitToPage']>) {
  const handlerSteps = Object.entries(s.handlerPhasesMs).filter(([k]) => k.startsWith('store'));
  const floorSteps = Object.entries(s.floorPhasesMs).filter(([k]) => k !== 'publish');
  const cpu = Object.entries(s.handlerPhasesMs)
    .filter(([k]) => k.startsWith('cpu'))
    .reduce((sum, [, v]) => sum + v, 0);
  const gaps: Array<{ what: string; ms: number }> = [
    { what: "the handler's own CPU (middy, zod, marshalling, domain, page text)", ms: cpu },
  ];
  if (handlerSteps.length === floorSteps.length)
    handlerSteps.forEach(([name, v], i) => {
      const [floorName, floorMs] = floorSteps[i]!;
      gaps.push({
        what: `\`${name}\` against the floor's ${floorName} step (${ms(v)} vs ${ms(floorMs)})`,
        ms: v - floorMs,
      });
    });
  return { cpu, handlerSteps, floorSteps, gaps: gaps.sort((a, b) => b.ms - a.ms) };
}

function hotPath(r: BenchResults): string[] {
  const s = r.submitToPage;
  if (!s) return [];
  const out: string[] = [];
  const { cpu, handlerSteps, floorSteps, gaps } = hotPathGaps(s);
  const extra = extraCalls(s);
  const extraKinds = extraWrites(s);
  const credentialStep = (steps: Array<[string, number]>) =>
    steps.find(([k]) => /putAckToken|credentials/.test(k))?.[1];
  const handlerCred = credentialStep(handlerSteps);
  const floorCred = credentialStep(floorSteps);
  const rounds = s.handlerDynamoRounds;
  const floorRounds = s.floorDynamoRounds;
  const roundsText =
    rounds === undefined || floorRounds === undefined
      ? ''
      : rounds > floorRounds
        ? ` in ${rounds} sequential round trips, ${rounds - floorRounds} more than the floor's ${floorRounds}`
        : ` in ${rounds} sequential round trips, as many as the floor`;
  const extraText = extra.length
    ? ` The path makes ${list(extra)} more than the floor` +
      (extraKinds.length ? `: the ${list(extraKinds)} write` : '') +
      (rounds !== undefined && floorRounds !== undefined && rounds <= floorRounds
        ? ', sent in the same parallel round as the link token and reply code, so it adds no round trip, only the wait for the slowest of more parallel writes' +
          // Shown here only when the steps cannot be paired below.
          (handlerCred !== undefined && floorCred !== undefined && handlerSteps.length !== floorSteps.length
            ? ` (that step ${ms(handlerCred)} against the floor's ${ms(floorCred)})`
            : '')
        : '') +
      '.'
    : ' The path makes no DynamoDB call beyond the floor.';
  const largest = gaps[0];
  out.push(
    `**Largest remaining cost on the hot path.** Submit → first page is ${s.ratioMedian}× the floor at the median ` +
      `(${ms(s.handlerToPublishMs.median)} against ${ms(s.floorMs.median)}; target ${SUBMIT_RATIO_TARGET}×, ` +
      `${s.ratioMedian <= SUBMIT_RATIO_TARGET ? 'met' : 'not met'}). ` +
      `The DynamoDB calls up to the page are ${describeCalls(s.handlerDynamoCalls, s.handlerWritesByKind)}${roundsText}; ` +
      `the handler's own CPU is ${ms(cpu)} of the ${ms(s.handlerToPublishMs.median)}.${extraText}` +
      (largest && largest.ms > 0
        ? ` The largest single difference from the floor is ${largest.what}: ${signed(largest.ms, 1)} ms at the median` +
          (gaps[1] ? `, then ${gaps[1].what}: ${signed(gaps[1].ms, 1)} ms` : '') +
          '. Medians of separately timed steps on in-process dynalite differ by fractions of a millisecond run to run, so read these gaps as an order, not exact costs.'
        : ''),
    '',
  );
  const submit = r.coldStart?.functions.find((f) => f.name === 'submit-request');
  if (submit && r.coldStart)
    out.push(
      `On a cold start the submit function first spends ${ms(submit.initMedianMs)} importing a ${submit.bundleKB} KB bundle ` +
        `(Node alone: ${ms(r.coldStart.nodeBaselineMs)}), ${(submit.initMedianMs / s.handlerToPublishMs.median).toFixed(0)}× ` +
        'the warm path to the page: ' +
        (submit.initMedianMs > s.handlerToPublishMs.median
          ? 'that, not the warm path, is the largest single cost a first page can meet.'
          : 'less than the warm path itself.'),
      '',
    );
  return out;
}

/** Mean change of each variant against the as-built bundle of the same function: size, wall init, CPU init. */
function variantChange(variants: VariantColdStart[], list: VariantColdStart[]) {
  const base = (v: VariantColdStart) => variants.find((a) => a.variant === 'as-built' && a.name === v.name);
  return {
    kb: avg(list.map((v) => v.bundleKB - (base(v)?.bundleKB ?? Number.NaN))),
    wall: avg(list.map((v) => v.initMedianMs - (base(v)?.initMedianMs ?? Number.NaN))),
    cpu: avg(list.map((v) => v.initCpuMedianMs - (base(v)?.initCpuMedianMs ?? Number.NaN))),
  };
}

function fixed(r: BenchResults): string[] {
  const items: string[] = [];
  const s = r.submitToPage;
  if (s && s.handlerDynamoRounds !== undefined) {
    const extraKinds = extraWrites(s);
    items.push(
      '**Submit writes the request once** (was: created, then started by a second conditional Put before the ' +
        'credentials). It now writes the request already started in one conditional PutItem, then the link token, ' +
        'the reply code in one parallel round (the reference reservation runs beside the rota Query), then publishes, ' +
        'and records the outcome after the page left: measured ' +
        `${describeCalls(s.handlerDynamoCalls, s.handlerWritesByKind)} in ${s.handlerDynamoRounds} sequential round trips ` +
        `before the page, against the floor's ${describeCalls(s.floorDynamoCalls, s.floorWritesByKind)} in ${s.floorDynamoRounds}` +
        (extraKinds.length ? ` (the ${list(extraKinds)} write is the unique-reference extra)` : '') +
        `. Ratio to the floor ${s.ratioMedian}× median, ${s.ratioP99}× p99: the ${SUBMIT_RATIO_TARGET}× target is ` +
        `${s.ratioMedian <= SUBMIT_RATIO_TARGET ? 'met' : 'still not met'}.`,
    );
  }
  const c = r.coldStart;
  if (c && c.variants.some((v) => v.variant === 'zod-named-import')) {
    const named = c.variants.filter((v) => v.variant === 'zod-named-import');
    const asBuilt = (v: VariantColdStart) =>
      c.variants.find((a) => a.variant === 'as-built' && a.name === v.name)?.bundleKB;
    const changed = named.filter((v) => asBuilt(v) !== v.bundleKB);
    const identical = named.filter((v) => asBuilt(v) === v.bundleKB);
    const zod = c.topInputsOverall.findIndex((t) => t.input === 'zod');
    const zodKb = c.topInputsOverall[zod]?.kbPerFunction;
    const back = variantChange(c.variants, changed);
    const noise = variantChange(c.variants, identical);
    const rewritten = Object.entries(c.zodImportsRewritten ?? {})
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${n} source files in ${name}`);
    items.push(
      "**zod is imported as a namespace** (`import * as z from 'zod'`, so esbuild tree-shakes it). " +
        (changed.length
          ? `Putting the previous \`import { z } from 'zod'\` back at bundle time (${list(rewritten)}) ` +
            `changes ${list(changed.map((v) => v.name))} by ${signed(back.kb)} KB per bundle and init by ` +
            `${signed(back.wall)} ms wall / ${signed(back.cpu)} ms CPU on average: that is what the fix saves. `
          : 'The previous-import variant built no different bundle in this run, so nothing is attributed to the fix. ') +
        (identical.length
          ? `(${list(identical.map((v) => v.name))} ${identical.length === 1 ? 'imports' : 'import'} no classic zod (the request path validates with zod/mini); ` +
            `${identical.length === 1 ? 'its byte-identical bundles' : 'their byte-identical bundles'} still differed by ` +
            `${Math.abs(noise.wall).toFixed(0)} ms wall and ${Math.abs(noise.cpu).toFixed(1)} ms CPU: the noise of a median of ${c.runs} here.) `
          : '') +
        (zodKb !== undefined
          ? `zod now averages ${zodKb} KB per function (${zod + 1}${['st', 'nd', 'rd'][zod] ?? 'th'} largest input).`
          : 'zod is no longer among the ten largest inputs.'),
    );
  }
  // Only the probed functions that page: the authorizer's bundle has no channel to leave out.
  const everyChannel = (c?.variants ?? []).filter(
    (v) =>
      v.variant === 'every-channel' &&
      c?.variants.find((a) => a.variant === 'as-built' && a.name === v.name)?.bundleKB !== v.bundleKB,
  );
  if (c?.channels && everyChannel.length) {
    const change = variantChange(c.variants, everyChannel);
    const leftOut = channelsLeftOut(c.channels);
    items.push(
      `**Bundles carry only the stage's channels.** CrisisFunction gives esbuild the ${c.stage} stage's channels as defines ` +
        '(infra/constructs/bundled-channels.ts), which drop the clients of the channels its config does not use ' +
        `(here ${list(leftOut.length ? leftOut : ['none'])}). Bundling every channel's client again ` +
        `(${list(everyChannel.map((v) => `${v.name} ${v.bundleKB} KB`))}) changes size by ${signed(change.kb)} KB and ` +
        `init by ${signed(change.wall)} ms wall / ${signed(change.cpu)} ms CPU on average: what the stage-following build saves.`,
    );
  }
  if (c?.crisisFunction && c.variants.some((v) => v.variant === 'with-source-maps')) {
    const maps = variantChange(
      c.variants,
      c.variants.filter((v) => v.variant === 'with-source-maps'),
    );
    const deployed = c.crisisFunction;
    const stillOn = deployed.sourceMap || deployed.nodeOptions.includes('--enable-source-maps');
    items.push(
      `**No source maps at cold start.** CrisisFunction (read from \`${deployed.source}\`) builds with ` +
        `sourceMap ${deployed.sourceMap ? 'on' : 'off'} and ${deployed.nodeOptions ? `NODE_OPTIONS=${deployed.nodeOptions}` : 'no NODE_OPTIONS'}` +
        (stillOn ? ', so this fix is not in place. ' : '. ') +
        `The previous settings (map emitted: ${list(
          Object.entries(c.sourceMapKB).map(([k, v]) => `${k} ${v} KB`),
        )}; --enable-source-maps) measured ` +
        `${signed(maps.wall)} ms wall and ${signed(maps.cpu)} ms CPU of init on average against the same bundles as built.`,
    );
  }
  const fi = r.rota?.fractionalInstant;
  if (fi)
    items.push(
      '**Sort keys take fractional instants.** `keys.ts` floors the instant before padding it: `loadRota` at ' +
        `${fi.at} + 0.5 ms returned ${fi.overridesFractionalMs} overrides against ${fi.overridesWholeMs} at the whole ` +
        `millisecond${fi.overridesFractionalMs === fi.overridesWholeMs ? ' (fixed).' : ', so the fix is not working.'}`,
    );
  return items;
}

function proposed(r: BenchResults): string[] {
  const items: string[] = [];
  const c = r.coldStart;
  if (c) {
    const submitLike = ['submit-request', 'escalate'].filter((n) => c.functions.some((f) => f.name === n));
    const runtime = c.variants.filter((v) => v.variant === 'runtime-sdk');
    const runtimeChange = variantChange(c.variants, runtime);
    const sdk = c.topInputsOverall.filter((t) => /^@(aws-sdk|smithy|aws-crypto)\//.test(t.input));
    const sdkKb = sdk.reduce((sum, t) => sum + t.kbPerFunction, 0);
    const top = c.topInputsOverall.slice(0, 3).map((t) => `${t.input} ${t.kbPerFunction} KB`);
    const sizes = c.functions.map((f) => f.bundleKB);
    const hot = c.functions.filter((f) => HOT_PATH.includes(f.name));
    const f = r.coldFirstPage;
    // Provisioned concurrency, arm64, us-east-1 (checked 2026-11): $0.0000033334 per GB-s kept warm.
    const pcMonthly = 0.0000033334 * 0.5 * 30 * 24 * 3600;
    items.push(
      `**Cold start still misses its targets: ${c.missSize.length} of ${c.functions.length} bundles are over 250 KB ` +
        `and ${c.missInit.length} over 150 ms** (bundles ${Math.min(...sizes)}–${Math.max(...sizes)} KB; ` +
        `Node alone takes ${ms(c.nodeBaselineMs)}). On the hot path ${c.hotMissSize?.length ?? '?'} of ${hot.length} are over ` +
        `${HOT_SIZE_TARGET_KB} KB and ${c.hotMissOverBare?.length ?? '?'} over ${HOT_OVER_BARE_TARGET_MS} ms above bare Node ` +
        `(${list(hot.map((h) => `${h.name} ${h.bundleKB} KB, +${h.overBareMedianMs} ms`))}). ` +
        `The largest inputs per function now: ${list(top)}; ` +
        `the AWS SDK v3 packages among the ten largest add up to ${sdkKb.toFixed(0)} KB per function, more than the hot path's ` +
        `${HOT_SIZE_TARGET_KB} KB before any of our code. ` +
        (runtime.length
          ? `Left to the Lambda runtime's SDK, the probed bundles shrink to ${list(runtime.map((v) => `${v.name} ${v.bundleKB} KB`))}, ` +
            `but init changes by ${signed(runtimeChange.wall)} ms wall / ${signed(runtimeChange.cpu)} ms CPU ` +
            "(the runtime's SDK loads from many files) and the SDK version pinned by the lock file, which CrisisFunction " +
            'chose on purpose, is lost. '
          : '') +
        (f
          ? `A cold first page takes ${ms(f.coldMs.medianMs)} to its SMS against ${ms(f.targetMs)} allowed (2 × (warm ` +
            `${ms(f.warmMs.medianMs)} + bare ${ms(f.bareNodeMs.medianMs)})): ${ms(f.coldSplitMs.importsDone.medianMs)} of it is importing the two ` +
            `bundles, and the first events then take ${ms(afterImports(f).medianMs)} against ${ms(f.warmMs.medianMs)} warm. `
          : '') +
        'What stands between a clinic line and these figures is provisioned concurrency, now a stage option ' +
        `(\`provisionedConcurrency\`): config/prod.json keeps one environment for the authorizer, ${list(submitLike)}, about ` +
        `$${pcMonthly.toFixed(2)} a month each at 512 MB on arm64, so the imports happen at deploy` +
        (f
          ? ` and the functions prime their clients there (functions/deps/prime-provisioned.ts): a provisioned environment's ` +
            `first events take ${f.provisioned ? ms(f.provisioned.firstEventsToSms.medianMs) : '(not measured)'} to the SMS, against ` +
            `${ms(afterImports(f).medianMs)} for a process ` +
            `whose imports are done but nothing primed and ${ms(f.warmMs.medianMs)} warm`
          : '') +
        '; the figures above are ' +
        'what a stage without it meets, and what a second request at the same moment meets with it. Proposal: keep bundling ' +
        'the SDK, and merge the hotline routes (below) so the console keeps a submit warm on stages without provisioned concurrency.',
    );
  }
  const m = c?.merged;
  const submitFn = c?.functions.find((fn) => fn.name === 'submit-request');
  if (m && submitFn) {
    // A model, not a measurement: AWS does not document how long an idle container lives.
    const idleMinutes = 5;
    const submitsPerDay = 20;
    const warmApart = 1 - Math.exp((-submitsPerDay * idleMinutes) / 1440);
    items.push(
      `**One function for the hotline's routes (measured, not built).** ${list(m.routes)} in one function: ` +
        `${m.bundleKB} KB and ${ms(m.initMedianMs)} to import (${ms(m.overBareMedianMs)} over bare Node) against submit-request ` +
        `alone ${submitFn.bundleKB} KB and ${ms(submitFn.initMedianMs)}: the routes share nearly all their code. While a hotline ` +
        'console is open its queue polls every 4 s and a watched request every 1.5 s, so that function is invoked every few ' +
        'seconds all shift and a submit meets a warm container unless it lands while the one warm container serves a poll ' +
        `(about the warm handler's time over the poll interval: near 1% per open console). Apart, submit-request runs only ` +
        `for submits: at ${submitsPerDay} a day and an idle container kept ${idleMinutes} minutes (AWS does not document this; ` +
        `assumed), a submit finds one warm ${(warmApart * 100).toFixed(1)}% of the time. The authorizer is answered from ` +
        "API Gateway's 300 s cache for the console's key either way. The trade-off is IAM: the merged role carries submit's " +
        'writes, SNS and SQS for the two reading routes too. Proposal: merge these three (not all of /v1, whose admin routes ' +
        'need other grants), keep the authorizer apart, and measure the cold first page again.',
    );
  }
  const ro = r.rota;
  if (ro) {
    const s = r.submitToPage;
    const small = s?.floorPhasesMs.query;
    items.push(
      `**The rota read grows with every future override of every service of the clinic.** One Query (target met), but it ` +
        `returns all overrides ending after now: median ${ro.adapter.itemsReadPerLookup.median} items (${ro.adapter.readUnitsPerLookup.median} RRU), ` +
        `p99 ${ro.adapter.itemsReadPerLookup.p99} (${ro.adapter.readUnitsPerLookup.p99} RRU) with ${ro.overrides} overrides over a year, ` +
        `${ms(ro.adapter.msPerLookup.median)} median on dynalite` +
        (small !== undefined && s
          ? ` against ${ms(small)} for the ${s.rotaItemsRead}-item rota Query of measure 1`
          : '') +
        '; the same items are unmarshalled on every submit. ' +
        "Proposal: cap an override's length (e.g. 31 days, checked in the create-override schema; longer absences are rotation " +
        'edits) and read the two ranges a page needs in parallel: the clinic records (`~` prefix) and overrides ending in ' +
        '(now, now + 31 days]: two calls at the latency of one, items bounded by the overrides of the next month. The pure ' +
        `lookup is also linear in overrides (${(ro.nsPerLookupMedian / 1000).toFixed(1)} µs at ${ro.overrides} vs ` +
        `${ro.nsPerLookupNoOverrides.toFixed(0)} ns with none): harmless per page, but /shifts over long windows repeats it; ` +
        'sorting overrides by start once per snapshot and binary-searching would make it logarithmic.',
    );
  }
  const k = r.costPerRequest;
  if (k) {
    const uk = k.smsSegments * k.prices.smsUkPerSegment;
    const reply = k.replySmsSegments;
    const reference = k.dynamo.writeUnitsByKind?.ref;
    items.push(
      `**Cost: SMS is nearly all of it.** Infrastructure is $${k.dollars.totalExcludingSms.toPrecision(2)} per request against ` +
        `${k.smsSegments} SMS segments ($${uk.toFixed(2)} to UK phones at the assumed price)` +
        (reply
          ? `; ${reply} of them ${reply === 1 ? 'is' : 'are'} the "You accepted" confirmation sent back after the SMS answer ` +
            `(${((reply / k.smsSegments) * 100).toFixed(0)}% of the SMS bill of this scenario); it carries the acceptor's case ` +
            "link (the caller's details), so it stays."
          : '.') +
        ` In DynamoDB, every transition rewrites the whole request item (${k.dynamo.requestPutUnits.join(' + ')} WRU over ` +
        `${k.dynamo.requestPutUnits.length} Puts) plus ${k.dynamo.writeUnitsDueIndex} due-index and ` +
        `${k.dynamo.writeUnitsQueueIndex} queue-index writes` +
        (reference !== undefined ? `, and the reference reservation adds ${reference} WRU` : '') +
        `: ${k.dynamo.writeUnits} WRU in all, fine at these prices.`,
    );
    const lines = [...k.dollars.lines].sort((a, b) => b.usd - a.usd);
    const xray = lines.find((l) => l.item.startsWith('X-Ray'));
    if (xray) {
      const rank = lines.indexOf(xray) + 1;
      items.push(
        `**X-Ray.** With tracing ACTIVE on every function, recording every invocation (the upper bound at low volume) costs ` +
          `$${xray.usd.toPrecision(2)} per request, ${((xray.usd / k.dollars.totalExcludingSms) * 100).toFixed(0)}% of the ` +
          `infrastructure cost and ${rank === 1 ? 'its largest line' : `line ${rank} of ${lines.length}`}. At volume the ` +
          'default sampling (the first request each second, then 5%) thins it; until then it is paid per request. Proposal: ' +
          'decide whether every paging trace is worth that, and bound it with a custom sampling rule (smaller reservoir ' +
          'and fixed rate) if not.',
      );
    }
  }
  return items;
}

export function renderNotes(r: BenchResults): string {
  const out: string[] = ['## Notes', '', ...goalert(r), ...hotPath(r)];
  out.push('## Problems found and proposed fixes', '');
  const done = fixed(r);
  if (done.length)
    out.push(
      "### Fixed since the previous run's proposals (measured in this run)",
      '',
      ...done.map((i, n) => `${n + 1}. ${i}`),
      '',
    );
  const open = proposed(r);
  if (open.length) out.push('### Still proposed', '', ...open.map((i, n) => `${n + 1}. ${i}`), '');
  return out.join('\n');
}
