/**
 * Issue 12: the API's session cache (apps/api/src/auth/session-cache.ts) never answers past the session's
 * validity or past a forgetting, records uses once per touch interval, and hands each request its own copy.
 * Times are given explicitly (no waiting).
 */
import { SessionCache } from '../../apps/api/src/auth/session-cache';
import type { StaffUser } from '../../apps/api/src/auth/auth.types';

const user = (id: string, roles: StaffUser['roles'] = ['handler']): StaffUser => ({
  id,
  agencyId: 'agency-1',
  username: `u-${id}`,
  displayName: `用户 ${id}`,
  roles,
  mustChangePassword: false,
  platformAdmin: false,
});

describe('session cache', () => {
  it('keeps an entry for the cache time at most, and never past the session’s validity', () => {
    const cache = new SessionCache(5000, 60_000);
    const now = Date.now();
    cache.put('a', user('1'), cache.epoch, now, { validForMs: 3_600_000, seenAgoMs: 0 });
    cache.put('b', user('2'), cache.epoch, now, { validForMs: 1000, seenAgoMs: 0 });
    expect(cache.get('a', now + 4999)?.user.id).toBe('1');
    expect(cache.get('a', now + 5000)).toBeNull();
    expect(cache.get('b', now + 999)?.user.id).toBe('2');
    expect(cache.get('b', now + 1000)).toBeNull();
    // A session the database says has already ended is not kept at all.
    cache.put('c', user('3'), cache.epoch, now - 10, { validForMs: 5, seenAgoMs: 0 });
    expect(cache.get('c', now)).toBeNull();
  });

  it('keeps nothing when turned off', () => {
    const cache = new SessionCache(0, 60_000);
    const now = Date.now();
    cache.put('a', user('1'), cache.epoch, now, { validForMs: 3_600_000, seenAgoMs: 0 });
    expect(cache.enabled).toBe(false);
    expect(cache.get('a', now)).toBeNull();
  });

  it('forgets a token, or every token of a user, at once', () => {
    const cache = new SessionCache(5000, 60_000);
    const now = Date.now();
    cache.put('a1', user('1'), cache.epoch, now, { validForMs: 60_000, seenAgoMs: 0 });
    cache.put('a2', user('1'), cache.epoch, now, { validForMs: 60_000, seenAgoMs: 0 });
    cache.put('b', user('2'), cache.epoch, now, { validForMs: 60_000, seenAgoMs: 0 });
    cache.forgetToken('b');
    expect(cache.get('b', now)).toBeNull();
    expect(cache.get('a1', now)).not.toBeNull();
    cache.forgetUser('1');
    expect(cache.get('a1', now)).toBeNull();
    expect(cache.get('a2', now)).toBeNull();
  });

  it('does not store what a lookup begun before a forgetting read', () => {
    const cache = new SessionCache(5000, 60_000);
    const now = Date.now();
    const epoch = cache.epoch; // the lookup is sent …
    cache.forgetUser('1'); // … the user is deactivated meanwhile …
    cache.put('a', user('1'), epoch, now, { validForMs: 60_000, seenAgoMs: 0 }); // … its answer arrives
    expect(cache.get('a', now)).toBeNull();
    cache.put('a', user('1'), cache.epoch, now, { validForMs: 60_000, seenAgoMs: 0 });
    expect(cache.get('a', now)).not.toBeNull();
  });

  it('asks for the use to be recorded once the recorded one is older than the touch interval', () => {
    const cache = new SessionCache(5000, 600);
    const now = Date.now();
    cache.put('a', user('1'), cache.epoch, now, { validForMs: 60_000, seenAgoMs: 100 });
    expect(cache.get('a', now + 400)?.touch).toBe(false); // recorded 500 ms before
    expect(cache.get('a', now + 500)?.touch).toBe(true); // 600 ms: record it …
    expect(cache.get('a', now + 600)?.touch).toBe(false); // … once
    expect(cache.get('a', now + 1099)?.touch).toBe(false);
    expect(cache.get('a', now + 1100)?.touch).toBe(true);
  });

  it('gives each request its own copy', () => {
    const cache = new SessionCache(5000, 60_000);
    const now = Date.now();
    const original = user('1', ['handler', 'registrar']);
    cache.put('a', original, cache.epoch, now, { validForMs: 60_000, seenAgoMs: 0 });
    original.roles.push('admin');
    const first = cache.get('a', now)!.user;
    first.roles.push('reviewer');
    first.displayName = '改过';
    expect(cache.get('a', now)!.user).toEqual(user('1', ['handler', 'registrar']));
    expect(cache.get('a', now)!.user).not.toBe(first);
  });
});
