import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { RolesGuard } from './roles.guard';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { AccountsService } from './accounts.service';
import { PasswordController } from './password.controller';
// Issue 10: safe defaults (throttling, idle sessions, demo accounts).
import { DemoAccounts } from './demo-accounts';
import { SecuritySweeper } from './security-sweeper.service';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle.service';

@Module({
  controllers: [AuthController, UsersController, PasswordController],
  providers: [
    AuthService,
    AccountsService,
    // Global guards run in this order: who asks (AuthGuard sets request.user), then what their roles allow.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    SessionsService,
    SignInThrottle,
    DemoAccounts,
    SecuritySweeper,
  ],
  exports: [AuthService],
})
export class AuthModule {}
