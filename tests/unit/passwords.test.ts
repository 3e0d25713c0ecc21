/**
 * Issue 10: scrypt at OWASP's N = 2^17, r = 8, p = 1; older hashes verify and are marked for rehash; at
 * most OGI_PASSWORD_HASH_CONCURRENCY hashes at once.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import {
  PasswordHashBusyError,
  SCRYPT_N,
  SCRYPT_P,
  SCRYPT_R,
  Semaphore,
  hashGate,
  hashPassword,
  needsRehash,
  scryptWork,
  verifyAgainstDummy,
  verifyPassword,
} from '../../platform/passwords';

/** A hash as the code before issue 10 made it (N = 32768). */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 64, { N: 32768, r: 8, p: 1, maxmem: 256 * 32768 * 8 });
  return ['scrypt', 32768, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('passwords', () => {
  it('hashes with N = 2^17, r = 8, p = 1 and verifies', async () => {
    const started = performance.now();
    const hash = await hashPassword('correct horse battery');
    const ms = performance.now() - started;
    process.stdout.write(`[passwords] one hash at N=2^17: ${ms.toFixed(0)} ms\n`);
    expect(SCRYPT_N).toBe(131072);
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('verifies a hash made with the old parameters and marks it for rehash', async () => {
    const old = legacyHash('old-password-1');
    expect(await verifyPassword('old-password-1', old)).toBe(true);
    expect(await verifyPassword('old-password-2', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    const upgraded = await hashPassword('old-password-1');
    expect(needsRehash(upgraded)).toBe(false);
    expect(await verifyPassword('old-password-1', upgraded)).toBe(true);
  });

  it('refuses malformed or outrageous stored parameters without computing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1000$8$1$c2FsdA==$aGFzaA==')).toBe(false); // N not a power of 2
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA==$aGFzaA==')).toBe(false); // 2^30: too big
    expect(needsRehash('plain-text')).toBe(true);
  });

  it('answers false for an unknown user after the same work', async () => {
    // The same work, not the same measured time: one scrypt with the current parameters, as for a real
    // user's wrong password (timing comparisons fail on a loaded machine).
    await verifyAgainstDummy('warm-up');
    const before = scryptWork.computed;
    expect(await verifyAgainstDummy('anything')).toBe(false);
    expect(scryptWork.computed - before).toBe(1);
    expect(scryptWork.last).toEqual({ N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P });
    const hash = await hashPassword('p');
    const again = scryptWork.computed;
    expect(await verifyPassword('q', hash)).toBe(false);
    expect(scryptWork.computed - again).toBe(1);
    expect(scryptWork.last).toEqual({ N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P });
  });

  it('computes at most the gate limit of hashes at once', async () => {
    let peak = 0;
    const probe = setInterval(() => (peak = Math.max(peak, hashGate.inUse)), 5);
    await Promise.all(Array.from({ length: 5 }, (_, i) => hashPassword(`p${i}`)));
    clearInterval(probe);
    expect(peak).toBeLessThanOrEqual(2);
    expect(hashGate.inUse).toBe(0);
  });

  it('a semaphore holds at most its limit and refuses past its queue', async () => {
    const gate = new Semaphore(1, 1);
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    const second = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toBeInstanceOf(PasswordHashBusyError);
    expect([gate.inUse, gate.queued]).toEqual([1, 1]);
    release();
    await first;
    expect(await second).toBe('second');
    expect([gate.inUse, gate.queued]).toEqual([0, 0]);
  });
});
