import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService } from './auth.service';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC, type StaffUser } from './auth.types';
import { ForbiddenError } from '../common/http-exception.filter';

/** Every endpoint needs a session token (`Authorization: Bearer …`) unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: StaffUser }>();
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const user = token ? await this.auth.authenticate(token) : null;
    if (!user) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: token ? '登录已失效，请重新登录' : '请先登录（Authorization: Bearer <token>）',
      });
    }
    request.user = user;
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      throw new ForbiddenError(
        'PASSWORD_CHANGE_REQUIRED',
        '密码已被管理员重置，请先修改密码（POST /api/auth/password）',
      );
    }
    return true;
  }
}
