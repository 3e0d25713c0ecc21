import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Role } from '../../../../libs/domain/roles';

/** The signed-in staff member a request acts for. */
export interface StaffUser {
  id: string;
  agencyId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** After a password reset: every call but changing the password, /auth/me and sign-out is refused. */
  mustChangePassword?: boolean;
  /** A platform administrator (平台管理员, `users.platform_admin`): not an agency role. */
  platformAdmin: boolean;
}

export const IS_PUBLIC = 'ogi:isPublic';
/** Marks an endpoint that needs no sign-in (sign-in itself, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'ogi:allowedBeforePasswordChange';
/** Marks an endpoint a user who must change their password may still call (me, sign-out, the change). */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

/** The signed-in user of the request (set by the AuthGuard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffUser => {
  return (ctx.switchToHttp().getRequest() as { user: StaffUser }).user;
});

/** How a user appears as the actor of a recorded transition. */
export function actorOf(user: StaffUser): string {
  return `${user.displayName}（${user.username}）`;
}
