/**
 * A registration whose API dies right after the commit (the test-only failpoint
 * OGI_FAILPOINT=register-after-commit): another API's outbox sweeper starts its workflow, the next
 * registration of the agency and year takes the next case number, and no case number is used twice.
 */
import { type Api, createAgencyWithStaff, eventually, registration, startApi } from '../support/stack';
import { workerAndDatabase } from '../support/worker-and-database';

describe('registration outbox', () => {
  const taskQueue = `outbox-${Date.now()}`;
  const ctx = workerAndDatabase(taskQueue);
  const { stops } = ctx;

  it('starts the workflow of a registration committed by an API that died before starting it', async () => {
    const doomed = await startApi(taskQueue, {
      env: { OGI_FAILPOINT: 'register-after-commit', OGI_OUTBOX_SWEEP_MS: '600000' },
    });
    stops.push(() => doomed.process.stop(2000));
    const staff = await createAgencyWithStaff(doomed.api);

    // The API kills itself right after the commit: the connection drops without an answer.
    const lost = await staff.api
      .post('/applications', registration({ receivedOn: '2025-03-03' }))
      .then((res) => `answered ${res.status}`)
      .catch((err: unknown) => `dropped: ${String(err)}`);
    expect(lost).toMatch(/^dropped/);
    await doomed.process.exited;

    const [committed] = (
      await ctx.pg.query(
        `SELECT id, case_number, version, workflow_started_at, start_input IS NOT NULL AS has_input
           FROM applications WHERE agency_id = $1`,
        [staff.agency.id],
      )
    ).rows;
    expect(committed).toMatchObject({
      case_number: '2025-0001',
      version: 0,
      workflow_started_at: null,
      has_input: true,
    });

    const fresh = await startApi(taskQueue, { env: { OGI_OUTBOX_SWEEP_MS: '500' } });
    stops.push(() => fresh.process.stop(5000));
    const api: Api = fresh.api.withToken(staff.api.token);

    const recovered = await eventually(
      'the sweeper to start the orphaned workflow',
      async () => {
        const res = await api.get(`/applications/${committed.id}`);
        return res.status === 200 && res.body.version >= 1 ? res.body : null;
      },
      30_000,
    );
    expect(recovered.status).toBe('registered');
    expect(recovered.events.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
      [1, 'registered'],
    ]);
    const [marked] = (
      await ctx.pg.query('SELECT workflow_started_at FROM applications WHERE id = $1', [committed.id])
    ).rows;
    expect(marked.workflow_started_at).not.toBeNull();

    const next = await api.post(
      '/applications',
      registration({ receivedOn: '2025-03-04', applicantName: '李四' }),
    );
    expect(next.status).toBe(201);
    expect(next.body.caseNumber).toBe('2025-0002');
    await eventually('the second registration to be recorded', async () => {
      const res = await api.get(`/applications/${next.body.id}`);
      return res.body.version >= 1;
    });

    const rows = (
      await ctx.pg.query(
        `SELECT a.case_number, count(e.*) FILTER (WHERE e.type = 'registered') AS registered
           FROM applications a LEFT JOIN application_events e ON e.application_id = a.id
          WHERE a.agency_id = $1 GROUP BY a.case_number ORDER BY a.case_number`,
        [staff.agency.id],
      )
    ).rows.map((r: { case_number: string; registered: number }) => [r.case_number, Number(r.registered)]);
    expect(rows).toEqual([
      ['2025-0001', 1],
      ['2025-0002', 1],
    ]);
  });
});
