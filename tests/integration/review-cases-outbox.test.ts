/**
 * A reopening is committed before its new run starts: an API that dies right after the commit
 * (OGI_FAILPOINT=reopen-after-commit) leaves it to another API's sweeper, which starts it; a reopening
 * whose start was not marked (a crash after the start) is marked again without reopening twice.
 */
import { dateInShanghai } from '../../libs/domain/dates';
import { type Api, createAgencyWithStaff, eventually, registration, startApi } from '../support/stack';
import { workerAndDatabase } from '../support/worker-and-database';

const today = dateInShanghai(Date.now());

describe('reopening outbox', () => {
  const taskQueue = `reopen-outbox-${Date.now()}`;
  const ctx = workerAndDatabase(taskQueue);
  const { stops } = ctx;

  it('starts a reopening committed by an API that died before starting it, and only once', async () => {
    const doomed = await startApi(taskQueue, {
      env: { OGI_FAILPOINT: 'reopen-after-commit', OGI_OUTBOX_SWEEP_MS: '600000' },
    });
    stops.push(() => doomed.process.stop(2000));
    const staff = await createAgencyWithStaff(doomed.api, '重新办理发件箱机关');
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    await staff.as.handler.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'unavailable.not_held',
      legalGround: '第三十六条',
    });
    await staff.as.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    await staff.as.registrar.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'post',
    });
    const reviewCase = await staff.as.handler.ok(
      `/applications/${app.id}/review-cases`,
      { kind: 'litigation_direct', filedOn: today, body: '某县人民法院' },
      201,
    );

    // The API kills itself right after committing the result and the reopening.
    const lost = await staff.as.reviewer
      .post(`/review-cases/${reviewCase.id}/result`, {
        result: 'corrected',
        resultOn: today,
        reopen: { reopenedOn: today },
      })
      .then((res) => `answered ${res.status}`)
      .catch((err: unknown) => `dropped: ${String(err)}`);
    expect(lost).toMatch(/^dropped/);
    await doomed.process.exited;

    const caseRow = async () =>
      (
        await ctx.pg.query(
          `SELECT result, reopen_on::text, reopen_input IS NOT NULL AS has_input, reopen_started_at
             FROM review_cases WHERE id = $1`,
          [reviewCase.id],
        )
      ).rows[0];
    expect(await caseRow()).toMatchObject({
      result: 'corrected',
      reopen_on: today,
      has_input: true,
      reopen_started_at: null,
    });
    const [before] = (await ctx.pg.query('SELECT status, version FROM applications WHERE id = $1', [app.id]))
      .rows;
    expect(before.status).toBe('delivered');

    // Another API's sweeper starts the new run.
    const fresh = await startApi(taskQueue, { env: { OGI_OUTBOX_SWEEP_MS: '300' } });
    stops.push(() => fresh.process.stop(5000));
    const api: Api = fresh.api.withToken(staff.api.token);
    const reopened = await eventually(
      'the sweeper to start the reopening',
      async () => {
        const res = await api.get(`/applications/${app.id}`);
        return res.body?.status === 'under_review' ? res.body : null;
      },
      30_000,
    );
    expect(reopened.version).toBe(before.version + 1);
    expect(reopened.events.at(-1)).toMatchObject({
      seq: before.version + 1,
      type: 'reopened',
      payload: { reopened: true, reviewCaseId: reviewCase.id },
    });
    await eventually('the reopening to be marked started', async () => (await caseRow()).reopen_started_at);
    expect((await api.get(`/review-cases/${reviewCase.id}`)).body.reopen.state).toBe('reopened');

    // As if the API had died after the start, before marking it: the sweeper marks it, nothing more.
    await ctx.pg.query('UPDATE review_cases SET reopen_started_at = NULL WHERE id = $1', [reviewCase.id]);
    await eventually('the reopening to be marked again', async () => (await caseRow()).reopen_started_at);
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await api.get(`/applications/${app.id}`)).body;
    expect(after.version).toBe(reopened.version);
    expect(after.events.filter((e: { type: string }) => e.type === 'reopened')).toHaveLength(1);
  });
});
