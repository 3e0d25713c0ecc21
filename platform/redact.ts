/**
 * Redaction of what must never reach a log line, an error body or a stored error message: passwords in
 * connection strings (`postgres://user:secret@host` → `postgres://user:***@host`, `password=secret` in
 * key–value form), applicants' identity card numbers (居民身份证号码, 18 digits with a final digit or X,
 * or the old 15 digits) and password hashes (`scrypt$N$r$p$salt$hash`). Framework-free: the API's
 * loggers, TypeORM's logger, the worker's logger and the recorded activity errors all pass through it.
 */

/** What replaces an identity card number. */
export const REDACTED_ID_NUMBER = '[身份证号已隐去]';
/** What replaces a password hash. */
export const REDACTED_HASH = 'scrypt$[已隐去]';

// scheme://user:password@ — the password part, up to the last @ before the host.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]*)@/gi;
// password=… / pwd=… in key–value connection strings and option dumps (also "password": "…").
const KEY_VALUE_PASSWORD = /\b(password|passwd|pwd)(\s*["']?\s*[=:]\s*["']?)([^\s"',;&]+)/gi;
// 18-digit numbers ending in a digit or X, and 15-digit numbers, not inside a longer run of digits.
const ID_NUMBER_18 = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;
const ID_NUMBER_15 = /(?<![0-9])[0-9]{15}(?![0-9])/g;
const SCRYPT_HASH = /scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]*\$[A-Za-z0-9+/=]*/g;

/** The text with passwords, identity card numbers and password hashes replaced. */
export function redact(text: string): string {
  return text
    .replace(SCRYPT_HASH, REDACTED_HASH)
    .replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:***@`)
    .replace(KEY_VALUE_PASSWORD, (_m, key: string, sep: string) => `${key}${sep}***`)
    .replace(ID_NUMBER_18, REDACTED_ID_NUMBER)
    .replace(ID_NUMBER_15, REDACTED_ID_NUMBER);
}

/** A connection string as it may be shown: the password masked (`postgres://user:***@host/db`). */
export function maskUrl(url: string): string {
  return redact(url);
}

/** Any value as one redacted line of text (an Error with its stack, an object as JSON). */
export function redactValue(value: unknown): string {
  if (value instanceof Error) return redact(value.stack ?? `${value.name}: ${value.message}`);
  if (typeof value === 'string') return redact(value);
  try {
    return redact(JSON.stringify(value) ?? String(value));
  } catch {
    return redact(String(value));
  }
}
