/**
 * Which database errors a retry cannot fix. PostgreSQL reports every error with a SQLSTATE; class 22
 * (data exception: an untranslatable character, an invalid byte sequence, a bad date…) and class 23
 * (integrity constraint violation) depend only on the data written, so the same activity input fails the
 * same way on every attempt. Those become a non-retryable ApplicationFailure of type `InvalidRecord`;
 * anything else (connection lost, serialization failure, deadlock, the server shutting down) stays
 * retryable.
 */
import { ApplicationFailure } from '@temporalio/common';
import { redact } from '../platform/redact';

export const INVALID_RECORD = 'InvalidRecord';

/** The SQLSTATE of a pg error (also when TypeORM wraps it in a QueryFailedError), or null. */
export function sqlStateOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  for (const code of [e.code, e.driverError?.code]) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** True for SQLSTATE classes 22 and 23: the data is wrong, retrying writes the same wrong data. */
export function isUnfixableByRetry(sqlState: string | null): boolean {
  return sqlState !== null && (sqlState.startsWith('22') || sqlState.startsWith('23'));
}

/** The error an activity should throw for `err`: a non-retryable InvalidRecord failure, or `err` itself. */
export function classifyDatabaseError(err: unknown): unknown {
  const state = sqlStateOf(err);
  if (!isUnfixableByRetry(state)) return err;
  const message = redact(err instanceof Error ? err.message : String(err)); // issue 10: no ID number
  return ApplicationFailure.create({
    type: INVALID_RECORD,
    message: `PostgreSQL refused the record (SQLSTATE ${state}): ${message}`,
    nonRetryable: true,
    details: [{ sqlState: state }],
    cause: err instanceof Error ? err : undefined,
  });
}

/** Runs the work, turning database errors that retrying cannot fix into non-retryable failures. */
export async function withDatabaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw classifyDatabaseError(err);
  }
}
