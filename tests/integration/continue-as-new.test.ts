/**
 * A case left open and overdue reminds every working day; its history must not grow without bound.
 * With OGI_CONTINUE_AS_NEW_AFTER_EVENTS small, the workflow continues as new and carries its state,
 * timers and reminder bookkeeping: reminders go on without a gap or a repeat, and the case is still
 * answered through the API.
 */
import { Client, Connection } from '@temporalio/client';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { dateInShanghai } from '../../libs/domain/dates';
import { testEnv } from '../support/env';
import { createAgencyWithStaff, eventually, registration, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('a long overdue case continues as new', () => {
  let stack: Stack;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    stack = await startStack({ workingDayMs: 150, env: { OGI_CONTINUE_AS_NEW_AFTER_EVENTS: '40' } });
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    client = new Client({ connection, namespace: testEnv().namespace });
  });

  afterAll(async () => {
    await stack?.stop();
    await connection?.close();
  });

  it('carries state and reminders across runs, and is answered afterwards', async () => {
    const staff = await createAgencyWithStaff(stack.api, '续跑测试机关');
    const api = staff.api;
    const today = dateInShanghai(Date.now());
    // Received 19 working days ago: due tomorrow; reminders then go on every (shrunk) working day.
    const receivedOn = BUILT_IN_CALENDAR.workingDayBefore(today, 19);
    const app = await api.ok('/applications', registration({ receivedOn }), 201);
    await api.ok(`/applications/${app.id}/accept`);
    const first = await client.workflow.getHandle(app.workflowId).describe();

    const reminderOffsets = async () => {
      const res = (await api.get(`/notifications?applicationId=${app.id}&pageSize=100`)).body;
      return (res.items as Array<{ key: string }>)
        .filter((n) => n.key.includes(':reply:'))
        .map((n) => Number(n.key.split(':').pop()));
    };

    // Two runs later, the reminders are still going.
    await eventually(
      'two continuations',
      async () => {
        const d = await client.workflow.getHandle(app.workflowId).describe();
        if (d.runId === first.runId) return false;
        let n = 0;
        for await (const run of client.workflow.list({ query: `WorkflowId = '${app.workflowId}'` })) {
          if (run.workflowId === app.workflowId) n += 1;
        }
        return n >= 3;
      },
      90_000,
    );
    const before = await reminderOffsets();
    await eventually(
      'more reminders after continuing',
      async () => (await reminderOffsets()).length > before.length + 2,
    );

    const firstRun = await client.workflow.getHandle(app.workflowId, first.runId).describe();
    expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');

    // The new run starts from the carried state and reminder bookkeeping.
    const history = await client.workflow.getHandle(app.workflowId).fetchHistory();
    const payload = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    const input = JSON.parse(Buffer.from(payload.data as Uint8Array).toString('utf8'));
    expect(input.continuation.run).toBeGreaterThanOrEqual(2);
    expect(input.continuation.state.status).toBe('under_review');
    expect(input.continuation.seq).toBe(2);
    expect(input.continuation.lastReminder.offset).toBeGreaterThanOrEqual(1);
    // Reminders only move forward: a new run never repeats an offset the last one sent. (With a
    // shrunk day, the few hundred ms a continuation takes can skip an overdue day; a real one cannot.)
    // The run read above may have just begun: wait for its first reminder before comparing.
    const carried = input.continuation.lastReminder.offset as number;
    const offsets = await eventually('a reminder from the new run', async () => {
      const o = await reminderOffsets();
      return Math.max(...o) > carried ? o : null;
    });
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(Math.max(...offsets)).toBeGreaterThan(carried);

    // The case is answered through the API on the current run; the event log stays gap-free.
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条',
    });
    await staff.as.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    const done = await api.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'post',
    });
    expect(done.status).toBe('delivered');
    const seqs = done.events.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    expect(done.events.filter((e: { type: string }) => e.type === 'registered')).toHaveLength(1);
    expect(done.outcome).toBe('disclosed');
  });
});
