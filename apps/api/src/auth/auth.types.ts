import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Role } from '../../../../libs/domain/roles';

/** The signed-in staff member a request acts for. */
export interface StaffUser {
  id: string;
  agencyId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** A platform administrator (平台管理员, `users.platform_admin`): not an agency role. */
  platformAdmin: boolean;
}

export const IS_PUBLIC = 'ogi:isPublic';
/** Marks an endpoint that needs no sign-in (sign-in itself, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The signed-in user of the request (set by the AuthGuard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffUser => {
  return (ctx.switchToHttp().getRequest() as { user: StaffUser }).user;
});

/** How a user appears as the actor of a recorded transition. */
export function actorOf(user: StaffUser): string {
  return `${user.displayName}（${user.username}）`;
}
