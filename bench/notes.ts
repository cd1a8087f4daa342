// The closing notes of docs/benchmarks.md, drawn from the figures of the run: the GoAlert comparison,
// the largest remaining cost on the hot path, and what the figures say should change.
import { extraCalls, type BenchResults } from './report.js';

const ms = (v: number) => `${v.toFixed(1)} ms`;

export function renderNotes(r: BenchResults): string {
  const out: string[] = ['## Notes', ''];
  const e = r.escalationLateness;
  if (e) {
    const p99 = Math.max(e.paced.pageLatenessMs.p99, e.burst.pageLatenessMs.p99);
    out.push(
      `**Against GoAlert.** ${e.goalertReasoning} Here the level-2 page went out ${ms(e.paced.pageLatenessMs.median)} ` +
        `(median) and at worst ${ms(p99)} (p99 of either run) after its due time, because each request carries its own ` +
        'timer (setTimeout locally, an SQS message with DelaySeconds in AWS) instead of waiting for a polling cycle. ' +
        'In AWS, SQS delays are whole seconds and rounded up (`delaySecondsFor`), so up to ~1 s of lateness plus the ' +
        "poller's pick-up is expected there; still below a 5 s cycle.",
      '',
    );
  }
  const s = r.submitToPage;
  if (s) {
    const storeSteps = Object.keys(s.handlerPhasesMs).filter((k) => k.startsWith('store')).length;
    const cpu = Object.entries(s.handlerPhasesMs)
      .filter(([k]) => k.startsWith('cpu'))
      .reduce((sum, [, v]) => sum + v, 0);
    const extra = extraCalls(s);
    out.push(
      `**Largest remaining cost on the hot path.** Submit → first page is ${s.ratioMedian}× the floor at the median. ` +
        `The handler's own CPU (middy, zod, marshalling, domain, page text) is ${ms(cpu)} of ${ms(s.handlerToPublishMs.median)}; ` +
        `the rest is ${storeSteps} sequential steps of DynamoDB round trips (~2–3 ms each on in-process dynalite). ` +
        (extra.length
          ? `The path makes ${extra.join(' and ')} more than the floor: the request is created (due at once, so the sweeper ` +
            'would start it after a crash) and then started by a second conditional Put before the credentials and the page. ' +
            'That extra round trip is the largest avoidable cost on the hot path (in AWS a PutItem typically takes a few ms).'
          : 'The path makes no DynamoDB call beyond the floor.'),
      '',
    );
    if (r.coldStart) {
      const submit = r.coldStart.functions.find((f) => f.name === 'submit-request');
      if (submit)
        out.push(
          `On a cold start the submit function first spends ${ms(submit.initMedianMs)} importing a ${submit.bundleKB} KB bundle ` +
            `(Node alone: ${ms(r.coldStart.nodeBaselineMs)}); that, not the warm path, is the largest single cost a first page can meet.`,
          '',
        );
    }
  }

  out.push('## Problems found and proposed fixes', '');
  const items: string[] = [];
  if (s && extraCalls(s).length)
    items.push(
      `**Submit writes the request twice before the first page** (${Object.entries(s.handlerDynamoCalls)
        .map(([k, v]) => `${v} × ${k}`)
        .join(', ')} vs the floor's 1 Query + 3 PutItem; ratio ${s.ratioMedian}× against the 1.3× target). ` +
        'Proposal: keep one conditional write before the page: create the request already started (attempt 1, `page_sent` ' +
        'on the timeline) with `nextDueAt` set to a short crash deadline (e.g. now + 15 s) instead of the ack timeout; after ' +
        'the publish succeeds, move `nextDueAt` to the real timeout with a conditional update that runs in parallel with building ' +
        'the 202 (or in the SQS-scheduled step). A crash between write and publish is then found by the timer/sweeper at the ' +
        'deadline and the page re-sent with new credentials; the first page no longer waits for the second write.',
    );
  const c = r.coldStart;
  if (c) {
    type V = (typeof c.variants)[number];
    const pick = (variant: string) => c.variants.filter((v) => v.variant === variant);
    const asBuilt = pick('as-built');
    const base = (v: V) => asBuilt.find((a) => a.name === v.name);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(0)}`;
    /** Mean change against the as-built bundle of the same function: size, wall init, CPU init. */
    const change = (list: V[]) => ({
      kb: avg(list.map((v) => v.bundleKB - (base(v)?.bundleKB ?? Number.NaN))),
      wall: avg(list.map((v) => v.initMedianMs - (base(v)?.initMedianMs ?? Number.NaN))),
      cpu: avg(list.map((v) => v.initCpuMedianMs - (base(v)?.initCpuMedianMs ?? Number.NaN))),
    });
    const fix = pick('zod-namespace-import');
    const changed = fix.filter((v) => base(v)?.bundleKB !== v.bundleKB);
    const identical = fix.filter((v) => base(v)?.bundleKB === v.bundleKB);
    const runtime = pick('zod-namespace-import+runtime-sdk');
    const maps = pick('with-source-maps');
    const zod = c.topInputsOverall.find((t) => t.input === 'zod');
    const fixChange = change(changed);
    const noise = identical.length
      ? ` (${identical.map((v) => v.name).join(', ')} import${identical.length === 1 ? 's' : ''} no zod and ` +
        `built byte-identical bundles whose medians still differed by ${Math.abs(change(identical).wall).toFixed(0)} ms wall ` +
        `and ${Math.abs(change(identical).cpu).toFixed(1)} ms CPU: the noise of a median of ${c.runs} on this machine)`
      : '';
    const runtimeChange = change(runtime);
    items.push(
      `**Cold start misses its targets: ${c.missSize.length} of ${c.functions.length} bundles are over 250 KB and ${c.missInit.length} over 150 ms.** ` +
        `zod is the largest input (${zod?.kbPerFunction ?? '?'} KB per function on average): \`import { z } from 'zod'\` binds zod's whole ` +
        'namespace object, so esbuild must keep all ~40 locales and the JSON-schema converters. Proposal 1 (one line in each ' +
        "of the 10 files that import zod): `import * as z from 'zod'`, as zod's docs write it, which esbuild tree-shakes. " +
        `Measured by rewriting the import at bundle time (${changed.map((v) => v.name).join(', ')}): ` +
        `${signed(fixChange.kb)} KB per bundle, init ${signed(fixChange.wall)} ms wall and ${signed(fixChange.cpu)} ms CPU` +
        `${noise}. So it fixes most of the size but moves init by little more than the noise: V8 only pre-parses the unused ` +
        'locale code. A probe of `zod/mini` for a small schema bundles to ~14 KB against ~90 KB for the namespace import and ' +
        '~450 KB for `{ z }`, should the schemas move to its functional API later. What remains is the AWS SDK v3 ' +
        '(@smithy/core, @aws-sdk/core, nested-clients for the credential chain, the clients and lib-dynamodb: ~300 KB with ' +
        'DynamoDB, SNS and SQS), so 250 KB is reachable only with the SDK left to the Lambda runtime: ' +
        `${runtime.map((v) => `${v.name} ${v.bundleKB} KB`).join(', ')}, but init then changes by ${signed(runtimeChange.wall)} ms ` +
        `wall / ${signed(runtimeChange.cpu)} ms CPU (the runtime's SDK loads from many CommonJS files), and the SDK version ` +
        'pinned by the lock file, which CrisisFunction chose on purpose, is lost. Proposal 2: keep bundling the SDK; make the ' +
        'size target ~600 KB for functions that use it (what it costs) and meet the time target where it matters with ' +
        'provisioned concurrency (1) on submit-request and escalate, the two functions a first page or an escalation waits on.',
    );
    if (maps.length) {
      const mapChange = change(maps);
      items.push(
        `**Source maps add to every cold start.** CrisisFunction ships \`sourceMap: true\` with \`NODE_OPTIONS=--enable-source-maps\`, so ` +
          `Node reads the map (${Object.entries(c.sourceMapKB)
            .map(([k, v]) => `${k} ${v} KB`)
            .join(
              ', ',
            )}) when the bundle loads: init ${signed(mapChange.wall)} ms wall and ${signed(mapChange.cpu)} ms CPU on ` +
          'average against the same bundles without (table above). Proposal: keep the maps as build artefacts but drop ' +
          '--enable-source-maps from the functions on the paging path (the logs carry stack frames only anyway).',
      );
    }
  }
  const ro = r.rota;
  if (ro)
    items.push(
      `**The rota read grows with every future override of every service of the clinic.** One Query (target met), but it ` +
        `returns all overrides ending after now: median ${ro.adapter.itemsReadPerLookup.median} items (${ro.adapter.readUnitsPerLookup.median} RRU), ` +
        `p99 ${ro.adapter.itemsReadPerLookup.p99} (${ro.adapter.readUnitsPerLookup.p99} RRU) with ${ro.overrides} overrides over a year, ` +
        `${ms(ro.adapter.msPerLookup.median)} median on dynalite against ~3 ms with none; the same items are unmarshalled on every submit. ` +
        "Proposal: cap an override's length (e.g. 31 days, checked in the create-override schema; longer absences are rotation " +
        'edits) and read the two ranges a page needs in parallel: the clinic records (`~` prefix) and overrides ending in ' +
        '(now, now + 31 days]: two calls at the latency of one, items bounded by the overrides of the next month. The pure ' +
        `lookup is also linear in overrides (${(ro.nsPerLookupMedian / 1000).toFixed(1)} µs at ${ro.overrides} vs ` +
        `${ro.nsPerLookupNoOverrides.toFixed(0)} ns with none; most of it in overrideRunEnd, two passes per same-clinician ` +
        'hand-over): harmless per page, but /shifts over long windows repeats it; sorting overrides by start once per ' +
        'snapshot and binary-searching would make it logarithmic.',
    );
  const k = r.costPerRequest;
  if (k)
    items.push(
      `**Cost: SMS is everything; in the infrastructure, X-Ray and full-item rewrites lead.** Infrastructure is ` +
        `$${k.dollars.totalExcludingSms.toPrecision(2)} per request against ${k.smsSegments} SMS ` +
        `($${(k.smsSegments * k.prices.smsUkPerSegment).toFixed(2)} to UK phones at the assumed price); one of them is the ` +
        '"You accepted" confirmation (a quarter of the SMS bill of this scenario): proposal, make the confirmation SMS a clinic ' +
        'setting (the ack page already confirms). Every transition rewrites the whole request item ' +
        `(${k.dynamo.requestPutUnits.join(' + ')} WRU over ${k.dynamo.requestPutUnits.length} Puts) plus ` +
        `${k.dynamo.writeUnitsDueIndex} due-index writes over the request; fine at these prices. X-Ray with tracing ACTIVE on ` +
        'every function is the largest infrastructure line when every invocation is sampled (low volume).',
    );
  items.push(
    '**Minor: sort keys assume whole milliseconds.** `keys.ts` pads `String(ms)` to 15 characters; a fractional instant ' +
      '(e.g. `1780000000000.5`) sorts after every padded key, so `loadRota(clinicId, since)` with a non-integer `since` ' +
      'silently returns no overrides (found when this harness first used fractional instants). Proposal: `Math.floor` in `pad`.',
  );
  out.push(...items.map((i, n) => `${n + 1}. ${i}`), '');
  return out.join('\n');
}
