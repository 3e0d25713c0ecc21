import { grantableRoles, rolesOutOfReach } from '../../libs/domain/accounts';
import type { Role } from '../../libs/domain/roles';

describe('who may hand out which role', () => {
  it('lets an admin grant the working roles and admin', () => {
    expect([...grantableRoles(['admin'])].sort()).toEqual(['admin', 'handler', 'registrar', 'reviewer']);
    expect(rolesOutOfReach(['admin'], ['admin', 'handler', 'registrar', 'reviewer'])).toEqual([]);
  });

  it('keeps a role the admin does not hold out of reach (a platform-level role, say)', () => {
    const platform = 'platform_operator' as Role;
    expect(rolesOutOfReach(['admin'], ['handler', platform])).toEqual([platform]);
    expect(rolesOutOfReach(['admin', platform], ['handler', platform])).toEqual([]);
  });

  it('does not let a non-admin grant admin', () => {
    expect(rolesOutOfReach(['reviewer'], ['admin'])).toEqual(['admin']);
  });
});
