/**
 * The recording activity against the real test database: data PostgreSQL refuses (a NUL character in an
 * event's payload, SQLSTATE 22P05) fails it for good with a non-retryable InvalidRecord failure, while a
 * transient error (a serialization failure, 40001) stays retryable.
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { createRecordingActivities, type TransitionRecord } from '../../activities';
import { INVALID_RECORD } from '../../activities/db-errors';
import { initialState, registeredEvent, type Registration } from '../../libs/domain/application';
import { createDataSource } from '../../platform/database/data-source';
import { ensureAgency } from '../../platform/staff';
import { testEnv } from '../support/env';

describe('recording activity and database errors', () => {
  let db: DataSource;
  let agencyId: string;

  beforeAll(async () => {
    const client = new PgClient({ connectionString: testEnv().databaseUrl });
    await client.connect();
    try {
      agencyId = (
        await ensureAgency(client, { code: `t-${randomUUID().slice(0, 13)}`, name: '数据测试机关' })
      ).id;
    } finally {
      await client.end();
    }
    db = createDataSource(testEnv().databaseUrl, 2);
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
  });

  function transition(payload: Record<string, unknown>): TransitionRecord {
    const registration: Registration = {
      applicationId: randomUUID(),
      agencyId,
      caseNumber: `数测〔2024〕${Math.floor(Math.random() * 1e6)}号`,
      applicantName: '张三',
      applicantType: 'natural_person',
      applicantIdNumber: null,
      applicantContact: null,
      channel: 'in_person',
      receivedOn: '2024-03-01',
      submittedAt: null,
      receiptEvidence: null,
      informationSought: '2023年度本县义务教育学校经费预算执行情况',
      deliveryPreference: null,
    };
    return {
      applicationId: registration.applicationId,
      agencyId,
      workflowId: `application/test/${registration.applicationId}`,
      seq: 1,
      event: { ...registeredEvent(registration), payload },
      occurredAt: new Date().toISOString(),
      registration,
      state: initialState(registration),
      deadline: { replyDueOn: null, provisional: false, paused: false, calendarVersion: 0 },
    };
  }

  const record = (t: TransitionRecord) =>
    new MockActivityEnvironment().run(createRecordingActivities(db).recordTransition, t);

  it('records a valid transition', async () => {
    const t = transition({ note: '正常' });
    await record(t);
    const rows = (await db.query(`SELECT type FROM application_events WHERE application_id = $1`, [
      t.applicationId,
    ])) as Array<{ type: string }>;
    expect(rows).toEqual([{ type: 'registered' }]);
  });

  it('fails for good, as InvalidRecord, when PostgreSQL refuses the data (\\u0000 in the payload)', async () => {
    const t = transition({ note: 'a\u0000b' });
    const err: unknown = await record(t).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    const failure = err as ApplicationFailure;
    expect(failure.type).toBe(INVALID_RECORD);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/SQLSTATE 22P05/);
    expect(failure.message).toMatch(/unsupported Unicode escape sequence/);
    // Nothing of the transaction stays.
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM applications WHERE id = $1`, [
      t.applicationId,
    ])) as Array<{ n: number }>;
    expect(n).toBe(0);
  });

  it('stays retryable on a transient error (a serialization failure)', async () => {
    const t = transition({ note: '重试' });
    const fn = `ogi_test_fail_${randomUUID().replace(/-/g, '')}`;
    await db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.application_id = '${t.applicationId}' THEN
          RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON application_events FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    try {
      const err: unknown = await record(t).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(ApplicationFailure);
      expect((err as Error).message).toContain('simulated serialization failure');
    } finally {
      await db.query(`DROP TRIGGER ${fn} ON application_events`);
      await db.query(`DROP FUNCTION ${fn}()`);
    }
    await record(t);
  });
});
