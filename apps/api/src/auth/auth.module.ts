import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { AccountsService } from './accounts.service';
import { PasswordController } from './password.controller';

@Module({
  controllers: [AuthController, UsersController, PasswordController],
  providers: [AuthService, AccountsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
