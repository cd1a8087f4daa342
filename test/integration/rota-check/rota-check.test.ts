// Coverage-gap alerts on a real engine: the clinic directory, the claim conditions, and a clinic built over
// HTTP whose clinicians have no verified method yet (every shift a gap), checked by two runs at once and
// again: one alert per gap, one message per fallback contact, then silence until a new gap appears.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { DynamoClinicStore } from '../../../shared/adapters/aws/dynamo-clinic-store.js';
import { DynamoRotaNotices } from '../../../shared/adapters/aws/dynamo-rota-notices.js';
import { keys } from '../../../shared/adapters/aws/keys.js';
import { migrateClinicDirectory } from '../../../shared/adapters/aws/migrate-clinic-directory.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { GapAlertRecord } from '../../../shared/domain/rota/gap-alerts.js';
import { client, stackOptions, type Call } from '../api/http.js';
import { expectStatus, twoPersonClinic } from '../api/two-person-clinic.js';
import { createTestTable, type TestTable } from '../../support/test-table.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const DUTY = '+447700900999'; // twoPersonClinic's fallback contact
const ANA = '+447700900601';

describe(`DynamoRotaNotices on ${ENGINE}`, () => {
  let table: TestTable;
  let alerts: DynamoRotaNotices;
  const claim = (over: Partial<GapAlertRecord> = {}): GapAlertRecord => ({
    clinicId: 'c1',
    serviceId: 'general',
    start: 1_000,
    end: 5_000,
    state: 'claimed',
    claimedAt: 100,
    ...over,
  });
  beforeAll(async () => {
    table = await createTestTable();
    alerts = new DynamoRotaNotices(table.db, table.tableName);
  });
  afterAll(() => table.destroy());

  it('a gap is claimed once; a stale claim is taken over; only the holder marks it sent', async () => {
    expect(await alerts.claimGapAlert(claim(), 0)).toBe(true);
    expect(await alerts.claimGapAlert(claim({ claimedAt: 200 }), 50)).toBe(false); // fresh: held
    expect(await alerts.claimGapAlert(claim({ claimedAt: 300 }), 150)).toBe(true); // stale: taken over
    expect(await alerts.markGapAlertSent(claim(), { sentAt: 310, sentMessages: 2 })).toBe(false);
    expect(await alerts.markGapAlertSent(claim({ claimedAt: 300 }), { sentAt: 310, sentMessages: 2 })).toBe(
      true,
    );
    expect(await alerts.claimGapAlert(claim({ claimedAt: 10_000 }), 9_999)).toBe(false); // sent: for good
    expect(await alerts.listGapAlerts('c1')).toEqual([
      { ...claim({ claimedAt: 300 }), state: 'sent', sentAt: 310, sentMessages: 2 },
    ]);
    expect(await alerts.listGapAlerts('c2')).toEqual([]);
  });

  it('every clinic is in the directory, in id order, page by page; its record reads back unchanged', async () => {
    const store = new DynamoClinicStore(table.db, table.tableName);
    const ids = ['b', 'a', 'c', 'd', 'e'];
    for (const clinicId of ids) {
      const clinic = {
        clinicId,
        name: clinicId,
        timezone: 'Europe/London',
        fallback: [],
        fallbackRepeatSeconds: 300,
        createdAt: 1,
        updatedAt: 1,
      };
      await store.putClinic(clinic);
      if (clinicId === 'e') expect(await store.replaceClinic({ ...clinic, updatedAt: 2 }, 1)).toBe(true);
      expect(await store.getClinic(clinicId)).toEqual(expect.objectContaining({ clinicId }));
      expect(Object.keys((await store.getClinic(clinicId)) ?? {})).not.toContain('clinicPK');
    }
    const first = await alerts.clinicIdsPage({ limit: 3 });
    expect(first).toEqual({ items: ['a', 'b', 'c'], more: true });
    expect(await alerts.clinicIdsPage({ limit: 3, after: 'c' })).toEqual({ items: ['d', 'e'], more: false });
  });
});

describe(`clinic directory migration on ${ENGINE}`, () => {
  it('puts clinics stored before the directory into it, once; other records stay out', async () => {
    const table = await createTestTable();
    try {
      const put = (Item: Record<string, unknown>) =>
        table.db.send(new PutCommand({ TableName: table.tableName, Item }));
      for (const clinicId of ['old1', 'old2'])
        await put({
          PK: keys.clinicPartition(clinicId),
          SK: keys.clinic(),
          kind: 'clinic',
          clinicId,
          name: clinicId,
        });
      await put({
        PK: keys.clinicPartition('old1'),
        SK: keys.clinician('ana'),
        kind: 'clinician',
        clinicId: 'old1',
      });
      const alerts = new DynamoRotaNotices(table.db, table.tableName);
      expect((await alerts.clinicIdsPage({ limit: 10 })).items).toEqual([]);
      expect(await migrateClinicDirectory(table.db, table.tableName)).toEqual({ found: 2, added: 2 });
      expect((await alerts.clinicIdsPage({ limit: 10 })).items).toEqual(['old1', 'old2']);
      expect(await migrateClinicDirectory(table.db, table.tableName)).toEqual({ found: 0, added: 0 });
    } finally {
      table.destroy();
    }
  });
});

describe(`gap check on the local stack (${ENGINE})`, () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  let call: Call;
  let clinic: Awaited<ReturnType<typeof twoPersonClinic>>;
  const alertsTo = (phone: string) => stack.outbox.list({ phone }).filter((m) => m.purpose === 'gap-alert');

  beforeAll(async () => {
    const options = await stackOptions(false);
    cleanup = options.cleanup;
    stack = await startLocalStack(options);
    call = client(stack.url);
    clinic = await twoPersonClinic(call, 'gaps');
  }, TIMEOUT);
  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  it(
    'two checks at once alert each gap once, one message per check that claimed any; a third is silent',
    async () => {
      const [a, b] = await Promise.all([
        call('POST', '/local/rota-check', {}),
        call('POST', '/local/rota-check', {}),
      ]);
      const runs = [expectStatus(a, 200).body, expectStatus(b, 200).body];
      // Nobody has a verified method: each daily shift of the next 30 days (and today's) is a gap.
      const gaps = runs[0].gaps as number;
      expect(gaps).toBeGreaterThanOrEqual(30);
      expect(runs.map((r) => r.alerted as number).reduce((x, y) => x + y)).toBe(gaps);
      // The two may split the gaps between them (each claims what it gets first): one message per check
      // that claimed any, and no gap in two.
      const alerting = runs.filter((r) => (r.alerted as number) > 0).length;
      expect(alertsTo(DUTY)).toHaveLength(alerting);
      expect(
        alertsTo(DUTY)
          .map((m) => m.text)
          .join('\n'),
      ).toMatch(/nobody on call for General, now to .*\((ana|ben) has no verified contact method\)/);

      expect(expectStatus(await call('POST', '/local/rota-check', {}), 200).body).toMatchObject({
        alerted: 0,
      });
      expect(alertsTo(DUTY)).toHaveLength(alerting);
      // The gaps view says when each was alerted.
      const view = expectStatus(
        await call('GET', '/v1/clinics/gaps/services/general/gaps?days=7', { key: clinic.admin }),
        200,
      ).body as { gaps: Array<{ alertedAt?: string }> };
      expect(view.gaps.length).toBeGreaterThan(0);
      expect(view.gaps.every((g) => typeof g.alertedAt === 'string')).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'a gap that appears later gets its own alert: the gaps that closed stay quiet',
    async () => {
      // Ana becomes reachable: her shifts are no longer gaps. Then a new service whose rota starts later.
      const added = expectStatus(
        await call('POST', '/v1/clinics/gaps/clinicians/ana/contacts', {
          key: clinic.admin,
          body: { type: 'sms', value: ANA },
        }),
        201,
      ).body;
      const code = stack.outbox.list({ phone: ANA }).at(-1)?.code ?? '';
      expectStatus(
        await call('POST', `/v1/clinics/gaps/clinicians/ana/contacts/${added.contactId}/verify`, {
          key: clinic.admin,
          body: { code },
        }),
        200,
      );
      const run = expectStatus(await call('POST', '/local/rota-check', {}), 200).body;
      expect(run.alerted).toBe(0);
      expect(run.gaps).toBeLessThan(20); // ben's days only

      const start = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      expectStatus(
        await call('PUT', '/v1/clinics/gaps/services/elderly', {
          key: clinic.admin,
          body: {
            name: 'Elderly',
            rotation: { participants: ['ana'], start, handoff: { every: 'week', at: '09:00' } },
            escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 300 }], repeat: 0 },
          },
        }),
        200,
      );
      expect(expectStatus(await call('POST', '/local/rota-check', {}), 200).body).toMatchObject({
        alerted: 1,
      });
      expect(alertsTo(DUTY).at(-1)?.text).toMatch(
        /nobody on call for Elderly, now to .*\(nobody is on the rota\)/,
      );
      const sent = alertsTo(DUTY).length;
      expect(expectStatus(await call('POST', '/local/rota-check', {}), 200).body).toMatchObject({
        alerted: 0,
      });
      expect(alertsTo(DUTY)).toHaveLength(sent);
    },
    TIMEOUT,
  );
});

describe(`shift notices on the local stack (${ENGINE})`, () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  let call: Call;
  const PHONES = { ana: '+447700900611', ben: '+447700900612' };
  const notices = () => stack.outbox.list().filter((m) => m.purpose === 'shift-notice');

  beforeAll(async () => {
    const options = await stackOptions(false);
    cleanup = options.cleanup;
    stack = await startLocalStack(options);
    call = client(stack.url);
    const clinic = await twoPersonClinic(call, 'notices');
    for (const [who, phone] of Object.entries(PHONES)) {
      const added = expectStatus(
        await call('POST', `/v1/clinics/notices/clinicians/${who}/contacts`, {
          key: clinic.admin,
          body: { type: 'sms', value: phone },
        }),
        201,
      ).body;
      const code = stack.outbox.list({ phone }).at(-1)?.code ?? '';
      expectStatus(
        await call('POST', `/v1/clinics/notices/clinicians/${who}/contacts/${added.contactId}/verify`, {
          key: clinic.admin,
          body: { code },
        }),
        200,
      );
    }
    // Handoffs every day 30 minutes from now (London): the next person's stretch starts within their hour.
    const at = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(Date.now() + 30 * 60_000);
    expectStatus(
      await call('PUT', '/v1/clinics/notices/services/general', {
        key: clinic.admin,
        body: {
          name: 'General',
          rotation: { participants: ['ana', 'ben'], start: '2026-01-05', handoff: { every: 'day', at } },
          escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 300 }], repeat: 0 },
        },
      }),
      200,
    );
  }, TIMEOUT);
  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  it(
    'the next person is told once, by two checks at once and any after',
    async () => {
      const runs = await Promise.all([
        call('POST', '/local/rota-check', {}),
        call('POST', '/local/rota-check', {}),
      ]);
      const sent = runs.map((r) => expectStatus(r, 200).body.shiftNotices as number);
      expect(sent.reduce((a, b) => a + b)).toBe(1);
      expect(expectStatus(await call('POST', '/local/rota-check', {}), 200).body).toMatchObject({
        shiftNotices: 0,
      });
      expect(notices()).toHaveLength(1);
      expect(Object.values(PHONES)).toContain(notices()[0]?.to);
      expect(notices()[0]?.text).toMatch(
        /^crisis-router: you're on call for General, Clinic notices, from \d\d:\d\d (today|tomorrow) to \d\d:\d\d (today|tomorrow)\.$/,
      );
    },
    TIMEOUT,
  );
});
