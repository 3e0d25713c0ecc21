/**
 * The legacy import part of `npm run bench` (also `node dist/scripts/bench-import.js` alone): 10,000
 * concluded past applications uploaded as an .xlsx file to the built API (its own process, on a database
 * of its own, `ogi_bench_import`, recreated each time), from the upload to the job's `done`, in rows per
 * second. Concluded rows need no Temporal (plain SQL batches); open rows start workflows and are timed
 * by tests/integration/legacy-import.test.ts. Figures only; nothing here passes or fails.
 */
import { performance } from 'node:perf_hooks';
import { Workbook } from 'exceljs';
import { Client } from 'pg';
import { APPLICANT_TYPES } from '../libs/domain/applicant';
import { RECEIPT_CHANNELS } from '../libs/domain/channel';
import { addDays } from '../libs/domain/dates';
import { OUTCOME_CODES } from '../libs/domain/outcome';
import { ROLES } from '../libs/domain/roles';
import { migrate, recreateDatabase } from '../platform/database/data-source';
import { waitFor } from '../platform/processes';
import { startBenchApi } from './bench-api';
import { ensureAgency, ensureStaffAccount } from '../platform/staff';

const ROWS = 10_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function benchLegacyImport(): Promise<void> {
  const url =
    process.env.OGI_BENCH_IMPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ogi_bench_import';
  console.log(`\nLegacy import (历史数据导入): ${ROWS.toLocaleString()} concluded rows as .xlsx (${url})`);
  await recreateDatabase(url);
  await migrate(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  const admin = { username: 'bench-import-admin', password: 'bench-password-1' };
  try {
    const agency = await ensureAgency(client, { code: 'bench-import', name: '基准测试导入机关' });
    await ensureStaffAccount(client, agency.id, { ...admin, displayName: '基准 管理员', roles: [...ROLES] });
  } finally {
    await client.end();
  }

  const wb = new Workbook();
  const ws = wb.addWorksheet('历史数据');
  ws.addRow(['案件编号', '申请人类型', '申请渠道', '收到申请日期', '办理结果', '办结日期']);
  for (let i = 0; i < ROWS; i++) {
    const receivedOn = addDays('2024-01-02', i % 700);
    ws.addRow([
      `2024-${String(i + 1).padStart(5, '0')}`,
      APPLICANT_TYPES[i % APPLICANT_TYPES.length],
      RECEIPT_CHANNELS[i % RECEIPT_CHANNELS.length],
      receivedOn,
      OUTCOME_CODES[i % OUTCOME_CODES.length],
      addDays(receivedOn, i % 30),
    ]);
  }
  const file = Buffer.from(await wb.xlsx.writeBuffer());

  const { process: api, port, logs } = await startBenchApi(url);
  try {
    const base = `http://127.0.0.1:${port}/api`;
    await waitFor('the API', async () => (await fetch(`${base}/health`)).status > 0, 60_000, 200);
    const signIn = await fetch(`${base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const { token } = (await signIn.json()) as { token: string };
    const t0 = performance.now();
    const res = await fetch(`${base}/imports?filename=bench.xlsx`, {
      method: 'POST',
      headers: { 'content-type': XLSX, authorization: `Bearer ${token}` },
      body: file,
    });
    const job = (await res.json()) as { id: string };
    if (res.status !== 202) throw new Error(`POST /imports → ${res.status}: ${JSON.stringify(job)}`);
    const validated = performance.now() - t0;
    let done: { status: string; imported: number } = { status: 'running', imported: 0 };
    await waitFor(
      'the import job',
      async () => {
        const r = await fetch(`${base}/imports/${job.id}`, { headers: { authorization: `Bearer ${token}` } });
        done = (await r.json()) as typeof done;
        return done.status === 'done';
      },
      300_000,
      100,
    );
    const ms = performance.now() - t0;
    console.log(
      `${'upload, read and validate (answered 202)'.padEnd(58)} ${validated.toFixed(0).padStart(9)} ms`,
    );
    console.log(
      `${`upload to done: ${done.imported.toLocaleString()} applications imported`.padEnd(58)} ${ms.toFixed(0).padStart(9)} ms  (${((ROWS / ms) * 1000).toFixed(0)} rows per second)`,
    );
  } catch (err) {
    console.log(logs.slice(-20).join('\n'));
    throw err;
  } finally {
    await api.stop(5000);
  }
}

if (require.main === module) {
  benchLegacyImport().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
