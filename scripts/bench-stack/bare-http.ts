/**
 * `npm run bench:stack`'s read anchor, its own process as the API is: a bare Node `http` server reading
 * with `pg` (a pool of the API's size) the rows the API's answers carry, serialised as JSON — no
 * framework, no session, no validation: the cost of the rows alone.
 *
 *  - GET /applications/{id}: the application's columns of the detail answer, its events by seq, its
 *    notices (the same statement as the API's, platform/notice-export/store).
 *  - GET /tasks?agencyId=&roles=a,b&pageSize=: the first page of the inbox's `role` view (open tasks
 *    offered to those roles), most urgent first, with the columns the API's inbox reads.
 *
 * Environment: OGI_DATABASE_URL, OGI_BENCH_POOL_SIZE (10, the API's), OGI_BENCH_PORT. Prints
 * `[bare-http] ready` once it listens.
 */
import { createServer, type ServerResponse } from 'node:http';
import { Pool, types } from 'pg';
import { listNotices } from '../../platform/notice-export/store';

// As the API reads them: dates as 'YYYY-MM-DD', bigints as numbers.
types.setTypeParser(types.builtins.DATE, (value: string) => value);
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

const pool = new Pool({
  connectionString: process.env.OGI_DATABASE_URL,
  max: Number(process.env.OGI_BENCH_POOL_SIZE ?? 10),
});
const query = async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows;

const APPLICATION = `
  SELECT id, agency_id, case_number, workflow_id, applicant_name, applicant_type, channel, received_on,
         status, outcome, concluded_on, clock_started_on, supplement_due_on, reply_due_on,
         reply_due_provisional, paused, version, source, applicant_id_number, applicant_contact,
         submitted_at, receipt_evidence, information_sought, delivery_preference
    FROM applications WHERE id = $1`;
const EVENTS = `
  SELECT seq, type, business_date, actor, payload, occurred_at
    FROM application_events WHERE application_id = $1 ORDER BY seq`;
const TASKS_PAGE = `
  SELECT t.*, u.display_name AS assignee_name, a.case_number, a.applicant_name, a.status, a.reply_due_on::text,
         a.reply_due_provisional, a.paused,
         rc.kind AS review_case_kind, rc.filed_on::text AS review_case_filed_on, rc.body AS review_case_body
    FROM tasks t
    JOIN applications a ON a.id = t.application_id
    LEFT JOIN users u ON u.id = t.assignee_id
    LEFT JOIN review_cases rc ON rc.id = t.review_case_id
   WHERE t.agency_id = $1 AND t.state = 'open' AND t.role = ANY($2)
   ORDER BY a.paused, a.reply_due_on NULLS LAST, t.created_at
   LIMIT $3`;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://anchor');
  const application = /^\/applications\/([0-9a-f-]{36})$/.exec(url.pathname);
  const work = application
    ? (async () => {
        const id = application[1];
        const [[row], events, notices] = await Promise.all([
          query(APPLICATION, [id]),
          query(EVENTS, [id]),
          listNotices(query, id),
        ]);
        return row ? { status: 200, body: { ...row, events, notices } } : { status: 404, body: { id } };
      })()
    : url.pathname === '/tasks'
      ? (async () => {
          const items = await query(TASKS_PAGE, [
            url.searchParams.get('agencyId'),
            (url.searchParams.get('roles') ?? '').split(','),
            Number(url.searchParams.get('pageSize') ?? 50),
          ]);
          return { status: 200, body: { items } };
        })()
      : Promise.resolve({ status: 404, body: { path: url.pathname } });
  work.then(
    (r) => send(res, r.status, r.body),
    (err: unknown) => send(res, 500, { error: String(err) }),
  );
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.OGI_BENCH_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`[bare-http] ready on ${typeof address === 'object' && address ? address.port : '?'}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void pool.end();
  });
