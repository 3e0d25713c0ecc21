/** Issue 10: what never reaches a log line, an error body or a stored error. */
import { REDACTED_HASH, REDACTED_ID_NUMBER, maskUrl, redact, redactValue } from '../../platform/redact';
import { ConfigError, loadConfig } from '../../platform/config';

describe('redaction', () => {
  it('masks the password of a connection string, and key–value passwords', () => {
    expect(maskUrl('postgres://ogi:s3cr3t-Pa55@db.internal:5432/ogi_flow')).toBe(
      'postgres://ogi:***@db.internal:5432/ogi_flow',
    );
    expect(redact('connect failed: postgresql://u:p%40ss@h/db (timeout)')).toBe(
      'connect failed: postgresql://u:***@h/db (timeout)',
    );
    expect(redact('host=db user=ogi password=hunter22 dbname=x')).toBe(
      'host=db user=ogi password=*** dbname=x',
    );
    expect(redact('{"password":"hunter22","user":"a"}')).toBe('{"password":"***","user":"a"}');
    // No password, nothing to hide.
    expect(redact('postgres://postgres@127.0.0.1:5432/ogi_flow')).toBe(
      'postgres://postgres@127.0.0.1:5432/ogi_flow',
    );
    expect(redact('http://127.0.0.1:3000/api/health')).toBe('http://127.0.0.1:3000/api/health');
  });

  it('hides 18- and 15-digit identity card numbers, not other numbers', () => {
    expect(redact('申请人身份证号110101199003074512，电话13800138000')).toBe(
      `申请人身份证号${REDACTED_ID_NUMBER}，电话13800138000`,
    );
    expect(redact('id 11010119900307451X and 11010119900307451x')).toBe(
      `id ${REDACTED_ID_NUMBER} and ${REDACTED_ID_NUMBER}`,
    );
    expect(redact('old card 110101900307451 done')).toBe(`old card ${REDACTED_ID_NUMBER} done`);
    expect(redact('PARAMETERS: ["张三","110101199003074512",3]')).toBe(
      `PARAMETERS: ["张三","${REDACTED_ID_NUMBER}",3]`,
    );
    // Timestamps, case numbers, UUIDs and longer digit runs stay.
    const kept =
      'at 1764710000000, 〔2024〕第12号, 7107a807-a862-4c29-9bf3-0b939e72c43a, 12345678901234567890';
    expect(redact(kept)).toBe(kept);
  });

  it('hides password hashes', () => {
    const hash = 'scrypt$131072$8$1$tpQ3mB2x+/A9Zw==$AbCdEf0123456789+/abcdefABCDEF==';
    expect(redact(`duplicate key: (password_hash)=(${hash})`)).toBe(
      `duplicate key: (password_hash)=(${REDACTED_HASH})`,
    );
  });

  it('redacts errors with their stacks and any value', () => {
    const err = new Error('insert failed for 110101199003074512 via postgres://a:b@c/d');
    const text = redactValue(err);
    expect(text).toContain('Error: insert failed for');
    expect(text).not.toContain('110101199003074512');
    expect(text).not.toContain(':b@');
    expect(redactValue({ idNumber: '110101199003074512' })).toBe(`{"idNumber":"${REDACTED_ID_NUMBER}"}`);
  });

  it('never shows the database password in a configuration error', () => {
    let error: unknown;
    try {
      loadConfig({ OGI_DATABASE_URL: 'mysql://admin:TopSecret99@db/x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('OGI_DATABASE_URL="mysql://admin:***@db/x"');
    expect((error as Error).message).not.toContain('TopSecret99');
    expect(() => loadConfig({ OGI_DATABASE_URL: 'postgres://admin:TopSecret99@db' })).toThrow(
      'OGI_DATABASE_URL="postgres://admin:***@db" must name a database',
    );
  });

  it('reads the security settings with their defaults', () => {
    expect(loadConfig({}).security).toEqual({
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 20,
      signInWindowMinutes: 15,
      sessionIdleSeconds: 1800,
      sessionMaxHours: 12,
      sessionCacheSeconds: 5,
      trustProxy: false,
      passwordHashConcurrency: 2,
      demoAccounts: true,
      portalApplicationsPerDay: 20,
      portalApplicationsPerClientPerDay: 200,
    });
    expect(() => loadConfig({ OGI_PORTAL_APPLICATIONS_PER_DAY: '0' })).toThrow(
      'OGI_PORTAL_APPLICATIONS_PER_DAY',
    );
    expect(loadConfig({ OGI_TRUST_PROXY: 'true', OGI_DEMO_AGENCY: 'false' }).security).toMatchObject({
      trustProxy: true,
      demoAccounts: false,
    });
    expect(loadConfig({ OGI_TRUST_PROXY: '2' }).security.trustProxy).toBe(2);
    expect(loadConfig({ OGI_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).security.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(() => loadConfig({ OGI_TRUST_PROXY: 'everyone' })).toThrow('OGI_TRUST_PROXY="everyone"');
    expect(() => loadConfig({ OGI_SESSION_IDLE_SECONDS: '1' })).toThrow('OGI_SESSION_IDLE_SECONDS');
    expect(loadConfig({ OGI_SESSION_CACHE_SECONDS: '0' }).security.sessionCacheSeconds).toBe(0);
    expect(() => loadConfig({ OGI_SESSION_CACHE_SECONDS: '61' })).toThrow('OGI_SESSION_CACHE_SECONDS');
  });
});
