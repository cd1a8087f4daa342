// A request nobody answers keeps paging the fallback every fallbackRepeatSeconds "until someone
// acknowledges". Each repeat adds to the timeline in the one request item, and DynamoDB items stop at 400 KB.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRequestStore } from '../../../shared/adapters/aws/dynamo-request-store.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import type { StoredRequest } from '../../../shared/ports/stored-request.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import type { TimelineEntry } from '../../../shared/domain/escalation/index.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';
import {
  body,
  CLINIC_ID,
  clinic,
  harness,
  intake,
  PHONES,
  SECOND,
  seedClinic,
  type Harness,
} from '../../unit/requests/fakes.js';

jest.setTimeout(120_000);

const REPEAT_SECONDS = 10; // the lowest fallbackRepeatSeconds the API accepts

describe(`a long-unanswered request on ${process.env.DYNAMO_ENGINE}`, () => {
  let table: TestTable;
  let h: Harness;
  let requests: DynamoRequestStore;
  let requestId: string;
  let repeatsSoFar = 0;

  beforeAll(async () => {
    table = await createTestTable();
    const clinics = new DynamoClinicStore(table.db, table.tableName);
    requests = new DynamoRequestStore(table.db, table.tableName);
    await seedClinic(clinics);
    await clinics.putClinic(clinic({ fallbackRepeatSeconds: REPEAT_SECONDS }));
    h = harness({ clinics, requests });
  });
  afterAll(() => table.destroy());

  /** Fast-forwards an unanswered request by `repeats` fallback rounds, written as the engine writes them. */
  function withRepeats(stored: StoredRequest, repeats: number): StoredRequest {
    const request = structuredClone(stored.request);
    const fallback = request.route.fallbackContacts.map((r) => ({ name: r.name }));
    let at = request.nextDueAt ?? 0;
    for (let i = 0; i < repeats; i++) {
      const attempt = request.position.attempt + 1;
      const entries: TimelineEntry[] = [{ at, type: 'fallback_repeat', attempt }];
      for (const who of fallback) entries.push({ at, type: 'page_sent', who, channel: 'sms', attempt });
      request.timeline.push(...entries);
      request.position = { ...request.position, attempt };
      at += REPEAT_SECONDS * SECOND;
    }
    request.nextDueAt = at;
    request.version += 1;
    return { ...stored, request };
  }

  it('stores a request unanswered for as long as its item still fits (the fast-forwarded state is valid)', async () => {
    requestId = (await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-long', body())).stored.request
      .requestId;
    for (let i = 0; i < 2; i++) {
      const timer = h.timer.last();
      h.setNow(timer.dueAt);
      await onTimer(h.deps, timer);
    }
    const base = (await requests.get(CLINIC_ID, requestId)) as StoredRequest;
    expect(base.request.status).toBe('unanswered');
    // The most repeats whose item the engine still accepts: each successful write keeps the version chain.
    let version = base.request.version;
    let lo = 0;
    let hi = 4000;
    let last: StoredRequest = base;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const candidate = withRepeats(base, mid);
      candidate.request.version = version + 1;
      const written = await requests.replace(candidate, version).catch((error: Error) => {
        if (error.name !== 'ValidationException') throw error;
        return false;
      });
      if (written) {
        version += 1;
        repeatsSoFar = mid;
        last = candidate;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    expect(repeatsSoFar).toBeGreaterThan(100);
    expect((await requests.get(CLINIC_ID, requestId))?.request).toEqual(last.request);
    const dueAt = last.request.nextDueAt ?? 0;
    h.setNow(dueAt - REPEAT_SECONDS * SECOND);
    h.timer.scheduled.length = 0;
    await h.deps.timer.schedule(
      { clinicId: CLINIC_ID, requestId, attempt: last.request.position.attempt, dueAt },
      h.now(),
    );
    console.log(
      `largest storable unanswered request on ${process.env.DYNAMO_ENGINE}: ${repeatsSoFar} fallback repeats = ` +
        `${((repeatsSoFar * REPEAT_SECONDS) / 3600).toFixed(1)} h at ${REPEAT_SECONDS} s, ` +
        `${((repeatsSoFar * 300) / 86_400).toFixed(1)} days at the default 300 s; ` +
        `${last.request.timeline.length} timeline entries, ~${Math.round(JSON.stringify(last).length / 1024)} KB as JSON`,
    );
  });

  // Bug: every fallback repeat appends three timeline entries to the single request item, which is
  // rewritten whole on each step. Past DynamoDB's 400 KB item limit the conditional write throws, the timer
  // message fails for good (then the DLQ), and the request goes silent: nobody is paged any more.
  it('keeps paging the fallback for ten more repeats (the request never goes silent)', async () => {
    const pagesBefore = h.pager.delivered().length;
    let failure: unknown = null;
    let steps = 0;
    for (; steps < 10; steps++) {
      const timer = h.timer.last();
      h.setNow(timer.dueAt);
      try {
        expect(await onTimer(h.deps, timer)).toBe('advanced');
      } catch (error) {
        failure = error;
        break;
      }
    }
    if (failure)
      console.log(
        `after ${steps} more repeats (${(((repeatsSoFar + steps) * REPEAT_SECONDS) / 3600).toFixed(1)} h unanswered): ` +
          `${(failure as Error).name}: ${(failure as Error).message}`,
      );
    expect(failure).toBeNull();
    expect(h.pager.delivered({ to: PHONES.duty }).length).toBeGreaterThanOrEqual(10);
    expect(h.pager.delivered().length - pagesBefore).toBe(20);
  });
});
