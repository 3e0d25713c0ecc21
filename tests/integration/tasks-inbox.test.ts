/**
 * The inbox at scale (issue 12), on a database of its own (it enters a holiday arrangement, which reaches
 * every open application of its database): PostgreSQL filters, orders, pages and counts the tasks, the
 * same answers the in-memory inbox gave — each filter keeps exactly the tasks its working days left say,
 * pages put together are the whole list in order, the counts are those of the list — and the tasks carry
 * their application's deadline and pause (kept by triggers). After a platform admin enters a holiday
 * arrangement the inbox counts on the new calendar at once, and once the propagation has recounted the
 * deadlines the filters and the order follow the new deadlines. The console pages the inbox, 200 a page.
 */
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { WorkingDayCalendar } from '../../libs/domain/calendar';
import { addDays, dateInShanghai, dayOfWeek, yearOf } from '../../libs/domain/dates';
import {
  type AgencyStaff,
  type Api,
  arrangementsOf,
  createAgencyWithStaff,
  createPlatformAdmin,
  eventually,
  ownDatabase,
  propagationDone,
  registration,
  startStack,
} from '../support/stack';
import { SHOTS, launchChromium, signIn } from '../support/browser';

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Task {
  id: string;
  kind: string;
  role: string;
  state: 'open' | 'claimed';
  assignee: { id: string } | null;
  createdAt: string;
  application: {
    id: string;
    replyDueOn: string | null;
    paused: boolean;
    workingDaysLeft: number | null;
    overdue: boolean;
  };
}

interface Page {
  items: Task[];
  total: number;
  page: number;
  pageSize: number;
}

const today = dateInShanghai(Date.now());

describe('the inbox in PostgreSQL (a database of its own)', () => {
  let db: Awaited<ReturnType<typeof ownDatabase>>;
  let stack: Stack;
  let staff: AgencyStaff;
  let pg: PgClient;

  beforeAll(async () => {
    db = await ownDatabase('inbox');
    stack = await startStack({ databaseUrl: db.databaseUrl });
    staff = await createAgencyWithStaff(stack.api, '待办规模测试机关', { databaseUrl: db.databaseUrl });
    pg = new PgClient({ connectionString: db.databaseUrl });
    await pg.connect();

    // Open work of every sort: deadlines from long past to 20 working days ahead, a claimed task, paused
    // clocks (a consultation), a supplement awaited (no running deadline), two received the same day.
    const received = [0, 0, 0, -3, -8, -15, -26, -29, -40, -60];
    const ids: string[] = [];
    for (const days of received) {
      const app = await staff.as.registrar.ok(
        '/applications',
        registration({ receivedOn: addDays(today, days) }),
        201,
      );
      ids.push(app.id);
    }
    for (const i of [3, 6, 8]) await staff.api.ok(`/applications/${ids[i]}/accept`);
    await staff.api.ok(`/applications/${ids[8]}/start-consultation`, {
      kind: 'third_party',
      party: '某公司',
      sentOn: today,
    });
    await staff.api.ok(`/applications/${ids[2]}/request-supplement`, {
      requestedOn: today,
      whatIsNeeded: '请写明所需信息的文号或形成时间',
    });
    const accept = (await staff.as.handler.get('/tasks?view=role&kind=accept')).body as Page;
    await staff.as.handler.ok(`/tasks/${accept.items[0].id}/claim`);
  });

  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  const list = async (api: Api, query: string): Promise<Page> => {
    const res = await api.get(`/tasks?${query}`);
    if (res.status !== 200)
      throw new Error(`GET /tasks?${query} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Page;
  };
  const all = (query = 'view=agency') => list(staff.api, `${query}&pageSize=200`);
  const ids = (p: Page | Task[]) => ('items' in p ? p.items : p).map((t) => t.id);

  /** The inbox order from the applications' own columns (not the tasks' copies of them). */
  const orderInDatabase = async (agencyId: string) =>
    (
      await pg.query<{ id: string }>(
        `SELECT t.id FROM tasks t JOIN applications a ON a.id = t.application_id
          WHERE t.agency_id = $1 AND t.state <> 'done'
          ORDER BY a.paused, a.reply_due_on, t.created_at, t.id`,
        [agencyId],
      )
    ).rows.map((r) => r.id);

  it('orders the most urgent first, as the applications’ deadlines say, and pages through it', async () => {
    const everything = await all();
    expect(everything.total).toBe(10); // ten applications, one task each
    expect(ids(everything)).toEqual(await orderInDatabase(staff.agency.id));
    // Running clocks by working days left (none last), then the paused ones.
    const key = (t: Task) => [t.application.paused ? 1 : 0, t.application.workingDaysLeft ?? 1e6];
    for (let i = 1; i < everything.items.length; i++) {
      const [a, b] = [key(everything.items[i - 1]), key(everything.items[i])];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true);
    }
    expect(everything.items.at(-1)!.application.paused).toBe(true);
    expect(everything.items.some((t) => t.application.replyDueOn === null)).toBe(true);

    // Pages of 3, put together, are the whole list; the total is the same on every page.
    const pages: Task[] = [];
    for (let page = 1; page <= 4; page++) {
      const p = await list(staff.api, `view=agency&page=${page}&pageSize=3`);
      expect([p.total, p.page, p.pageSize]).toEqual([10, page, 3]);
      pages.push(...p.items);
    }
    expect(ids(pages)).toEqual(ids(everything));
    const beyond = await list(staff.api, 'view=agency&page=5&pageSize=3');
    expect([beyond.items, beyond.total]).toEqual([[], 10]);
    // Fifty a page by default.
    expect((await list(staff.api, 'view=agency')).pageSize).toBe(50);
  });

  it('keeps exactly the tasks each filter names, in the same order', async () => {
    const everything = (await all()).items;
    const expectFilter = async (query: string, keep: (t: Task) => boolean, api = staff.api) => {
      const p = await list(api, `${query}&pageSize=200`);
      const expected = everything.filter(keep);
      expect(ids(p)).toEqual(ids(expected));
      expect(p.total).toBe(expected.length);
      return expected.length;
    };
    const left = (t: Task) => t.application.workingDaysLeft;
    const lefts = everything.map(left).filter((l): l is number => l !== null);
    // dueWithin at every boundary there is: each task's working days left, and one less.
    for (const n of [...new Set([0, ...lefts.flatMap((l) => [l, l - 1])])].filter((n) => n >= 0)) {
      await expectFilter(`view=agency&dueWithin=${n}`, (t) => left(t) !== null && left(t)! <= n);
    }
    expect(await expectFilter('view=agency&overdue=true', (t) => t.application.overdue)).toBeGreaterThan(0);
    expect(everything.filter((t) => t.application.overdue).every((t) => left(t)! < 0)).toBe(true);
    await expectFilter('view=agency&overdue=false', () => true);
    expect(await expectFilter('view=agency&paused=true', (t) => t.application.paused)).toBe(1);
    await expectFilter('view=agency&paused=false', (t) => !t.application.paused);
    await expectFilter('view=agency&kind=draft_decision', (t) => t.kind === 'draft_decision');
    await expectFilter('view=agency&state=claimed', (t) => t.state === 'claimed');
    await expectFilter(
      'view=agency&kind=accept&overdue=true&paused=false',
      (t) => t.kind === 'accept' && t.application.overdue && !t.application.paused,
    );
    const handler = (await staff.as.handler.get('/auth/me')).body as { id: string };
    expect(
      await expectFilter(
        'view=mine',
        (t) => t.state === 'claimed' && t.assignee?.id === handler.id,
        staff.as.handler,
      ),
    ).toBe(1);
    await expectFilter('view=role', (t) => t.state === 'open' && t.role === 'handler', staff.as.handler);
    await expectFilter('view=role', (t) => t.state === 'open' && t.role === 'registrar', staff.as.registrar);
    await expectFilter(
      'view=role&dueWithin=10',
      (t) => t.state === 'open' && t.role === 'handler' && left(t) !== null && left(t)! <= 10,
      staff.as.handler,
    );
    // Every role but the reviewer's and the admin's is refused the whole agency.
    expect((await staff.as.handler.get('/tasks?view=agency')).status).toBe(403);
  });

  it('counts what the lists hold, in one answer', async () => {
    const everything = (await all()).items;
    const handler = (await staff.as.handler.get('/auth/me')).body as { id: string };
    const counts = (await staff.as.handler.get('/tasks/counts')).body;
    const left = (t: Task) => t.application.workingDaysLeft;
    expect(counts).toEqual({
      mine: everything.filter((t) => t.state === 'claimed' && t.assignee?.id === handler.id).length,
      role: everything.filter((t) => t.state === 'open' && t.role === 'handler').length,
      agency: everything.length,
      overdue: everything.filter((t) => t.application.overdue).length,
      dueSoon: everything.filter(
        (t) => !t.application.paused && left(t) !== null && left(t)! >= 0 && left(t)! <= 3,
      ).length,
      paused: everything.filter((t) => t.application.paused).length,
      // Issue 16: the handler belongs to no department here.
      department: 0,
    });
    expect(counts.mine).toBe(1);
    expect(counts.overdue).toBeGreaterThan(0);
  });

  it('claims the most urgent running task of the user’s roles with 领取最紧急的待办', async () => {
    const offered = (await list(staff.as.handler, 'view=role&paused=false')).items;
    const next = await staff.as.handler.ok('/tasks/next');
    expect(next.id).toBe(offered[0].id);
    expect(next.state).toBe('claimed');
    await staff.as.handler.ok(`/tasks/${next.id}/release`);
    expect((await staff.as.reviewer.post('/tasks/next')).status).toBe(404);
  });

  it('answers 400 naming the field for a bad filter or page', async () => {
    for (const [query, field] of [
      ['dueWithin=-1', 'dueWithin'],
      ['dueWithin=401', 'dueWithin'],
      ['dueWithin=two', 'dueWithin'],
      ['overdue=yes', 'overdue'],
      ['paused=1', 'paused'],
      ['kind=nothing', 'kind'],
      ['state=done', 'state'],
      ['view=everyone', 'view'],
      ['page=0', 'page'],
      ['pageSize=500', 'pageSize'],
    ]) {
      const res = await staff.api.get(`/tasks?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('keeps each task’s copy of its application’s deadline and pause in step', async () => {
    const drift = async () =>
      (
        await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM tasks t JOIN applications a ON a.id = t.application_id
            WHERE t.state <> 'done' AND (t.reply_due_on IS DISTINCT FROM a.reply_due_on OR t.paused <> a.paused)`,
        )
      ).rows[0].n;
    expect(await drift()).toBe(0);
    // The consultation answered: the clock runs again and the application's tasks follow.
    const paused = (await list(staff.api, 'view=agency&paused=true')).items[0];
    await staff.as.handler.ok(`/applications/${paused.application.id}/record-consultation-reply`, {
      ref: 'c1',
      repliedOn: today,
      answer: 'agree',
    });
    expect((await list(staff.api, 'view=agency&paused=true')).total).toBe(0);
    expect(await drift()).toBe(0);
    const { rows } = await pg.query<{ paused: boolean; reply_due_on: string | null }>(
      `SELECT paused, reply_due_on FROM tasks WHERE application_id = $1 AND state <> 'done'`,
      [paused.application.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => !r.paused && r.reply_due_on !== null)).toBe(true);
  });

  it('counts on a holiday arrangement as soon as a platform admin enters it, then on the recounted deadlines', async () => {
    const platform = await createPlatformAdmin(stack.api, staff.agency.id, { databaseUrl: db.databaseUrl });
    const before = (await all()).items;
    const oldCalendar = new WorkingDayCalendar(await arrangementsOf(staff.api));
    // Two weekdays that are working days, after today and within the next deadlines, become days off.
    const year = yearOf(oldCalendar.nextWorkingDay(today));
    const extra: string[] = [];
    for (let d = oldCalendar.nextWorkingDay(today); extra.length < 2; d = oldCalendar.nextWorkingDay(d)) {
      if (yearOf(d) !== year) break;
      if (dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6) extra.push(d);
    }
    expect(extra.length).toBeGreaterThan(0);
    const current = (await arrangementsOf(staff.api)).find((a) => a.year === year) ?? {
      year,
      off: [],
      work: [],
    };
    const entered = await platform.request('PUT', `/calendar/${year}`, {
      offDays: [...current.off, ...extra].sort(),
      workDays: current.work,
      notice: `国务院办公厅关于${year}年部分节假日安排的通知（测试更正）`,
    });
    expect(entered.status).toBe(202);
    const newCalendar = new WorkingDayCalendar(await arrangementsOf(staff.api));

    // At once, whatever the propagation has reached: working days left count on the new calendar.
    const now = (await all()).items;
    for (const t of now) {
      const due = t.application.replyDueOn;
      expect(t.application.workingDaysLeft).toBe(
        due === null ? null : newCalendar.workingDaysUntil(today, due) + 0, // not -0
      );
    }
    // A deadline beyond the new days off is that many working days nearer on the new calendar.
    const beyond = before.find(
      (t) =>
        !t.application.paused &&
        t.application.replyDueOn !== null &&
        t.application.replyDueOn > extra.at(-1)!,
    );
    expect(beyond).toBeDefined();
    const due = beyond!.application.replyDueOn!;
    expect(newCalendar.workingDaysUntil(today, due)).toBeLessThan(oldCalendar.workingDaysUntil(today, due));
    // (So the check above told the calendars apart: the shown deadline of that task, moved or not yet, is
    // past the new days off.)
    expect(now.find((t) => t.id === beyond!.id)!.application.replyDueOn! > extra.at(-1)!).toBe(true);

    await propagationDone(platform, entered.body.propagationId);
    // Every open application has recorded its recount (`/deadlines` answers with the API's calendar at
    // once, so the recorded calendar version is what says the row and its tasks' copies have moved).
    await eventually('every open deadline to be recounted', async () => {
      const { rows: behind } = await pg.query(
        `SELECT count(*)::int AS n FROM applications a
          WHERE a.agency_id = $1 AND a.calendar_version <> $2
            AND a.status NOT IN ('delivered', 'abandoned', 'withdrawn')
            AND EXISTS (SELECT 1 FROM tasks t WHERE t.application_id = a.id AND t.state <> 'done')`,
        [staff.agency.id, entered.body.version],
      );
      return behind[0].n === 0;
    });
    // The deadlines recounted (running clocks move later by the days off) and the tasks' copies followed.
    const after = await all();
    expect(ids(after)).toEqual(await orderInDatabase(staff.agency.id));
    const moved = after.items.find((t) => t.application.id === beyond!.application.id)!;
    expect(moved.application.replyDueOn! > beyond!.application.replyDueOn!).toBe(true);
    const { rows } = await pg.query<{ due: string }>(`SELECT reply_due_on AS due FROM tasks WHERE id = $1`, [
      moved.id,
    ]);
    expect(rows[0].due).toBe(moved.application.replyDueOn);
    for (const t of after.items) {
      const due = t.application.replyDueOn;
      expect(t.application.workingDaysLeft).toBe(
        due === null ? null : newCalendar.workingDaysUntil(today, due) + 0, // not -0
      );
    }
    // And the filters and counts agree with the new calendar's working days left.
    const left = (t: Task) => t.application.workingDaysLeft;
    for (const t of after.items.filter((x) => left(x) !== null && left(x)! >= 0)) {
      const n = left(t)!;
      expect(ids(await all(`view=agency&dueWithin=${n}`))).toContain(t.id);
      if (n > 0) expect(ids(await all(`view=agency&dueWithin=${n - 1}`))).not.toContain(t.id);
    }
    expect(ids(await all('view=agency&overdue=true'))).toEqual(ids(after.items.filter((t) => left(t)! < 0)));
    const counts = (await staff.api.get('/tasks/counts')).body;
    expect(counts.overdue).toBe(after.items.filter((t) => t.application.overdue).length);
    expect(counts.dueSoon).toBe(
      after.items.filter((t) => !t.application.paused && left(t) !== null && left(t)! >= 0 && left(t)! <= 3)
        .length,
    );
    expect(newCalendar.isWorkingDay(extra[0])).toBe(false);
  });

  it('pages the console’s inbox, 200 tasks a page (上一页 / 下一页)', async () => {
    const busy = await createAgencyWithStaff(stack.api, '待办翻页测试机关', { databaseUrl: db.databaseUrl });
    // 205 registered applications straight in the database (no workflows: nothing acts on them here).
    await pg.query(
      `WITH apps AS (
         INSERT INTO applications (id, agency_id, case_number, workflow_id, receipt_year, applicant_name,
           applicant_type, channel, received_on, information_sought, status, clock_started_on, version,
           reply_due_on, workflow_started_at)
         SELECT gen_random_uuid(), $1::uuid, 'PAGE-' || i, 'application/page-test/' || $1::text || '/' || i,
                extract(year FROM $2::date)::int, '张三', 'natural_person', 'in_person', $2::date,
                '本县义务教育学校经费预算执行情况', 'registered', $2::date, 1, $2::date + i, now()
           FROM generate_series(1, 205) AS i
         RETURNING id)
       INSERT INTO tasks (application_id, agency_id, kind, role, opened_seq) SELECT id, $1::uuid, 'accept', 'handler', 1 FROM apps`,
      [busy.agency.id, today],
    );
    const browser = await launchChromium();
    try {
      const page = await signIn(browser, stack.api, busy, 'handler');
      await page.waitForSelector('#inbox-pages');
      expect(await page.locator('tr[data-task]').count()).toBe(200);
      expect(await page.textContent('#inbox-pages')).toContain('第 1 / 2 页（共 205 条）');
      expect(await page.textContent('tr[data-task]:first-child')).toContain('PAGE-1');
      await page.click('#inbox-pages button:has-text("下一页")');
      await page.waitForSelector('#inbox-pages:has-text("第 2 / 2 页")');
      expect(await page.locator('tr[data-task]').count()).toBe(5);
      expect(await page.textContent('tr[data-task]:last-child')).toContain('PAGE-205');
      await page.screenshot({ path: join(SHOTS, '02b-inbox-pages.png'), fullPage: true });
      await page.click('#inbox-pages button:has-text("上一页")');
      await page.waitForSelector('#inbox-pages:has-text("第 1 / 2 页")');
      expect(await page.locator('tr[data-task]').count()).toBe(200);
    } finally {
      await browser.close();
    }
  });
});
