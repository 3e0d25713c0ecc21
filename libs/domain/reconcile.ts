/**
 * Reconciliation of the event log (PostgreSQL `application_events`) with the workflow histories Temporal
 * still retains: each transition the workflow numbered and handed to the recording activity
 * (`recordTransition`) must be in the log with the same seq, type, business date, actor and payload, and
 * the log must hold nothing the retained histories do not.
 *
 * A pure comparison: the adapter (apps/worker/src/reconcile.ts) reads both sides.
 */

/** A transition as one side holds it. */
export interface TransitionFacts {
  seq: number;
  type: string;
  businessDate: string | null;
  actor: string | null;
  payload: unknown;
}

/** A transition from a retained history: the recordTransition activity scheduled for it. */
export interface HistoryTransition extends TransitionFacts {
  /** The run whose history holds it. */
  runId: string;
  /** True while its activity has not completed (in flight; the log may not have it yet). */
  pending?: boolean;
}

export const COMPARED_FIELDS = ['type', 'businessDate', 'actor', 'payload'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export type Difference =
  /** The history recorded a transition the log lacks. */
  | { kind: 'missing_in_database'; seq: number; type: string; runId: string }
  /** The log holds a transition no retained run recorded (only judged where the history is retained). */
  | { kind: 'missing_in_history'; seq: number; type: string }
  /** Both hold the seq, with different facts. */
  | {
      kind: 'different';
      seq: number;
      fields: ComparedField[];
      database: Partial<TransitionFacts>;
      history: Partial<TransitionFacts>;
      runId: string;
    };

export interface Comparison {
  differences: Difference[];
  /**
   * The history is retained only from a later run on (the first run, with seq 1, is gone): the log's
   * transitions before `firstRetainedSeq` cannot be checked and are not reported as missing.
   */
  historyPartlyRetained: boolean;
  firstRetainedSeq: number | null;
  /** Transitions compared on both sides. */
  compared: number;
  /** Transitions in flight (scheduled in the history, not completed, not yet in the log). */
  inFlight: number;
}

/** JSON with object keys sorted at every level (undefined members dropped), for comparing payloads. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function differingFields(db: TransitionFacts, history: TransitionFacts): ComparedField[] {
  const fields: ComparedField[] = [];
  if (db.type !== history.type) fields.push('type');
  if ((db.businessDate ?? null) !== (history.businessDate ?? null)) fields.push('businessDate');
  if ((db.actor ?? null) !== (history.actor ?? null)) fields.push('actor');
  if (canonicalJson(db.payload ?? null) !== canonicalJson(history.payload ?? null)) fields.push('payload');
  return fields;
}

/**
 * Compares an application's recorded events with the transitions of its retained workflow runs.
 *
 * - A seq in the history but not in the log is `missing_in_database` (unless its activity is still in
 *   flight). When several runs scheduled the same seq (a recording the database refused is numbered
 *   again), the last one given wins: pass them in history order.
 * - A seq in the log but in no retained run is `missing_in_history` — judged only from the first retained
 *   seq on when the first run is gone (`historyPartlyRetained`), and only up to `upToSeq` when given (the
 *   log may already hold transitions recorded after the history was read).
 * - A seq on both sides with different type, business date, actor or payload (canonical JSON) is
 *   `different`, naming the fields.
 */
export function compareTransitions(
  recorded: readonly TransitionFacts[],
  history: readonly HistoryTransition[],
  options: { upToSeq?: number | null } = {},
): Comparison {
  const fromHistory = new Map<number, HistoryTransition>();
  for (const t of history) fromHistory.set(t.seq, t);
  const fromDb = new Map<number, TransitionFacts>();
  for (const e of recorded) fromDb.set(e.seq, e);

  const seqs = [...fromHistory.keys()];
  const firstRetainedSeq = seqs.length ? Math.min(...seqs) : null;
  // Seq 1 (registered) is the first run's first act: without it, the start of the history is gone.
  const historyPartlyRetained = firstRetainedSeq !== 1;
  const differences: Difference[] = [];
  let compared = 0;
  let inFlight = 0;

  for (const seq of [...new Set([...fromHistory.keys(), ...fromDb.keys()])].sort((a, b) => a - b)) {
    const h = fromHistory.get(seq);
    const d = fromDb.get(seq);
    if (h && d) {
      compared += 1;
      const fields = differingFields(d, h);
      if (fields.length) {
        const pick = (t: TransitionFacts) =>
          Object.fromEntries(fields.map((f) => [f, t[f]])) as Partial<TransitionFacts>;
        differences.push({
          kind: 'different',
          seq,
          fields,
          database: pick(d),
          history: pick(h),
          runId: h.runId,
        });
      }
    } else if (h) {
      if (h.pending) inFlight += 1;
      else differences.push({ kind: 'missing_in_database', seq, type: h.type, runId: h.runId });
    } else if (d) {
      if (firstRetainedSeq === null || seq < firstRetainedSeq) continue;
      if (options.upToSeq !== undefined && options.upToSeq !== null && seq > options.upToSeq) continue;
      differences.push({ kind: 'missing_in_history', seq, type: d.type });
    }
  }
  return { differences, historyPartlyRetained, firstRetainedSeq, compared, inFlight };
}

/** One line per difference, for the command's report. */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case 'missing_in_database':
      return `seq ${d.seq} (${d.type}): missing_in_database — in the history of run ${d.runId}, not in application_events`;
    case 'missing_in_history':
      return `seq ${d.seq} (${d.type}): missing_in_history — in application_events, in no retained run`;
    case 'different':
      return `seq ${d.seq}: different ${d.fields.join(', ')} — database ${canonicalJson(d.database)} vs history ${canonicalJson(d.history)}`;
  }
}
