/**
 * `npm run reconcile -- [--agency CODE] [--since YYYY-MM-DD] [--json]` (after a build, with the worker's
 * OGI_* environment): compares the event log with the Temporal histories still retained and lists every
 * application whose recorded events differ from its workflow's history. Exit code 0 when all agree, 1 when
 * some differ, 2 when the command could not run (bad arguments, configuration, a store unreachable).
 */
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { isIsoDate } from '../../../libs/domain/dates';
import { describeDifference } from '../../../libs/domain/reconcile';
import { ConfigError, loadConfig } from '../../../platform/config';
import { createDataSource } from '../../../platform/database/data-source';
import { temporalConnectionOptions } from '../../../platform/temporal';
import { type ReconcileResult, Reconciler } from './reconcile';

const USAGE = 'usage: npm run reconcile -- [--agency CODE] [--since YYYY-MM-DD] [--json]';

class UsageError extends Error {}

export interface CommandArgs {
  agencyCode: string | null;
  since: string | null;
  json: boolean;
}

export function parseArgs(argv: readonly string[]): CommandArgs {
  const args: CommandArgs = { agencyCode: null, since: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string): string => {
      const inline = a.startsWith(`${name}=`) ? a.slice(name.length + 1) : null;
      if (inline !== null) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (a === '--json') args.json = true;
    else if (a === '--agency' || a.startsWith('--agency=')) args.agencyCode = value('--agency');
    else if (a === '--since' || a.startsWith('--since=')) {
      args.since = value('--since');
      if (!isIsoDate(args.since))
        throw new UsageError(`--since must be a date YYYY-MM-DD, not "${args.since}"`);
    } else if (a === '--help' || a === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument "${a}"`);
  }
  return args;
}

function printText(result: ReconcileResult): void {
  for (const r of result.differing) {
    console.log(
      `[reconcile] DIFFERS ${r.caseNumber}  application ${r.applicationId}  workflow ${r.workflowId}`,
    );
    for (const d of r.differences) console.log(`[reconcile]   ${describeDifference(d)}`);
    if (r.historyPartlyRetained) {
      console.log(`[reconcile]   history_partly_retained: retained from seq ${r.firstRetainedSeq ?? '—'} on`);
    }
  }
  console.log(
    `[reconcile] ${result.total} applications: ${result.agree} agree, ${result.differ} differ, ` +
      `${result.notRetained} not_retained (no workflow history retained), ${result.notStarted} not started; ` +
      `${result.partlyRetained} with history_partly_retained, ${result.inFlight} transitions in flight`,
  );
}

async function main(): Promise<number> {
  let args: CommandArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) console.error(`[reconcile] ${err.message}`);
      console.error(USAGE);
      return 2;
    }
    throw err;
  }
  const config = loadConfig();
  const db = createDataSource(config.databaseUrl, 10);
  await db.initialize();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const reconciler = new Reconciler(db, new Client({ connection, namespace: config.temporal.namespace }));
    const started = Date.now();
    // Progress goes to stderr, so that --json leaves stdout to the result.
    const result = await reconciler.run({
      agencyCode: args.agencyCode,
      since: args.since,
      onProgress: (done, total) => {
        if (done % 1000 === 0 || done === total) console.error(`[reconcile] ${done} of ${total}`);
      },
    });
    if (args.json) {
      console.log(JSON.stringify({ ...result, elapsedMs: Date.now() - started }, null, 2));
    } else {
      printText(result);
    }
    return result.differ > 0 ? 1 : 0;
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(`[reconcile] ${err.message}`);
    else console.error('[reconcile] failed:', err);
    process.exit(2);
  },
);
