/** `npm run create-platform-admin`: its arguments (from the command line or the environment). */
import { parseArgs } from '../../scripts/create-platform-admin';

describe('create-platform-admin arguments', () => {
  it('takes the username and password from the arguments, or else from the environment', () => {
    expect(parseArgs(['--username', 'pingtai', '--password=0123456789ab'], {})).toEqual({
      username: 'pingtai',
      password: '0123456789ab',
      displayName: '平台管理员 pingtai',
      agencyCode: null,
      agencyName: null,
    });
    const fromEnv = parseArgs(['--agency', 'gov', '--display-name', '平台管理员 孙伟'], {
      OGI_PLATFORM_ADMIN_USERNAME: 'ops',
      OGI_PLATFORM_ADMIN_PASSWORD: 'a-long-password',
    });
    expect(fromEnv).toMatchObject({ username: 'ops', agencyCode: 'gov', displayName: '平台管理员 孙伟' });
  });

  it('names what is wrong', () => {
    expect(() => parseArgs(['--password', '0123456789ab'], {})).toThrow(/username/);
    expect(() => parseArgs(['--username', 'ops', '--password', 'short'], {})).toThrow(/password/);
    expect(() => parseArgs(['--username'], {})).toThrow(/--username needs a value/);
    expect(() => parseArgs(['--role', 'admin'], {})).toThrow(/unknown argument/);
  });
});
