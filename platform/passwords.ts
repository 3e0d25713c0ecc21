/**
 * Password hashing with scrypt (memory-hard, slow by design), salted, parameters kept with the hash.
 *
 * Cost: OWASP's Password Storage Cheat Sheet
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html) recommends, where
 * Argon2id is not available, scrypt with a minimum CPU/memory cost parameter N = 2^17, block size r = 8
 * (1024 bytes) and parallelization p = 1 — hence N = 131072, r = 8, p = 1 below (before issue 10:
 * N = 32768). One such hash takes 128 · N · r = 128 MiB of memory and about half a second of one core
 * (README, "Security"), so at most `OGI_PASSWORD_HASH_CONCURRENCY` (default 2) are computed at once in a
 * process; the others wait their turn (a bounded queue, then 503).
 *
 * Stored hashes carry their own parameters (`scrypt$N$r$p$salt$hash`): an older, cheaper hash still
 * verifies, and `needsRehash` tells the sign-in to store a new hash with the current parameters.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_N = 131_072; // 2^17
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
const KEY_LENGTH = 64;
/** The highest N a stored hash may ask for (2^20, 1 GiB): a corrupted row must not exhaust memory. */
const MAX_N = 1_048_576;

/** Raised when more hash computations wait than the queue holds: the caller answers 503. */
export class PasswordHashBusyError extends Error {
  constructor() {
    super('too many password checks at once');
    this.name = 'PasswordHashBusyError';
  }
}

/** A counting semaphore with a bounded queue: at most `limit` holders, at most `maxQueue` waiting. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private limit: number,
    private readonly maxQueue: number,
  ) {}

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxQueue) throw new PasswordHashBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next)
        next(); // the slot passes to the next waiter
      else this.active -= 1;
    }
  }
}

/** The gate every scrypt computation of this process passes (OGI_PASSWORD_HASH_CONCURRENCY). */
export const hashGate = new Semaphore(2, 200);

/** Sets how many hashes this process computes at once (the API does it from its configuration). */
export function setHashConcurrency(limit: number): void {
  hashGate.setLimit(limit);
}

interface Params {
  N: number;
  r: number;
  p: number;
}

/** Enough for scrypt's working memory, 128 · r · (N + p + 2) bytes, with room to spare. */
function maxmem({ N, r, p }: Params): number {
  return 128 * r * (N + p + 2) + 1024 * 1024;
}

/** What this process has computed (for tests and metrics): hashes done and the last parameters used. */
export const scryptWork = { computed: 0, last: null as Params | null };

function scrypt(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: maxmem(params) };
  scryptWork.computed += 1;
  scryptWork.last = { N: params.N, r: params.r, p: params.p };
  return hashGate.run(
    () =>
      new Promise((resolve, reject) =>
        scryptCb(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

/** `scrypt$N$r$p$salt$hash`, base64 parts, with the current parameters. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P };
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): (Params & { salt: Buffer; hash: Buffer }) | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash) return null;
  const powerOfTwo = Number.isInteger(params.N) && params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > MAX_N) return null;
  if (!Number.isInteger(params.r) || params.r < 1 || params.r > 32) return null;
  if (!Number.isInteger(params.p) || params.p < 1 || params.p > 16) return null;
  return { ...params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True when the stored hash was made with other (older) parameters than hashPassword uses now. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N !== SCRYPT_N || parsed.r !== SCRYPT_R || parsed.p !== SCRYPT_P;
}

let dummy: Promise<string> | null = null;

/**
 * Checks the password against a hash of a random password with the current parameters, and answers
 * false: what a sign-in does for an unknown user, so that it takes as long as a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(18).toString('base64'));
  await verifyPassword(password, await dummy);
  return false;
}
