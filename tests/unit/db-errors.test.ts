/** Which database errors the activities give up on at once (SQLSTATE classes 22 and 23) and which they retry. */
import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import {
  INVALID_RECORD,
  classifyDatabaseError,
  isUnfixableByRetry,
  sqlStateOf,
  withDatabaseErrors,
} from '../../activities/db-errors';

/** An error shaped as pg's DatabaseError: a message and a SQLSTATE in `code`. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

describe('database errors a retry cannot fix', () => {
  it.each([
    ['22P05', true], // untranslatable character (\u0000 in jsonb)
    ['22021', true], // invalid byte sequence for encoding
    ['22007', true], // invalid datetime format
    ['22008', true], // datetime field overflow
    ['22001', true], // string data right truncation
    ['23505', true], // unique violation
    ['23503', true], // foreign key violation
    ['23502', true], // not null violation
    ['23514', true], // check violation
    ['40001', false], // serialization failure
    ['40P01', false], // deadlock detected
    ['57P01', false], // admin shutdown
    ['08006', false], // connection failure
    ['53300', false], // too many connections
    ['42P01', false], // undefined table (a deployment problem: retried until fixed)
    ['P0001', false], // raise exception
  ])('SQLSTATE %s: unfixable by retry = %s', (code, unfixable) => {
    expect(isUnfixableByRetry(code)).toBe(unfixable);
    const err = pgError(code, 'boom');
    const thrown = classifyDatabaseError(err);
    if (unfixable) {
      expect(thrown).toBeInstanceOf(ApplicationFailure);
      expect(thrown).toMatchObject({ type: INVALID_RECORD, nonRetryable: true });
      expect((thrown as Error).message).toBe(`PostgreSQL refused the record (SQLSTATE ${code}): boom`);
    } else {
      expect(thrown).toBe(err);
    }
  });

  it('reads the SQLSTATE through TypeORM’s QueryFailedError', () => {
    const driverError = pgError('22P05', 'unsupported Unicode escape sequence');
    const wrapped = new QueryFailedError('INSERT …', [], driverError);
    expect(sqlStateOf(wrapped)).toBe('22P05');
    expect(sqlStateOf({ driverError: { code: '23505' } })).toBe('23505');
    const failure = classifyDatabaseError(wrapped) as ApplicationFailure;
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('SQLSTATE 22P05');
    expect(failure.message).toContain('unsupported Unicode escape sequence');
  });

  it('leaves errors without a SQLSTATE retryable', async () => {
    for (const err of [
      new Error('connect ECONNREFUSED 127.0.0.1:5432'),
      'text',
      null,
      { code: 'ECONNRESET' },
    ]) {
      expect(sqlStateOf(err)).toBeNull();
      expect(classifyDatabaseError(err)).toBe(err);
    }
    const econn = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    await expect(withDatabaseErrors(() => Promise.reject(econn))).rejects.toBe(econn);
    await expect(withDatabaseErrors(() => Promise.resolve(7))).resolves.toBe(7);
    await expect(
      withDatabaseErrors(() => Promise.reject(pgError('23505', 'duplicate key'))),
    ).rejects.toMatchObject({ type: INVALID_RECORD, nonRetryable: true });
  });
});
